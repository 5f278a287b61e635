// LSTM and GRU in the analysis panel. First the panel's page alone in Chromium, fed an LSTM result that follows
// the analysis contract (src/core/analysis/types.ts), so the gated charts are checked whatever the analysis does;
// then a person in VS Code analysing examples/lstm_cell_path.pt and lstm_forget_closed.json (the real analysis).
// Screenshots land in test-results/screenshots/gated-*.png.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { launchBrowser } from '../../scripts/vscode/browser.mjs';
import { repoRoot } from '../../scripts/vscode/paths.mjs';
import { pickFile, runAnalyzeFromPalette } from './analyze-steps.mjs';
import {
  openWorkbench,
  reportFailure,
  runCommandFromPalette,
  screenshot,
  screenshotDir,
  webviewFrame,
} from './workbench.mjs';

const TIMEOUT = 90_000;
const SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true };

/** ‖·‖ values factor^l (Frobenius) and half of it (spectral) over lags 1..L, with their log10. */
function curve(lags, factor) {
  const frobenius = Array.from({ length: lags }, (_, i) => factor ** (i + 1));
  const spectral = frobenius.map((v) => v / 2);
  return { frobenius, spectral, log10Frobenius: frobenius.map(Math.log10), log10Spectral: spectral.map(Math.log10) };
}

/** A two-layer LSTM result as the analysis will send it (n = 32, state 64), with made-up but consistent numbers. */
function syntheticLstm(lags = 100) {
  const full = curve(lags, 0.97);
  const shares = Array.from({ length: lags }, () => 1 / lags);
  const block = (rho) => ({
    eigenvalues: Array.from({ length: 32 }, (_, i) => [rho * Math.cos(i), rho * Math.sin(i) * (i % 3 ? 1 : 0)]),
    spectralRadius: rho,
    log10SpectralRadius: Math.log10(rho),
    sigmaMax: 1.5 * rho,
    log10SigmaMax: Math.log10(1.5 * rho),
  });
  const gradientRows = (frobenius) => ({ frobenius, byLag: shares, log10ByLag: shares.map(Math.log10) });
  return {
    model: {
      cell: 'lstm',
      stateSize: 64,
      activation: 'tanh',
      activationSource: 'default',
      hiddenSize: 32,
      inputSize: 8,
      file: '/examples/lstm_cell_path.pt',
      format: 'pytorch',
      layer: 0,
      direction: 'forward',
      layers: [
        { layer: 0, direction: 'forward', cell: 'lstm', hiddenSize: 32, inputSize: 8 },
        { layer: 1, direction: 'forward', cell: 'lstm', hiddenSize: 32, inputSize: 32 },
      ],
    },
    spectrum: {
      of: '∂s_t/∂s_(t−1) at s = 0, x = 0',
      gates: { i: block(0.2), f: block(0.25), g: block(0.3), o: block(0.15) },
      ...block(0.96),
      gamma: 1,
      gammaSigmaMax: 1.44,
      log10GammaSigmaMax: Math.log10(1.44),
      transientGrowth: false,
      departureFromNormality: 0.2,
    },
    jacobian: {
      steps: lags,
      lags: Array.from({ length: lags }, (_, i) => i + 1),
      ...full,
      bounds: {
        pascanu: full.frobenius.map((_, i) => 1.44 ** (i + 1)),
        spectralRadius: full.frobenius.map((_, i) => 0.96 ** (i + 1)),
        log10Pascanu: full.frobenius.map((_, i) => (i + 1) * Math.log10(1.44)),
        log10SpectralRadius: full.frobenius.map((_, i) => (i + 1) * Math.log10(0.96)),
      },
      hidden: curve(lags, 0.8),
      cell: curve(lags, 0.975),
      exact: true,
      method: 'exact',
    },
    gradient: {
      loss: '0.5*||h_T||^2',
      frobenius: 1,
      byLag: shares,
      log10ByLag: shares.map(Math.log10),
      shareByLag: shares,
      gates: { i: gradientRows(0.1), f: gradientRows(0.3), g: gradientRows(0.5), o: gradientRows(0.2) },
    },
    gates: {
      i: { mean: 0.5, saturatedLow: 0.02, saturatedHigh: 0.03 },
      f: { mean: 0.947, saturatedLow: 0, saturatedHigh: 0.5 },
      g: { mean: 0.01, saturatedLow: 0.05, saturatedHigh: 0.06 },
      o: { mean: 0.5, saturatedLow: 0.01, saturatedHigh: 0.02 },
    },
    timescales: [...Array.from({ length: 28 }, (_, i) => 12 + i), 0.8, 5, 2000, null],
    tied: [],
    inputs: { kind: 'random', steps: lags, seed: 0 },
    verdict: {
      regime: 'edge',
      horizon: lags,
      horizonReachesEnd: true,
      threshold: 1e-3,
      slopeLog10PerStep: Math.log10(0.97),
      growthPerStep: 0.97,
      zeroFromLag: null,
      summary: 'Synthetic: the cell path carries the gradient.',
      reasons: [],
    },
    timingsMs: { total: 1 },
  };
}

