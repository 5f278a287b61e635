// The panel's LSTM/GRU parts on synthetic results that follow the analysis contract: the timescale bins, the layer
// picker's words, the extra Jacobian curves, the gates chart, the histogram and the spectrum choice. Every expected
// number is computed here from the synthetic inputs, not by the code under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainMath } from '../../../src/core/notation';
import { eigenvalueChart } from '../../../webview/charts/eigenvalueChart';
import { gatesChart } from '../../../webview/charts/gatesChart';
import { jacobianChart } from '../../../webview/charts/jacobianChart';
import { timescaleChart } from '../../../webview/charts/timescaleChart';
import { layerOptionLabel, stackAvailable } from '../../../webview/layerWords';
import { shownSpectrum, spectrumChoices } from '../../../webview/spectrumChoice';
import { binTimescales } from '../../../src/core/rnn/cells/timescales';
import type { ThemeColors } from '../../../webview/themeColors';
import { geometricCurve, gruResult, lstmResult, rnnResult } from './synthetic-result';

const colors = new Proxy({} as ThemeColors, {
  get: (_t, key) => (key === 'fontFamily' ? 'sans-serif' : `#${String(key).length}00000`),
});

type Dataset = { label: string; data: unknown[]; mathLabel?: string };
const datasetsOf = (spec: { config: { data: { datasets: unknown[] } } }) => spec.config.data.datasets as Dataset[];
const ys = (d: Dataset) => (d.data as { y: number }[]).map((p) => p.y);

test('timescales are binned ≤ 1, ≤ 10, ≤ 100, ≤ 1000, > 1000 with the edges inclusive and τ = ∞ (null) last', () => {
  const { bins, unplaced } = binTimescales([0.5, 1, 1.0000001, 10, 10.5, 100, 1000, 1000.5, Infinity, null, NaN]);
  assert.deepEqual(
    bins.map((b) => [b.label, b.count]),
    [
      ['≤ 1', 2],
      ['≤ 10', 2],
      ['≤ 100', 2],
      ['≤ 1000', 1],
      ['> 1000', 3],
    ],
  );
  assert.equal(unplaced, 1, 'NaN is not placed in any bin');
  assert.deepEqual(
    binTimescales([]).bins.map((b) => b.count),
    [0, 0, 0, 0, 0],
  );
});

test('the layer picker counts layers from 1 and names the direction and the cell', () => {
  const layers = [
    { layer: 0, direction: 'forward' as const, cell: 'lstm', hiddenSize: 32, inputSize: 8 },
    { layer: 0, direction: 'reverse' as const, cell: 'lstm', hiddenSize: 32, inputSize: 8 },
    { layer: 1, direction: 'forward' as const, cell: 'lstm', hiddenSize: 1, inputSize: 64 },
    { layer: 1, direction: 'reverse' as const, cell: 'lstm', hiddenSize: 1, inputSize: 64 },
  ];
  assert.deepEqual(
    layers.map((l) => layerOptionLabel(l, layers)),
    [
      'layer 1 of 2 · forward · LSTM, 32 units',
      'layer 1 of 2 · reverse · LSTM, 32 units',
      'layer 2 of 2 · forward · LSTM, 1 unit',
      'layer 2 of 2 · reverse · LSTM, 1 unit',
    ],
  );
  assert.equal(stackAvailable(layers), false, 'bidirectional: no whole stack');
  const forward = layers.filter((l) => l.direction === 'forward');
  assert.equal(stackAvailable(forward), true, 'two unidirectional layers');
  assert.equal(stackAvailable(forward.slice(0, 1)), false, 'one layer is no stack');
});

test('a vanilla RNN keeps its Jacobian chart: two measured curves, two bounds, threshold and horizon', () => {
  const chart = jacobianChart(rnnResult(), colors);
  assert.deepEqual(
    datasetsOf(chart).map((d) => d.label.split(' ')[0]),
    ['Frobenius', 'spectral', 'bound', 'bound', 'threshold', 'horizon'],
  );
  assert.equal(chart.table.headers.length, 5);
  assert.match(chart.title, /^‖∂h_T\/∂h_\(T−l\)‖ against the lag l$/);
});

test('an LSTM Jacobian chart adds the hidden and cell paths, both norms, with their values', () => {
  const lags = 12;
  const result = lstmResult(lags);
  const chart = jacobianChart(result, colors);
  const labels = datasetsOf(chart).map((d) => d.label);
  assert.deepEqual(labels.slice(0, 6), [
    plainMath('full state ‖∂s_T/∂s_(T−l)‖_F'),
    plainMath('full state ‖∂s_T/∂s_(T−l)‖₂'),
    plainMath('hidden path ‖∂h_T/∂h_(T−l)‖_F'),
    plainMath('hidden path ‖∂h_T/∂h_(T−l)‖₂'),
    plainMath('cell path ‖∂c_T/∂c_(T−l)‖_F'),
    plainMath('cell path ‖∂c_T/∂c_(T−l)‖₂'),
  ]);
  assert.equal(labels.length, 10);
  const cellSpectral = datasetsOf(chart)[5];
  // The synthetic cell path: 0.9^l, spectral half of it.
  ys(cellSpectral).forEach((y, i) => assert.ok(Math.abs(y - Math.log10(0.9 ** (i + 1) / 2)) < 1e-12, `lag ${i + 1}`));
  const hiddenFrobenius = datasetsOf(chart)[2];
  ys(hiddenFrobenius).forEach((y, i) => assert.ok(Math.abs(y - (i + 1) * Math.log10(0.3)) < 1e-12, `lag ${i + 1}`));
  assert.equal(chart.table.headers.length, 9);
  assert.equal(chart.table.rows.length, lags);
  assert.equal(chart.table.rows[0].length, 9);
  // The axis fits the hidden path, the steepest curve: 0.3^12 = 5.3e-7 is above its floor.
  const axis = (chart.config.options?.scales?.y as { min: number }).min;
  assert.ok(axis < lags * Math.log10(0.3), `floor ${axis} below the hidden path's last value`);
});

