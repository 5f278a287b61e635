// A person opens a PyTorch checkpoint (a Lightning .ckpt written by torch.save) from the explorer: the weights
// inspector is its editor, lists the state_dict's tensors where they sit, and gives W_hh's σ_max as the CLI does.
// Then the tree of another checkpoint: the nested path of a tensor, the metadata and a placeholder as nodes, worked
// with the keyboard, and the nodes closed still closed after a window reload.
// Screenshots: inspector-checkpoint-dark.png, inspector-checkpoint-tree.png, inspector-checkpoint-tree-restored.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { openWorkbench, reportFailure, runCommandFromPalette, screenshot, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };
const FILE = 'pytorch_lightning.ckpt';
const RECURRENT = 'state_dict.model.rnn.weight_hh_l0';

function cliSigmaMax() {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'dist', 'cli.js'), 'analyze', join('examples', FILE), '--json'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).spectrum.sigmaMax;
}

test(
  'a Lightning checkpoint opens in the weights inspector with its tensors and σ_max',
  { timeout: 300_000 },
  async () => {
    const { page, logs, close } = await openWorkbench({ folder: 'examples', theme: 'dark', settings: SETTINGS });
    try {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().click();
      const frame = webviewFrame(page);
      await frame.locator('tr.recurrent td', { hasText: /^\d/ }).first().waitFor({ timeout: TIMEOUT });
      await frame.locator('td.pending').first().waitFor({ state: 'detached', timeout: TIMEOUT });
      const rows = await frame
        .locator('tbody tr[data-tensor]')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.dataset.tensor, ...Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())]),
        );
      const names = rows.map((cells) => cells[0]);
      assert.ok(names.includes(RECURRENT), `rows: ${names.join(', ')}`);
      const columns = ['', ...(await frame.locator('thead th').allInnerTexts())];
      const row = rows.find((cells) => cells[0] === RECURRENT);
      const sigma = row[columns.findIndex((c) => /σ/.test(c) && /max/.test(c))];
      assert.equal(Number(sigma), Number(cliSigmaMax().toPrecision(4)), `σ_max cell ${sigma}`);
      // What the checkpoint says about itself, as scripts/fixtures/pytorch-examples.py wrote it.
      const details = await frame.locator('#details').innerText();
      assert.match(details, /epoch 7/);
      assert.match(details, /global step 1[, ]?400/);
      assert.match(details, /weights under state_dict/);
      assert.match(details, /hidden_size = 32, num_layers = 2, lr = 0\.001/);
      const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
      assert.equal(tabs.length, 1, `tabs: ${JSON.stringify(tabs)}`);
      assert.match(tabs[0].replace(/\s+/g, ''), /pytorch_lightning\.ckpt/);
      console.log(`  screenshot: ${await screenshot(page, 'inspector-checkpoint-dark')}`);
    } catch (error) {
      await reportFailure(page, 'failed-inspector-checkpoint', logs);
      throw error;
    } finally {
      await close();
    }
  },
);

/** The tree's rows as the page draws them: level, label, the text beside it, open or not, shown or not. */
async function readTree(frame) {
  return frame.locator('tbody tr[data-id]').evaluateAll((trs) =>
    trs.map((tr) => ({
      id: tr.dataset.id,
      tensor: tr.dataset.tensor ?? '',
      level: Number(tr.getAttribute('aria-level')),
      expanded: tr.getAttribute('aria-expanded'),
      hidden: tr.hidden,
      label: tr.querySelector('td.name .label')?.textContent ?? '',
      text: Array.from(tr.querySelectorAll('td'))
        .slice(1)
        .map((td) => td.textContent.trim())
        .join(' '),
    })),
  );
}

/** The labels from the root down to a row. */
function pathTo(rows, row) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = [];
  for (let id = row.id; id !== undefined; id = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : undefined)
    path.unshift(byId.get(id).label);
  return path;
}

