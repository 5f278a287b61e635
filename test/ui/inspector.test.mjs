// A person opens a .safetensors file from the explorer and reads the weights inspector: a bundled page under a
// strict CSP (no inline script), every number in the shared format, the same σ_max the CLI prints, the table
// back after a window reload. Screenshots land in test-results/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { openWorkbench, runCommandFromPalette, screenshot, webviewFrame, reportFailure } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };
const FOLDER = join('test', 'fixtures', 'formats', 'model');
const FILE = 'torch-rnn.safetensors';
/** numpy's statistics of the fixture (scripts/fixtures/formats.py). */
const reference = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'formats', 'expected.json'), 'utf8'))
  .statistics[`model/${FILE}`];

/** 4 significant digits without trailing zeros, for values between 1e-4 and 1e4 (all of this fixture's). */
function fourDigits(x) {
  assert.ok(x === 0 || (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e4), `${x} is outside the plain range`);
  return String(Number(x.toPrecision(4)));
}

async function openInspector(page) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().click();
  const frame = webviewFrame(page);
  // Drawn with statistics: the recurrent row's σ_max cell holds a number.
  await frame.locator('tr.recurrent td', { hasText: /^\d/ }).first().waitFor({ timeout: TIMEOUT });
  await frame.locator('td.pending').first().waitFor({ state: 'detached', timeout: TIMEOUT });
  return frame;
}

/** The table as text: header cells and, by tensor name, each tensor row's cells keyed by header. */
async function readTable(frame) {
  const columns = await frame.locator('thead th').allInnerTexts();
  // Tensor rows by the tensor they stand for (the name cell shows the last part of the name, under its group).
  const rows = await frame
    .locator('tbody tr[data-tensor]')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.tensor, Array.from(tr.querySelectorAll('td'), (td) => td.textContent)]),
    );
  return {
    columns,
    byName: new Map(rows.map(([name, cells]) => [name, Object.fromEntries(columns.map((c, i) => [c, cells[i]]))])),
  };
}

test(
  'the weights inspector: a bundled page under a strict CSP, numbers in the shared format, restored after a reload',
  { timeout: 300_000 },
  async () => {
    const { page, logs, close } = await openWorkbench({ folder: FOLDER, theme: 'dark', settings: SETTINGS });
    try {
      const frame = await openInspector(page);

      // No inline code: the page's one script is the nonce'd bundle (VS Code adds its own acquireVsCodeApi script and
      // default styles to every webview), and the CSP does not allow inline scripts or styles.
      const scripts = await frame
        .locator('script')
        .evaluateAll((all) =>
          all.map((s) => ({ src: s.getAttribute('src') ?? '', nonce: s.nonce, text: s.textContent.trim() })),
        );
      const ours = scripts.filter((s) => !s.text.startsWith('globalThis.acquireVsCodeApi'));
      assert.equal(ours.length, 1, JSON.stringify(ours));
      assert.match(ours[0].src, /\/dist\/inspector\.js$/);
      assert.ok(ours[0].nonce && ours[0].text === '', JSON.stringify(ours));
      assert.equal(await frame.locator('style:not(#_defaultStyles)').count(), 0, 'no inline <style>');
      const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /script-src 'nonce-[^']+'(;|$)/);
      assert.match(csp, /default-src 'none'/);

      // Numbers: numpy's statistics in the one format, and the σ_max the CLI prints for the same file.
      const { columns, byName } = await readTable(frame);
      assert.deepEqual(columns, ['name', 'shape', 'dtype', 'min', 'max', 'mean', 'std', '‖·‖F', 'ρ', 'σmax', 'role']);
      assert.equal(byName.size, Object.keys(reference).length);
      for (const [name, want] of Object.entries(reference)) {
        const row = byName.get(name);
        assert.ok(row, `${name} is in the table`);
        for (const [key, column] of [
          ['min', 'min'],
          ['max', 'max'],
          ['mean', 'mean'],
          ['std', 'std'],
          ['frobenius', '‖·‖F'],
          ['spectralRadius', 'ρ'],
          ['sigmaMax', 'σmax'],
        ]) {
          assert.equal(row[column], want[key] === undefined ? '' : fourDigits(want[key]), `${name} ${column}`);
        }
      }
      const cli = spawnSync(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'analyze', join(repoRoot, FOLDER, FILE)],
        { encoding: 'utf8' },
      );
      assert.equal(cli.status, 0, cli.stderr);
      const cliSigma = /σ_max = (\S+)/.exec(cli.stdout)?.[1];
      assert.equal(byName.get('rnn.weight_hh_l0')['σmax'], cliSigma, cli.stdout);
      console.log(
        `  σ_max ${cliSigma} in the inspector and the CLI (numpy: ${reference['rnn.weight_hh_l0'].sigmaMax})`,
      );
      console.log(`  screenshot: ${await screenshot(page, 'inspector-safetensors-dark')}`);

      // A window reload brings the table back (the page's saved state, then the host's fresh one).
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = webviewFrame(page);
      await restored.locator('tr.recurrent td', { hasText: /^\d/ }).first().waitFor({ timeout: TIMEOUT });
      const after = await readTable(restored);
      assert.equal(after.byName.get('rnn.weight_hh_l0')['σmax'], cliSigma);
      console.log(`  screenshot: ${await screenshot(page, 'inspector-safetensors-restored')}`);
    } catch (error) {
      await reportFailure(page, 'failed-inspector', logs, /error|rnn|inspector/i);
      throw error;
    } finally {
      await close();
    }
  },
);