/** The LSTM result made a one-layer GRU: state h, gates r, z, n, the hidden path equal to the full curve. */
function syntheticGru(lstm) {
  const { i, f, g } = lstm.spectrum.gates;
  return {
    ...lstm,
    model: {
      ...lstm.model,
      cell: 'gru',
      stateSize: 32,
      resetAfter: true,
      layers: [{ layer: 0, direction: 'forward', cell: 'gru', hiddenSize: 32, inputSize: 8 }],
    },
    spectrum: { ...lstm.spectrum, gates: { r: i, z: f, n: g } },
    jacobian: { ...lstm.jacobian, hidden: curve(100, 0.97), cell: undefined },
    gradient: { ...lstm.gradient, gates: undefined },
    gates: {
      r: { mean: 0.5, saturatedLow: 0.01, saturatedHigh: 0.01 },
      z: { mean: 0.52, saturatedLow: 0, saturatedHigh: 0.01 },
      n: { mean: 0.02, saturatedLow: 0.1, saturatedHigh: 0.12 },
    },
    timescales: Array.from({ length: 32 }, (_, k) => 1.2 + k / 40),
  };
}

/** The panel's page (dist/webview.js, media/panel.css) in a plain page, with a stand-in for the webview API. */
async function openPanelPage(page, dir, savedState) {
  const url = (path) => pathToFileURL(join(repoRoot, path)).href;
  writeFileSync(
    join(dir, 'panel.html'),
    `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<link rel="stylesheet" href="${url('media/panel.css')}"></head>
<body class="vscode-dark">
  <header><h1 id="file-title">RNN gradients</h1><span id="status" role="status"></span></header>
  <div id="error" role="alert" hidden></div>
  <div id="controls" class="controls" role="group" aria-label="Analysis settings"></div>
  <section id="summary" aria-label="Summary"></section>
  <div id="charts" class="charts"></div>
  <div id="exports" class="exports" role="group" aria-label="Export"></div>
  <script>
    window.posted = [];
    window.savedState = ${JSON.stringify(savedState ?? null)};
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.posted.push(m),
      getState: () => window.savedState ?? undefined,
      setState: (s) => { window.savedState = s; },
    });
  </script>
  <script src="${url('dist/webview.js')}"></script>
</body></html>`,
  );
  await page.goto(pathToFileURL(join(dir, 'panel.html')).href);
  await page.waitForFunction(() => window.posted.some((m) => m.type === 'ready'));
}

