// The panel's long run on a real run of examples/vanishing.json (whose exponents the Lyapunov tests check against
// PyTorch): the spectrum and running-λ₁ charts in ln and log10 per step, the facts, the CSV export and the
// progress in two phases. log10 per step is checked as log10(e^λ), not by the λ / ln 10 the code uses.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { lyapunovCsv } from '../../../src/extension/analyze/exportTables';
import { lyapunovSpectrumChart, runningLambda1Chart, valueAndBand } from '../../../webview/charts/lyapunovChart';
import type { ThemeColors } from '../../../webview/themeColors';
import { REPO } from '../helpers';
import { rnnResult } from './synthetic-result';

const vanishing = join(REPO, 'examples', 'vanishing.json');
const colors = new Proxy({} as ThemeColors, {
  get: (_t, key) => (key === 'fontFamily' ? 'sans-serif' : `#${String(key).length}00000`),
});
type Dataset = { label: string; data: { x: number; y: number }[] };
const datasetsOf = (spec: { config: { data: { datasets: unknown[] } } }) => spec.config.data.datasets as Dataset[];
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

const progress: [number, string][] = [];
const result = analyzeFile(
  vanishing,
  { inputs: { kind: 'random', seed: 0, steps: 60 }, lags: 60, lyapunov: { k: 6, steps: 300, warmup: 20 } },
  { onProgress: (fraction, message) => progress.push([fraction, message]) },
);
const ly = result.lyapunov!;

test('the spectrum chart: one point per exponent at i = 1..k, ± one standard error, the zero line across', () => {
  for (const unit of ['ln', 'log10'] as const) {
    const spec = lyapunovSpectrumChart(result, colors, unit);
    const sets = datasetsOf(spec);
    const points = sets.filter((d) => d.label.startsWith('λ_i')).flatMap((d) => d.data);
    points.sort((a, b) => a.x - b.x);
    assert.deepEqual(
      points.map((p) => p.x),
      [1, 2, 3, 4, 5, 6],
    );
    const toUnit = (v: number) => (unit === 'ln' ? v : Math.log10(Math.exp(v)));
    points.forEach((p, i) => assert.ok(close(p.y, toUnit(ly.exponents[i])), `${unit} λ_${i + 1}`));
    // The band is one series (one legend entry): the upper line, a break (no value), the lower line.
    const band = sets.filter((d) => /standard error/.test(d.label));
    assert.deepEqual(
      band.map((d) => d.label),
      ['± one standard error'],
    );
    const gap = band[0].data.findIndex((p) => p.y === null);
    const upper = band[0].data.slice(0, gap);
    const lower = band[0].data.slice(gap + 1);
    assert.equal(upper.length, 6);
    assert.equal(lower.length, 6);
    upper.forEach((p, i) => assert.ok(close(p.y, toUnit(ly.exponents[i] + ly.standardError[i]!))));
    lower.forEach((p, i) => assert.ok(close(p.y, toUnit(ly.exponents[i] - ly.standardError[i]!))));
    const zero = sets.find((d) => d.label.startsWith('λ = 0'))!.data;
    assert.deepEqual(zero, [
      { x: 0.5, y: 0 },
      { x: 6.5, y: 0 },
    ]);
    assert.match(spec.title, unit === 'ln' ? /ln per step/ : /log10 per step/);
    assert.equal(spec.table.rows.length, 6);
  }
});

test('a positive exponent is drawn apart from the others, and −∞ (null in JSON) is counted in the note, not drawn', () => {
  const synthetic = {
    ...result,
    lyapunov: { ...ly, exponents: [0.2, -0.1, null as unknown as number], positiveCount: 1 },
  };
  const spec = lyapunovSpectrumChart(synthetic, colors, 'ln');
  const sets = datasetsOf(spec);
  assert.deepEqual(sets.find((d) => d.label === 'λ_i > 0')?.data, [{ x: 1, y: 0.2 }]);
  assert.deepEqual(sets.find((d) => d.label === 'λ_i ≤ 0')?.data, [{ x: 2, y: -0.1 }]);
  assert.match(spec.note, /1 exponent\(s\) are −∞/);
  assert.equal(valueAndBand([1, 2], [null, -Infinity], [0.1, 0.1], 'ln').value.length, 0);
});

test('the running λ₁ chart ends at the final λ₁ and T, its band the final error scaled by √(T / t)', () => {
  const spec = runningLambda1Chart(result, colors, 'log10');
  const [line, upper] = datasetsOf(spec);
  assert.equal(line.data.length, ly.runningLambda1.step.length);
  const last = line.data.at(-1)!;
  assert.equal(last.x, 300);
  assert.ok(close(last.y, Math.log10(Math.exp(ly.exponents[0]))), 'the running estimate at T is λ₁');
  const first = ly.runningLambda1.step[0];
  const se = ly.standardError[0]! * Math.sqrt(300 / first);
  assert.ok(close(upper.data[0].y, Math.log10(Math.exp(ly.runningLambda1.lambda1[0] + se))));
});

test("the long run's CSV: every exponent with its log10 and error, then the running λ₁, full precision", () => {
  const lines = lyapunovCsv(result).trim().split('\n');
  assert.equal(lines[0], 'table,index_or_step,lambda_ln_per_step,lambda_log10_per_step,standard_error_ln_per_step');
  const spectrum = lines.filter((l) => l.startsWith('spectrum,')).map((l) => l.split(','));
  assert.equal(spectrum.length, 6);
  spectrum.forEach((row, i) => {
    assert.equal(Number(row[1]), i + 1);
    assert.equal(Number(row[2]), ly.exponents[i]);
    assert.ok(close(Number(row[3]), Math.log10(Math.exp(ly.exponents[i]))));
    assert.equal(Number(row[4]), ly.standardError[i]);
  });
  const running = lines.filter((l) => l.startsWith('running_lambda1,'));
  assert.equal(running.length, ly.runningLambda1.step.length);
  assert.equal(lyapunovCsv(rnnResult()), '', 'no long run, no table');
});

test('progress runs forward through both phases: the Jacobian analysis, then the long run to 1', () => {
  const fractions = progress.map(([f]) => f);
  assert.ok(
    fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12),
    'never moves back',
  );
  assert.equal(fractions.at(-1), 1);
  const firstLongRun = progress.findIndex(([, m]) => m.startsWith('Lyapunov'));
  assert.ok(firstLongRun > 0, 'the Jacobian analysis reports first');
  assert.ok(progress[firstLongRun - 1][0] <= 0.25 + 1e-12 && progress[firstLongRun][0] >= 0.25 - 1e-12);
  assert.ok(progress.some(([, m]) => /step \d+ of 320/.test(m)));
});
