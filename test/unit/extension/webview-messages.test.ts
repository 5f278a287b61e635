// The host checks the panel's `stack` toggle like every other control, and passes it on only when it is on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlsToOptions, defaultControls } from '../../../src/extension/analyze/controlsToOptions';
import { parseControls, parseWebviewMessage } from '../../../src/extension/analyze/webviewMessages';

const controls = {
  steps: 50,
  lags: 20,
  inputs: 'random',
  seed: 3,
  activation: 'auto',
  layer: 1,
  direction: 'forward',
};

test('stack: a boolean is kept, a missing one (a state saved before the toggle) is false, anything else refused', () => {
  assert.equal(parseControls({ ...controls, stack: true })?.stack, true);
  assert.equal(parseControls({ ...controls, stack: false })?.stack, false);
  assert.equal(parseControls(controls)?.stack, false);
  for (const bad of ['true', 1, null, {}, []])
    assert.equal(parseControls({ ...controls, stack: bad }), undefined, String(bad));
  assert.equal(parseWebviewMessage({ type: 'rerun', controls: { ...controls, stack: 'yes' } }), undefined);
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', controls: { ...controls, stack: true } }), {
    type: 'rerun',
    controls: { ...controls, stack: true, inputsFile: undefined },
  });
});

test('the analysis is asked for the whole stack only when the toggle is on', () => {
  assert.equal(defaultControls().stack, false);
  assert.equal(controlsToOptions({ ...defaultControls(), stack: true }, 1e-3).stack, true);
  assert.equal('stack' in controlsToOptions(defaultControls(), 1e-3), false);
});

const report = {
  file: 'f',
  verdict: 'v',
  summary: 's',
  facts: ['cell: LSTM'],
  longRun: '',
  lyapunovUnit: 'ln',
  error: '',
  charts: [
    { id: 'gates', title: 'Gates', datasets: [{ label: 'mean', points: 4 }], tableRows: 4, width: 400, height: 300 },
  ],
  clampedPoints: 0,
  clampNote: '',
  eigenPixelsPerUnit: { x: 1, y: 1 },
  themeKind: 'vscode-dark',
  lineColor: '#fff',
  cspViolations: [],
  controls: {
    layerOptions: ['layer 1 of 2 · LSTM, 4 units'],
    stack: 'enabled',
    stackChecked: false,
    longRun: { checked: false, k: '', steps: '1000', warmup: '100', every: '1', tolerance: '' },
  },
  spectrum: { choice: 'f', choices: ['origin', 'i', 'f', 'g', 'o'], title: 'Eigenvalues of W_hf' },
  timescaleBins: [{ label: '≤ 1', count: 2 }],
};

test("the page's report with the gated charts' fields is accepted, and one without them refused", () => {
  const parsed = parseWebviewMessage({ type: 'result', id: 1, result: report });
  assert.deepEqual(parsed, { type: 'result', id: 1, result: report });
  for (const key of ['controls', 'spectrum', 'timescaleBins', 'longRun', 'lyapunovUnit'] as const) {
    const broken: Record<string, unknown> = { ...report };
    delete broken[key];
    assert.equal(parseWebviewMessage({ type: 'result', id: 1, result: broken }), undefined, key);
  }
  const badStack = { ...report, controls: { ...report.controls, stack: 'maybe' } };
  assert.equal(parseWebviewMessage({ type: 'result', id: 1, result: badStack }), undefined);
  const noWarmup = { ...report, controls: { ...report.controls, longRun: { checked: false, k: '', steps: '1000' } } };
  assert.equal(parseWebviewMessage({ type: 'result', id: 1, result: noWarmup }), undefined);
  const unknownChart = { ...report, charts: [{ ...report.charts[0], id: 'pie' }] };
  assert.equal(parseWebviewMessage({ type: 'result', id: 1, result: unknownChart }), undefined);
});

const longRun = { enabled: true, k: 4, steps: 300, warmup: 20, every: 2, tolerance: 0.01 };

test('the long run: kept when within the core bounds, absent in an old state (off), anything else refused', () => {
  assert.deepEqual(parseControls({ ...controls, longRun })?.longRun, longRun);
  assert.equal(parseControls(controls)?.longRun, undefined);
  const defaults = { enabled: true, steps: 300, warmup: 20, every: 2 };
  assert.deepEqual(parseControls({ ...controls, longRun: defaults })?.longRun, defaults);
  for (const bad of [
    { ...longRun, enabled: 'yes' },
    { ...longRun, k: 0 },
    { ...longRun, k: 2.5 },
    { ...longRun, steps: 0 },
    { ...longRun, steps: 1_000_001 },
    { ...longRun, warmup: -1 },
    { ...longRun, every: 11 },
    { ...longRun, every: 0 },
    { ...longRun, tolerance: 0 },
    { ...longRun, tolerance: 'small' },
    'on',
    null,
  ])
    assert.equal(parseControls({ ...controls, longRun: bad }), undefined, JSON.stringify(bad));
});

test('the analysis is asked for the Lyapunov run only with the long run on, with every setting passed on', () => {
  const off = defaultControls();
  assert.equal(off.longRun?.enabled, false);
  assert.deepEqual(
    [off.longRun?.steps, off.longRun?.warmup, off.longRun?.every, off.longRun?.k],
    [1000, 100, 1, undefined],
  );
  assert.equal('lyapunov' in controlsToOptions(off, 1e-3), false);
  assert.deepEqual(controlsToOptions({ ...off, longRun }, 1e-3).lyapunov, {
    k: 4,
    steps: 300,
    warmup: 20,
    every: 2,
    tolerance: 0.01,
  });
  const noK = controlsToOptions({ ...off, longRun: { ...off.longRun!, enabled: true } }, 1e-3).lyapunov;
  assert.deepEqual(noK, { steps: 1000, warmup: 100, every: 1 });
});

test("the long run's CSV export is a message the host accepts", () => {
  assert.deepEqual(parseWebviewMessage({ type: 'exportData', format: 'csv-lyapunov' }), {
    type: 'exportData',
    format: 'csv-lyapunov',
  });
});