async function panelReport(page) {
  return page.evaluate(async () => {
    const id = 1000 + window.posted.length;
    window.postMessage({ type: 'request', id, method: 'report', params: {} }, '*');
    for (let i = 0; i < 100; i++) {
      const answer = window.posted.find((m) => m.type === 'result' && m.id === id);
      if (answer) return answer.result;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no report');
  });
}

const CONTROLS = {
  steps: 100,
  lags: 100,
  inputs: 'random',
  seed: 0,
  activation: 'auto',
  layer: 0,
  direction: 'forward',
  stack: false,
};

test(
  'the panel page draws an LSTM result: three Jacobian curves, gates, timescales, gate spectra',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-gated-page-'));
    const { page, close } = await launchBrowser({ width: 1300, height: 1700 });
    try {
      await openPanelPage(page, dir);
      const result = syntheticLstm();
      const show = (r, controls = CONTROLS) =>
        page.evaluate(
          ([res, c]) =>
            window.postMessage(
              {
                type: 'analysisResult',
                file: '/examples/lstm_cell_path.pt',
                displayName: 'lstm_cell_path.pt',
                controls: c,
                result: res,
              },
              '*',
            ),
          [r, controls],
        );
      await show(result);
      await page.locator('section.chart-timescales canvas').waitFor();
      await page.waitForTimeout(500);
      let report = await panelReport(page);
      assert.equal(report.error, '');
      assert.deepEqual(
        report.charts.map((c) => c.id),
        ['jacobian', 'eigenvalues', 'gradientShare', 'gates', 'timescales'],
      );
      const jacobian = report.charts.find((c) => c.id === 'jacobian');
      const labels = jacobian.datasets.map((d) => d.label);
      for (const start of ['full state', 'hidden path', 'cell path'])
        assert.equal(
          labels.filter((l) => l.startsWith(start)).length,
          2,
          `${start}: both norms in ${labels.join(' | ')}`,
        );
      assert.ok(jacobian.datasets.every((d) => d.points > 0));
      const gates = report.charts.find((c) => c.id === 'gates');
      assert.equal(gates.tableRows, 4);
      assert.deepEqual(
        gates.datasets.map((d) => d.points),
        [4, 4, 4],
      );
      assert.deepEqual(
        report.timescaleBins.map((b) => b.count),
        [1, 1, 28, 0, 2],
        'τ 0.8 | 5 | 12…39 | — | 2000 and ∞',
      );
      assert.ok(report.facts.includes('cell: LSTM'), report.facts.join('\n'));
      assert.ok(report.facts.some((f) => f.startsWith('state size: 64')));
      assert.ok(report.facts.includes('layer: layer 1 of 2'), report.facts.join('\n'));
      assert.ok(
        report.facts.some((f) => /^spectral radius ρ \(step Jacobian at the origin\): 0\.96$/.test(f)),
        report.facts.join('\n'),
      );
      assert.ok(
        report.facts.some((f) => /^‖∂E\/∂Whf‖F, f \(forget gate\): 0\.3$/.test(f)),
        report.facts.join('\n'),
      );
      assert.deepEqual(report.controls, {
        layerOptions: ['layer 1 of 2 · LSTM, 32 units', 'layer 2 of 2 · LSTM, 32 units'],
        stack: 'enabled',
        stackChecked: false,
        longRun: { checked: false, k: '', steps: '1000', warmup: '100', every: '1', tolerance: '' },
      });
      assert.deepEqual(report.spectrum.choices, ['origin', 'i', 'f', 'g', 'o']);
      // The painted canvases: each one drew something besides its background.
      const painted = await page.locator('canvas').evaluateAll((canvases) =>
        canvases.map((canvas) => {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4)
            if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) > 30) n++;
          return [canvas.id, n / (canvas.width * canvas.height)];
        }),
      );
      for (const [id, fraction] of painted) assert.ok(fraction > 0.005, `${id}: ${fraction}`);
      await page.screenshot({ path: join(screenshotDir, 'gated-page-lstm.png'), fullPage: true });

      // The forget gate's block, chosen in the eigenvalue chart's header: the title, the facts and the state follow.
      await page.locator('#spectrum-choice').click();
      await page.locator('#spectrum-choice vscode-option', { hasText: 'W_hf' }).click();
      await page.locator('#eigenvalues-title', { hasText: 'hf' }).waitFor();
      report = await panelReport(page);
      assert.equal(report.spectrum.choice, 'f');
      assert.ok(
        report.facts.some((f) => /^spectral radius ρ \(Whf, f \(forget gate\)\): 0\.25$/.test(f)),
        report.facts.join('\n'),
      );
      const state = await page.evaluate(() => window.savedState);
      assert.equal(state.spectrum, 'f');
      await page
        .locator('section.chart-eigenvalues')
        .screenshot({ path: join(screenshotDir, 'gated-page-eigen-f.png') });

      // The whole stack: the toggle asks for it, and a result with `stack` draws its two curves.
      await page.locator('#stack').click();
      const rerun = await page.evaluate(() => window.posted.filter((m) => m.type === 'rerun').at(-1));
      assert.equal(rerun?.controls.stack, true);
      await show(
        { ...result, stack: { layers: 2, jacobian: curve(100, 0.99), topToBottom: curve(100, 0.9) } },
        { ...CONTROLS, stack: true },
      );
      await page.waitForTimeout(300);
      report = await panelReport(page);
      const stacked = report.charts.find((c) => c.id === 'jacobian').datasets.map((d) => d.label);
      assert.ok(
        stacked.some((l) => l.startsWith('whole stack')) && stacked.some((l) => l.startsWith('top to bottom')),
        stacked.join(' | '),
      );
      assert.equal(report.controls.stackChecked, true);
      await page
        .locator('section.chart-jacobian')
        .screenshot({ path: join(screenshotDir, 'gated-page-jacobian-stack.png') });

      // A reload keeps the chosen spectrum; an RNN result afterwards takes the gated charts off the page.
      const saved = await page.evaluate(() => window.savedState);
      await openPanelPage(page, dir, saved);
      await show(result, saved.controls);
      await page.locator('#eigenvalues-title', { hasText: 'hf' }).waitFor();
      assert.equal((await panelReport(page)).controls.stackChecked, true);
      // A GRU in the light theme: three gates, no cell path, the update gate's timescales.
      await page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-light'));
      const gru = syntheticGru(result);
      await show(gru);
      await page.locator('#gates-title').waitFor();
      await page.waitForTimeout(300);
      report = await panelReport(page);
      assert.equal(report.error, '');
      assert.equal(report.themeKind, 'vscode-light');
      assert.equal(report.charts.find((c) => c.id === 'gates').tableRows, 3);
      assert.deepEqual(
        report.charts.find((c) => c.id === 'jacobian').datasets.filter((d) => /path/.test(d.label)),
        [],
        "a GRU's hidden path is its full curve, drawn once",
      );
      assert.match(report.charts.find((c) => c.id === 'timescales').title, /z̄/);
      assert.deepEqual(report.spectrum.choices, ['origin', 'r', 'z', 'n']);
      await page.screenshot({ path: join(screenshotDir, 'gated-page-gru-light.png'), fullPage: true });

      const rnn = { ...result, model: { ...result.model, cell: 'rnn', layers: [result.model.layers[0]] } };
      for (const key of ['gates', 'timescales']) delete rnn[key];
      rnn.jacobian = { ...result.jacobian, hidden: undefined, cell: undefined };
      await show(rnn);
      await page.waitForTimeout(300);
      // The toggle was ticked, then unticked, to show those controls: no person's click, so nothing re-ran.
      assert.deepEqual(
        await page.evaluate(() => window.posted.filter((m) => m.type === 'rerun')),
        [],
        'showing a result re-runs nothing',
      );
      report = await panelReport(page);
      assert.deepEqual(
        report.charts.map((c) => c.id),
        ['jacobian', 'eigenvalues', 'gradientShare'],
      );
      assert.equal(report.controls.stack, 'hidden');
      assert.deepEqual(report.spectrum.choices, []);
    } catch (error) {
      await page.screenshot({ path: join(screenshotDir, 'failed-gated-page.png'), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

/** What a person reads off the panel: the legend of each chart, the histogram's table, the controls. */
async function readPanel(frame) {
  return frame.locator('body').evaluate(() => {
    const legend = (id) => [...document.querySelectorAll(`#${id}-legend li`)].map((li) => li.innerText.trim());
    const rows = (id) =>
      [...document.querySelectorAll(`section.chart-${id} table tbody tr`)].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.innerText),
      );
    return {
      verdict: document.querySelector('#verdict')?.innerText ?? '',
      charts: [...document.querySelectorAll('section.chart canvas')].map((c) => c.id.replace(/-canvas$/, '')),
      jacobian: legend('jacobian'),
      gates: legend('gates'),
      timescaleRows: rows('timescales'),
      gateRows: rows('gates'),
      layers: [...document.querySelectorAll('#layer vscode-option')].map((o) => o.textContent.trim()),
      stackDisabled: document.querySelector('#stack')?.hasAttribute('disabled') ?? true,
      facts: [...document.querySelectorAll('.facts dt')].map(
        (dt) => `${dt.innerText}: ${dt.nextElementSibling.innerText}`,
      ),
    };
  });
}

/** The panel's verdict once drawn, or a failure with the error the panel shows (an analysis that refused the file). */
async function waitForVerdict(frame) {
  await frame.locator('#verdict, #error:not([hidden])').first().waitFor({ timeout: TIMEOUT });
  const error = frame.locator('#error:not([hidden])');
  if (await error.count()) assert.fail(`the panel shows an error instead of a verdict: ${await error.innerText()}`);
}

/** The frame of the panel whose title is `name` (each weights file has its own panel). */
async function panelFor(page, name) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let index = 0; index < count; index++) {
      const frame = webviewFrame(page, { index });
      const title = await frame
        .locator('#file-title')
        .innerText({ timeout: 1000 })
        .catch(() => '');
      if (title === name) return frame;
    }
    await page.waitForTimeout(500);
  }
  // The first analysis of a file opens its panel: a refused file leaves only a notification.
  assert.fail(`no panel titled ${name}; notifications: ${(await notificationTexts(page)).join(' | ')}`);
}