test(
  "a checkpoint's tree: where a tensor sits, the metadata and a placeholder, by keyboard, kept after a reload",
  { timeout: 300_000 },
  async () => {
    const folder = join('test', 'fixtures', 'pytorch');
    const file = 'lightning-attribute-dict.ckpt';
    const { page, logs, close } = await openWorkbench({ folder, theme: 'dark', settings: SETTINGS });
    try {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().click();
      const frame = webviewFrame(page);
      await frame.locator('tr.recurrent td', { hasText: /^\d/ }).first().waitFor({ timeout: TIMEOUT });
      await frame.locator('td.pending').first().waitFor({ state: 'detached', timeout: TIMEOUT });
      const rows = await readTree(frame);
      // Where torch.load finds it (scripts/fixtures/tree-paths.py): checkpoint['state_dict']['rnn.weight_hh_l0'].
      const whh = rows.find((r) => r.tensor === 'state_dict.rnn.weight_hh_l0');
      assert.ok(whh && !whh.hidden, 'W_hh is shown');
      assert.deepEqual(pathTo(rows, whh), ['state_dict', 'rnn', 'weight_hh_l0']);
      assert.match(whh.text, /^3×3 F32 /);
      // The metadata scripts/fixtures/pytorch.py wrote: epoch 2, learning rate 0.02.
      const metadata = rows.find((r) => r.level === 1 && r.label === 'checkpoint metadata');
      assert.equal(metadata?.expanded, 'true');
      const fact = (label) => rows.find((r) => r.id.startsWith(`${metadata.id}/`) && r.label === label);
      assert.equal(fact('epoch')?.text, '2');
      assert.match(fact('learning rate')?.text ?? '', /^0\.02 \(from hyper_parameters\.lr\)/);
      // The AttributeDict class is not allowed: a placeholder node, said not to have run.
      const placeholder = rows.find((r) => r.label === 'hyper_parameters' && r.level === 1);
      assert.match(placeholder?.text ?? '', /__main__\.AttributeDict · placeholder: not executed/);
      const listed = rows.find((r) => r.level === 1 && r.label === 'kept as data, never executed');
      assert.ok(listed, 'the placeholders section');
      console.log(`  screenshot: ${await screenshot(page, 'inspector-checkpoint-tree')}`);

      // The keyboard: focus the state_dict row, close it with ←, and its tensors are hidden.
      const stateDict = rows.find((r) => r.level === 1 && r.label === 'state_dict');
      await frame.locator(`tr[data-id="${stateDict.id}"]`).focus();
      await page.keyboard.press('ArrowLeft');
      await frame.locator(`tr[data-id="${stateDict.id}"][aria-expanded="false"]`).waitFor({ timeout: TIMEOUT });
      let now = await readTree(frame);
      assert.ok(now.find((r) => r.id === whh.id).hidden, 'W_hh is hidden under the closed state_dict');
      // ↓ moves to the next row shown (the one after state_dict's subtree), → on a closed node opens it.
      await page.keyboard.press('ArrowUp');
      const focused = await frame.locator('tr[data-id]:focus').getAttribute('data-id');
      assert.notEqual(focused, stateDict.id);
      await page.keyboard.press('ArrowDown');
      assert.equal(await frame.locator('tr[data-id]:focus').getAttribute('data-id'), stateDict.id);

      // A window reload: the page's saved state draws the tree with state_dict still closed.
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = webviewFrame(page);
      await restored
        .locator('tr.recurrent td', { hasText: /^\d/ })
        .first()
        .waitFor({ timeout: TIMEOUT, state: 'attached' });
      await restored.locator('td.pending').first().waitFor({ state: 'detached', timeout: TIMEOUT });
      now = await readTree(restored);
      assert.equal(now.find((r) => r.id === stateDict.id)?.expanded, 'false', 'state_dict is still closed');
      assert.ok(now.find((r) => r.id === whh.id).hidden);
      console.log(`  screenshot: ${await screenshot(page, 'inspector-checkpoint-tree-restored')}`);
    } catch (error) {
      await reportFailure(page, 'failed-inspector-checkpoint-tree', logs);
      throw error;
    } finally {
      await close();
    }
  },
);