test('a GRU draws its hidden path once (it is the full curve) and says so', () => {
  const chart = jacobianChart(gruResult(), colors);
  assert.equal(datasetsOf(chart).length, 6);
  assert.match(chart.note, /GRU's state is h alone/);
  assert.equal(chart.title, '‖∂h_T/∂h_(T−l)‖ against the lag l');
  assert.equal(
    jacobianChart(lstmResult(), colors).title,
    'Jacobian norms against the lag l: full state, hidden and cell paths',
  );
});

test('the whole stack adds its curve and the top-to-bottom path', () => {
  const result = {
    ...lstmResult(8),
    stack: { layers: 2, jacobian: geometricCurve(8, 0.8), topToBottom: geometricCurve(8, 0.2) },
  };
  const chart = jacobianChart(result, colors);
  const labels = datasetsOf(chart).map((d) => d.label);
  assert.equal(labels.length, 12);
  const top = datasetsOf(chart).find((d) => d.label.startsWith('top to bottom'));
  assert.ok(top, labels.join(' | '));
  assert.equal(top.label, plainMath('top to bottom ‖∂h^top_T/∂h^0_(T−l)‖₂'));
  ys(top).forEach((y, i) => assert.ok(Math.abs(y - Math.log10(0.2 ** (i + 1) / 2)) < 1e-12));
  assert.ok(labels.some((l) => l === plainMath('whole stack ‖∂S_T/∂S_(T−l)‖₂')));
});

test('the gates chart has each gate in canonical order with its mean and saturated fractions', () => {
  const result = lstmResult();
  const chart = gatesChart(result, colors);
  const data = chart.config.data as { labels: string[]; datasets: { data: number[] }[] };
  assert.deepEqual(data.labels, ['i (input gate)', 'f (forget gate)', 'g (candidate (tanh))', 'o (output gate)']);
  assert.deepEqual(data.datasets[0].data, [0.5, 0.9, -0.1, 0.6]);
  assert.deepEqual(data.datasets[1].data, [0.01, 0, 0.05, 0.1]);
  assert.deepEqual(data.datasets[2].data, [0.02, 0.4, 0.03, 0.2]);
  assert.equal((chart.config.options?.scales?.y as { min: number }).min, -1, 'a negative tanh mean fits');
  assert.equal(chart.table.rows.length, 4);
  assert.deepEqual(chart.table.rows[1].slice(0, 4), ['f (forget gate)', '0.9', '0%', '40%']);
  assert.match(chart.note, /forget gate\): mean 0\.9, 40% of its values above 0\.95/);
  const gru = gatesChart(gruResult(), colors);
  assert.deepEqual((gru.config.data as { labels: string[] }).labels, [
    'r (reset gate)',
    'z (update gate)',
    'n (candidate (tanh))',
  ]);
  assert.equal((gru.config.options?.scales?.y as { min: number }).min, 0);
});

test('the timescale histogram counts units per bin and gives the median with τ = ∞ last', () => {
  const chart = timescaleChart(lstmResult(10, [0.5, 2, 30, 400, 5000, null, 1, 10]), colors);
  const data = chart.config.data as { labels: string[]; datasets: { data: number[] }[] };
  assert.deepEqual(data.labels, ['≤ 1', '≤ 10', '≤ 100', '≤ 1000', '> 1000']);
  assert.deepEqual(data.datasets[0].data, [2, 2, 1, 1, 2]);
  // Sorted: 0.5, 1, 2, 10, 30, 400, 5000, ∞: the median of 8 is (10 + 30)/2.
  assert.match(chart.note, /Median τ = 20 steps/);
  assert.match(chart.note, /1 unit\(s\) have a mean gate of exactly 1/);
  assert.equal(chart.table.rows.length, 5);
  assert.match(timescaleChart(gruResult(), colors).title, /z̄/);
});

test('the eigenvalue chart shows the origin Jacobian by default and a gate block when chosen', () => {
  const lstm = lstmResult();
  assert.deepEqual(
    spectrumChoices(lstm).map((c) => c.value),
    ['origin', 'i', 'f', 'g', 'o'],
  );
  const origin = eigenvalueChart(lstm, colors);
  assert.match(origin.title, /∂s_t\/∂s_\(t−1\) at s = 0, x = 0/);
  assert.equal(datasetsOf(origin).length, 3, 'no 1/γ circle for a gated cell');
  const forget = eigenvalueChart(lstm, colors, 'f');
  assert.match(forget.title, /^Eigenvalues of W_hf /);
  assert.deepEqual(
    forget.table.rows.map((r) => r[1]),
    ['0.7', '0.35'],
  );
  assert.match(datasetsOf(forget)[1].label, /ρ = 0\.7$/);
  // A choice the result does not have (a GRU gate saved for an LSTM) falls back to the origin.
  assert.equal(shownSpectrum(lstm, 'z').choice, 'origin');
  assert.equal(shownSpectrum(lstm, 'f').sigmaMax, 0.9);
  const rnn = rnnResult();
  assert.deepEqual(spectrumChoices(rnn), []);
  assert.equal(shownSpectrum(rnn, 'f').choice, 'origin', 'an RNN has only W_hh');
  const rnnChart = eigenvalueChart(rnn, colors);
  assert.equal(rnnChart.title, 'Eigenvalues of W_hh in the complex plane');
  assert.equal(datasetsOf(rnnChart).length, 4, 'the RNN keeps its 1/γ circle');
});