async function openTables(frame, ids) {
  for (const id of ids) {
    await frame.locator(`section.chart-${id} summary`).click();
    await frame.locator(`section.chart-${id} table tbody tr`).first().waitFor({ timeout: TIMEOUT });
  }
}

test(
  'analyse examples/lstm_cell_path.pt in VS Code: three Jacobian curves, the gates chart, the timescale histogram',
  { timeout: 420_000 },
  async () => {
    const { page, close, logs } = await openWorkbench({
      folder: 'examples',
      theme: 'dark',
      width: 1500,
      height: 1100,
      settings: SETTINGS,
    });
    try {
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'lstm_cell_path.pt');
      const frame = await panelFor(page, 'lstm_cell_path.pt');
      await waitForVerdict(frame);
      await frame.locator('section.chart-timescales canvas').waitFor({ timeout: TIMEOUT });
      await page.waitForTimeout(800);
      await openTables(frame, ['gates', 'timescales']);
      const seen = await readPanel(frame);
      console.log(`  ${seen.verdict}; ${seen.facts.join('; ')}`);
      assert.deepEqual(seen.charts, ['jacobian', 'eigenvalues', 'gradientShare', 'gates', 'timescales']);
      for (const start of ['full state', 'hidden path', 'cell path'])
        assert.equal(
          seen.jacobian.filter((l) => l.startsWith(start)).length,
          2,
          `${start} in ${seen.jacobian.join(' | ')}`,
        );
      assert.deepEqual(seen.gates, ['mean', 'fraction saturated low', 'fraction saturated high']);
      assert.deepEqual(
        seen.gateRows.map((r) => r[0]),
        ['i (input gate)', 'f (forget gate)', 'g (candidate (tanh))', 'o (output gate)'],
      );
      // The forget bias +3: f ≈ σ(3) = 0.953 (the generator measured 0.947 along its own inputs).
      const forgetMean = Number(seen.gateRows[1][1]);
      assert.ok(forgetMean > 0.9 && forgetMean < 0.99, `mean f = ${forgetMean}`);
      // Every unit's τ = −1/ln f̄ is about 20 steps: the "≤ 100" bin holds them all.
      assert.deepEqual(
        seen.timescaleRows.map((r) => r[0]),
        ['≤ 1 steps', '≤ 10 steps', '≤ 100 steps', '≤ 1000 steps', '> 1000 steps'],
      );
      assert.equal(
        seen.timescaleRows.reduce((sum, r) => sum + Number(r[1]), 0),
        32,
        'one τ per unit',
      );
      assert.ok(Number(seen.timescaleRows[2][1]) >= 28, `units with 10 < τ ≤ 100: ${seen.timescaleRows[2][1]}`);
      assert.deepEqual(seen.layers, ['layer 1 of 2 · LSTM, 32 units', 'layer 2 of 2 · LSTM, 32 units']);
      assert.equal(seen.stackDisabled, false, 'a unidirectional stack of two layers offers the whole stack');
      assert.ok(seen.facts.includes('cell: LSTM'), seen.facts.join('\n'));
      console.log(`  screenshot: ${await screenshot(page, 'gated-lstm-cell-path')}`);
      for (const id of ['jacobian', 'gates', 'timescales']) {
        const section = frame.locator(`section.chart-${id}`);
        await section.scrollIntoViewIfNeeded();
        await section.screenshot({ path: join(screenshotDir, `gated-lstm-cell-path-${id}.png`) });
      }

      // The whole stack: tick the toggle, the analysis runs again and the Jacobian chart gains the stack's curves.
      await frame.locator('#stack').click();
      await frame.locator('#jacobian-legend li', { hasText: 'top to bottom' }).waitFor({ timeout: TIMEOUT });
      assert.ok((await readPanel(frame)).jacobian.some((l) => l.startsWith('whole stack')));
      await frame
        .locator('section.chart-jacobian')
        .screenshot({ path: join(screenshotDir, 'gated-lstm-stack-jacobian.png') });

      // The forget gate's recurrent block in the eigenvalue chart, kept over a window reload.
      await frame.locator('#spectrum-choice').click();
      await frame.locator('#spectrum-choice vscode-option', { hasText: 'W_hf' }).click();
      await frame.locator('#eigenvalues-title', { hasText: 'hf' }).waitFor({ timeout: TIMEOUT });
      await runCommandFromPalette(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
      const restored = await panelFor(page, 'lstm_cell_path.pt');
      await restored.locator('#eigenvalues-title', { hasText: 'hf' }).waitFor({ timeout: TIMEOUT });
      console.log(`  screenshot: ${await screenshot(page, 'gated-lstm-restored')}`);

      // The closed forget gate: every unit forgets within a step, and the gradient vanishes.
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'lstm_forget_closed.json');
      const closed = await panelFor(page, 'lstm_forget_closed.json');
      await waitForVerdict(closed);
      await closed.locator('section.chart-timescales canvas').waitFor({ timeout: TIMEOUT });
      await openTables(closed, ['timescales']);
      const shut = await readPanel(closed);
      assert.equal(shut.verdict, 'Gradients vanish');
      assert.equal(Number(shut.timescaleRows[0][1]), 32, `every τ ≤ 1: ${JSON.stringify(shut.timescaleRows)}`);
      console.log(`  screenshot: ${await screenshot(page, 'gated-lstm-forget-closed')}`);
    } catch (error) {
      await reportFailure(page, 'failed-gated', logs);
      throw error;
    } finally {
      await close();
    }
  },
);

test(
  'a two-layer RNN in VS Code: the picker counts its layers, the whole-stack toggle is offered',
  { timeout: 300_000 },
  async () => {
    const { page, close, logs } = await openWorkbench({ folder: 'examples', theme: 'light', settings: SETTINGS });
    try {
      await runAnalyzeFromPalette(page);
      await pickFile(page, 'pytorch_state_dict.json');
      const frame = await panelFor(page, 'pytorch_state_dict.json');
      await waitForVerdict(frame);
      const seen = await readPanel(frame);
      assert.deepEqual(seen.layers, ['layer 1 of 2 · RNN, 32 units', 'layer 2 of 2 · RNN, 32 units']);
      assert.equal(seen.stackDisabled, false);
      // An RNN keeps its three charts.
      assert.deepEqual(seen.charts, ['jacobian', 'eigenvalues', 'gradientShare']);
      await frame.locator('#controls').screenshot({ path: join(screenshotDir, 'gated-rnn-stack-controls.png') });
      console.log(`  screenshot: ${await screenshot(page, 'gated-rnn-two-layers')}`);
    } catch (error) {
      await reportFailure(page, 'failed-gated-rnn-stack', logs);
      throw error;
    } finally {
      await close();
    }
  },
);
