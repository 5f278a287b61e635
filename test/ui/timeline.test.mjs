// The training timeline in VS Code, as a person uses it while a model trains: "RNN: Gradient health over
// training" on a folder of checkpoints shows every checkpoint with the numbers the CLI's `timeline --json` gives
// (the CLI's are checked against torch/numpy by the unit tests); checkpoints copied in one by one are appended
// live; a checkpoint written slowly in chunks is never shown as unreadable and is analysed once whole; a click on
// a row opens that checkpoint's analysis.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { pickFile } from './analyze-steps.mjs';
import { openWorkbench, reportFailure, runCommandFromPalette, screenshot, webviewFrame } from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };
const SOURCE = join(repoRoot, 'test', 'fixtures', 'timeline', 'rnn-lightning');
const NAMES = [
  'epoch=0-step=20.ckpt',
  'epoch=1-step=40.ckpt',
  'epoch=2-step=60.ckpt',
  'epoch=3-step=80.ckpt',
  'epoch=4-step=100.ckpt',
  'epoch=5-step=120.ckpt',
];

function cliTimeline(folder, more = []) {
  const out = execFileSync(
    process.execPath,
    [join(repoRoot, 'dist', 'cli.js'), 'timeline', '--json', '--no-cache', ...more, folder],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out);
}

/** The table's rows as a person reads them: cell texts. */
async function tableRows(frame) {
  return frame
    .locator('#entries tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => ({ className: r.className, cells: [...r.cells].map((c) => c.innerText.trim()) })),
    );
}

/** 4 significant digits, as the panel (and the CLI's table) shows numbers. */
function shown(x) {
  return Number(x.replace(/−/g, '-'));
}

function assertRowsMatch(rows, reference) {
  assert.equal(rows.length, reference.entries.length, 'one row per checkpoint');
  reference.entries.forEach((entry, i) => {
    const [, name, epoch, step, rho, sigma, gammaSigma, regime, horizon, gradient] = rows[i].cells;
    const l = entry.layers[0];
    assert.ok(name.endsWith(entry.file.split('/').pop()), `row ${i + 1}: ${name} is ${entry.file}`);
    assert.equal(Number(epoch), entry.epoch);
    assert.equal(Number(step), entry.globalStep);
    for (const [text, exact, what] of [
      [rho, l.rho, 'ρ'],
      [sigma, l.sigmaMax, 'σ_max'],
      [gammaSigma, l.gammaSigmaMax, 'γσ_max'],
      [gradient, l.gradientNorm, '‖∂E/∂W_hh‖'],
    ])
      assert.ok(Math.abs(shown(text) - exact) <= 5e-4 * Math.abs(exact), `row ${i + 1} ${what}: ${text} vs ${exact}`);
    assert.equal(regime, l.regime);
    assert.equal(horizon, `${l.horizon}${l.horizonReachesEnd ? '+' : ''}`);
  });
}

/** The webview whose page shows `selector` (the timeline's stays loaded behind the analysis's tab). */
async function frameWith(page, selector) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let index = 0; index < count; index++) {
      const frame = webviewFrame(page, { index });
      if (
        await frame
          .locator(selector)
          .isVisible()
          .catch(() => false)
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(500);
  }
}

/** What a timeline page's status line says, for a failure's report (none when no page shows one). */
async function panelStatus(page) {
  const count = await page.locator('iframe.webview.ready').count();
  for (let index = 0; index < count; index++) {
    const status = webviewFrame(page, { index }).locator('#status');
    const text = await status.innerText({ timeout: 2000 }).catch(() => undefined);
    if (text !== undefined) return text;
  }
  return '(no timeline page)';
}

async function waitForRows(frame, count) {
  await frame
    .locator('#entries tbody tr:not(.pending)')
    .nth(count - 1)
    .waitFor({ timeout: TIMEOUT });
  await frame
    .locator('#entries tbody tr:not(.pending)')
    .nth(count)
    .waitFor({ state: 'detached', timeout: 1000 })
    .catch(() => {});
}

