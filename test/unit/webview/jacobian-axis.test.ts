// The Jacobian chart's axis fits the measured norms, not the bounds; a bound that leaves it says where it goes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { DEFAULT_STEPS } from '../../../src/core/analysis/types';
import { leavesRange, tickStep } from '../../../webview/charts/axes';
import { fitLogRange } from '../../../webview/logScale';
import { REPO } from '../helpers';

const analyse = (name: string) =>
  analyzeFile(join(REPO, 'examples', name), {
    inputs: { kind: 'random', seed: 0, steps: DEFAULT_STEPS },
    lags: DEFAULT_STEPS,
  });

test('on both examples the measured norms fill most of the axis, with a margin, and the threshold is on it', () => {
  for (const name of ['exploding.json', 'vanishing.json']) {
    const { jacobian, verdict } = analyse(name);
    const measured = [...jacobian.log10Spectral, ...jacobian.log10Frobenius].filter((y): y is number => y !== null);
    const low = Math.min(...measured, Math.log10(verdict.threshold));
    const high = Math.max(...measured);
    const range = fitLogRange([jacobian.log10Frobenius, jacobian.log10Spectral], [Math.log10(verdict.threshold)]);
    assert.ok(
      range.floor < low - 0.4 && range.ceiling > high + 0.4,
      `${name}: a margin around [${low}, ${high}]: ${JSON.stringify(range)}`,
    );
    assert.ok(
      (high - low) / (range.ceiling - range.floor) > 0.6,
      `${name}: the curves span most of ${JSON.stringify(range)}`,
    );
    assert.ok(Math.max(...jacobian.bounds.log10Pascanu) > range.ceiling, `${name}: the Pascanu bound goes off the top`);
    const away = leavesRange(jacobian.lags, jacobian.bounds.log10Pascanu, range);
    assert.equal(away?.side, 'top');
    assert.equal(away?.lastLag, 100);
    assert.equal(away?.lastLog10, jacobian.bounds.log10Pascanu[99]);
    // Past fromLag it stays above; the lag before it is still inside.
    const from = jacobian.lags.indexOf(away!.fromLag);
    assert.ok(jacobian.bounds.log10Pascanu.slice(from).every((y) => y > range.ceiling));
    assert.ok(from === 0 || jacobian.bounds.log10Pascanu[from - 1] <= range.ceiling);
  }
});

test('a curve inside the range does not leave it; one below the floor leaves at the bottom', () => {
  const range = { floor: -5, ceiling: 1 };
  assert.equal(leavesRange([1, 2, 3], [0, -1, -2], range), undefined);
  assert.deepEqual(leavesRange([1, 2, 3, 4], [0, -4, -6, -9], range), {
    side: 'bottom',
    fromLag: 3,
    lastLag: 4,
    lastLog10: -9,
  });
});

test('share chart ticks: a round step with at most 10 labels', () => {
  assert.equal(tickStep(100), 10);
  assert.equal(tickStep(101), 20);
  assert.equal(tickStep(10), 1);
  assert.equal(tickStep(25), 5);
  assert.equal(tickStep(100_000), 10_000);
});
