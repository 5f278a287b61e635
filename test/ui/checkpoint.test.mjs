// A person opens a PyTorch checkpoint (a Lightning .ckpt written by torch.save) from the explorer: the weights
// inspector is its editor, lists the state_dict's tensors where they sit, and gives W_hh's σ_max as the CLI does.
// Screenshot: inspector-checkpoint-dark.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { openWorkbench, reportFailure, screenshot, webviewFrame } from './workbench.mjs';

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
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
      const names = rows.map((cells) => cells[0]);
      assert.ok(names.includes(RECURRENT), `rows: ${names.join(', ')}`);
      const columns = await frame.locator('thead th').allInnerTexts();
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