test(
  'Gradient health over training: the numbers of the CLI, checkpoints appended live, a slow write never corrupt, a click opens the analysis',
  { timeout: 480_000 },
  async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'rnn-timeline-ui-'));
    const run = join(workspace, 'run');
    mkdirSync(run);
    for (const name of NAMES.slice(0, 3)) copyFileSync(join(SOURCE, name), join(run, name));
    const { page, close, logs } = await openWorkbench({
      folder: workspace,
      theme: 'dark',
      width: 1500,
      height: 1100,
      settings: SETTINGS,
    });
    try {
      await runCommandFromPalette(page, 'Gradient health over training', { timeout: 90_000 });
      await pickFile(page, 'run');
      const frame = webviewFrame(page);
      await waitForRows(frame, 3);
      await frame.locator('figure[data-chart="spectrum"] canvas').waitFor({ timeout: TIMEOUT });
      // The rows are drawn as they arrive; the whole timeline (its order, its status) follows.
      await frame.locator('#status', { hasText: 'watching the folder' }).waitFor({ timeout: TIMEOUT });
      assertRowsMatch(await tableRows(frame), cliTimeline(run));
      const status = await frame.locator('#status').innerText();
      assert.match(status, /3 checkpoints, in the order of the checkpoints' global step; watching/);

      // Checkpoints arrive as a training run writes them: each is appended, in its place.
      for (const count of [4, 5]) {
        copyFileSync(join(SOURCE, NAMES[count - 1]), join(run, NAMES[count - 1]));
        await waitForRows(frame, count);
      }
      assertRowsMatch(await tableRows(frame), cliTimeline(run));

      // The last one written slowly, in chunks with pauses: never reported as unreadable on the way.
      const bytes = readFileSync(join(SOURCE, NAMES[5]));
      const fd = openSync(join(run, NAMES[5]), 'w');
      const chunks = 6;
      const seenWhileWriting = [];
      for (let c = 0; c < chunks; c++) {
        writeSync(
          fd,
          bytes,
          Math.floor((c * bytes.length) / chunks),
          Math.floor(((c + 1) * bytes.length) / chunks) - Math.floor((c * bytes.length) / chunks),
        );
        await page.waitForTimeout(1500);
        seenWhileWriting.push(...(await tableRows(frame)));
      }
      closeSync(fd);
      const unreadable = seenWhileWriting.filter((r) => r.className.includes('unreadable'));
      assert.deepEqual(unreadable, [], 'no row was shown as unreadable while the file was being written');
      assert.ok(
        seenWhileWriting.some((r) => r.className.includes('pending')),
        'the file being written was shown as such',
      );
      await waitForRows(frame, 6);
      await frame.locator('#entries tbody tr.pending').waitFor({ state: 'detached', timeout: TIMEOUT });
      const reference = cliTimeline(run);
      assertRowsMatch(await tableRows(frame), reference);
      console.log(`  ${await frame.locator('#status').innerText()}`);
      console.log(`  screenshot: ${await screenshot(page, 'timeline-dark')}`);

      // λ₁ of the long run for every checkpoint: the CLI's `timeline --lyapunov` numbers.
      await frame.locator('#lyapunov').click();
      await frame.locator('figure[data-chart="lambda1"] canvas').waitFor({ timeout: TIMEOUT });
      const withLambda = cliTimeline(run, ['--lyapunov']);
      await frame.locator('#entries thead th', { hasText: 'λ₁' }).waitFor({ timeout: TIMEOUT });
      const lambdaRows = await tableRows(frame);
      withLambda.entries.forEach((entry, i) => {
        const text = lambdaRows[i].cells.at(-1);
        const exact = entry.layers[0].lambda1;
        assert.ok(Math.abs(shown(text) - exact) <= 5e-4 * Math.abs(exact), `row ${i + 1} λ₁: ${text} vs ${exact}`);
      });
      console.log(`  screenshot: ${await screenshot(page, 'timeline-lambda1')}`);

      // A window reload brings the panel back on the same folder, λ₁ still on, from the cache.
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = await frameWith(page, '#entries');
      await restored.locator('figure[data-chart="lambda1"] canvas').waitFor({ timeout: TIMEOUT });
      await restored.locator('#status', { hasText: 'from the cache' }).waitFor({ timeout: TIMEOUT });
      assertRowsMatch(await tableRows(restored), reference);
      console.log(`  ${await restored.locator('#status').innerText()}`);

      // A click on the chart near its last point opens that checkpoint's analysis.
      const horizonChart = restored.locator('figure[data-chart="horizon"] canvas');
      const box = await horizonChart.boundingBox();
      await horizonChart.click({ position: { x: box.width - 12, y: box.height / 2 } });
      await page.locator('.tab', { hasText: 'RNN gradients: epoch=5-step=120.ckpt' }).waitFor({ timeout: TIMEOUT });
      await page.locator('.tab', { hasText: 'Gradient health: run' }).click();

      // A click on a checkpoint's name opens its analysis, with the same probe: the same horizon.
      await restored.locator('#entries tbody tr', { hasText: 'epoch=3-step=80' }).locator('button.link').click();
      await page.locator('.tab', { hasText: 'RNN gradients: epoch=3-step=80.ckpt' }).waitFor({ timeout: TIMEOUT });
      const analysis = await frameWith(page, '#verdict');
      const expected = reference.entries.find((e) => e.file.endsWith('epoch=3-step=80.ckpt')).layers[0];
      const horizon = await analysis
        .locator('.facts dt', { hasText: /^horizon$/ })
        .evaluate((dt) => dt.nextElementSibling.innerText);
      assert.equal(horizon, `${expected.horizon} steps`);
      console.log(`  screenshot: ${await screenshot(page, 'timeline-click-analysis')}`);
    } catch (error) {
      console.log(`  the panel said: ${await panelStatus(page)}`);
      await reportFailure(page, 'timeline-failure', logs);
      throw error;
    } finally {
      await close();
    }
  },
);

test(
  "a folder's context menu opens the timeline of an LSTM's checkpoints: gate charts, the CLI's numbers (light theme)",
  { timeout: 300_000 },
  async () => {
    const { page, close, logs } = await openWorkbench({
      folder: 'examples/timeline',
      theme: 'light',
      width: 1500,
      height: 1200,
      settings: SETTINGS,
    });
    try {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lstm-state-dicts' }).first();
      await row.waitFor({ timeout: TIMEOUT });
      // The menu entry appears once the extension has registered: try again until it does. A click that lands
      // while the menu is still settling can be lost (the menu stays open, nothing opens): a person clicks again.
      const menu = page.locator('.context-view .monaco-menu');
      const entry = menu.locator('.action-label', { hasText: 'Gradient health over training' });
      const tab = page.locator('.tabs-container .tab', { hasText: 'Gradient health: lstm-state-dicts' });
      for (let attempt = 0; ; attempt++) {
        if (!(await entry.isVisible())) {
          await row.click({ button: 'right' });
          await menu.waitFor({ timeout: TIMEOUT });
        }
        if (await entry.isVisible()) {
          await entry.click();
          if (
            await tab.waitFor({ timeout: 10_000 }).then(
              () => true,
              () => false,
            )
          )
            break;
        } else {
          await page.keyboard.press('Escape');
          await page.waitForTimeout(1000);
        }
        if (attempt > 20) throw new Error('"Gradient health over training" in the folder menu opened no timeline');
      }
      const frame = webviewFrame(page);
      await waitForRows(frame, 6);
      await frame.locator('figure[data-chart="gate"] canvas').waitFor({ timeout: TIMEOUT });
      await frame.locator('#status', { hasText: 'watching the folder' }).waitFor({ timeout: TIMEOUT });
      const reference = cliTimeline(join(repoRoot, 'examples', 'timeline', 'lstm-state-dicts'));
      const rows = await tableRows(frame);
      assert.equal(rows.length, reference.entries.length);
      reference.entries.forEach((e, i) => {
        const cells = rows[i].cells;
        const l = e.layers[0];
        assert.ok(cells[1].endsWith(e.file.split('/').pop()), `${cells[1]} is ${e.file}`);
        for (const [text, exact, what] of [
          [cells[4], l.rho, 'ρ'],
          [cells[9], l.gradientNorm, '‖∂E/∂W_hh‖'],
          [cells[10], l.meanGate, 'mean gate'],
          [cells[11], l.medianTimescale, 'median τ'],
        ])
          assert.ok(
            Math.abs(shown(text) - exact) <= 5e-4 * Math.abs(exact),
            `row ${i + 1} ${what}: ${text} vs ${exact}`,
          );
        assert.equal(cells[8], `${l.horizon}${l.horizonReachesEnd ? '+' : ''}`);
      });
      assert.match(await frame.locator('#status').innerText(), /in the order of the numbers in the file names/);
      assert.match(await frame.locator('figure[data-chart="spectrum"] figcaption').innerText(), /origin/);
      console.log(`  screenshot: ${await screenshot(page, 'timeline-lstm-light')}`);
    } catch (error) {
      console.log(`  the panel said: ${await panelStatus(page)}`);
      await reportFailure(page, 'timeline-lstm-failure', logs);
      throw error;
    } finally {
      await close();
    }
  },
);
