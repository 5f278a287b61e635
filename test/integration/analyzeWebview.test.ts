// The panel's pure drawing helpers (webview/), checked where the rest of the panel is tested: the log axis that
// draws values below float64's range, the share of the gradient held by the last steps, equal aspect, inputs.
import * as assert from 'node:assert/strict';
import { equalizeAspect } from '../../webview/charts/equalAspect';
import { stepsHolding } from '../../webview/charts/gradientShareChart';
import { parseCount } from '../../src/core/bounds';
import { formatFromLog10, prepareLogSeries } from '../../webview/logScale';

describe('panel drawing helpers', () => {
  it('draws values from their log10 and clamps only exact zeros, counting both', () => {
    // 1e-400 underflows float64 (linear 0) but its log10 is -400; null is an exact zero.
    const data = prepareLogSeries(
      [1, 2, 3, 4],
      [
        { label: 'a', log10: [0, -200, -400, null], linear: [1, 1e-200, 0, 0] },
        { label: 'b', log10: [-1, -2, -Infinity, Infinity] },
      ],
    );
    assert.equal(data.floor, -401);
    assert.equal(data.ceiling, 0);
    assert.deepEqual(
      data.series[0].points.map((p) => p.y),
      [0, -200, -400, -401],
    );
    assert.deepEqual(
      data.series[0].points.map((p) => p.clamped),
      [false, false, false, true],
    );
    assert.deepEqual(
      data.series[1].points.map((p) => p.y),
      [-1, -2, -401, 0],
    );
    assert.equal(data.clampedCount, 3);
    assert.equal(data.underflowCount, 1);
  });

  it('writes magnitudes beyond float64 from their log10', () => {
    assert.equal(formatFromLog10(Math.log10(3.2) - 412), '3.2e-412');
    assert.equal(formatFromLog10(null), '0');
    assert.equal(formatFromLog10(Math.log10(6.92)), '6.92');
    assert.equal(formatFromLog10(Math.log10(9.99996) + 20), '1e+21');
  });

  it('counts the most recent steps that hold a fraction of the gradient', () => {
    assert.equal(stepsHolding([0.5, 0.3, 0.15, 0.05], 0.99), 4);
    assert.equal(stepsHolding([0.5, 0.3, 0.15, 0.05], 0.8), 2);
    assert.equal(stepsHolding([NaN, NaN], 0.99), 0);
  });

  it('widens one axis so a unit spans as many pixels on x as on y', () => {
    for (const [width, height] of [
      [600, 300],
      [300, 600],
      [400, 400],
    ]) {
      const scales = { x: { min: -2, max: 2 }, y: { min: -2, max: 2 } };
      equalizeAspect({ width, height }, scales, 2);
      const xPerUnit = width / (scales.x.max - scales.x.min);
      const yPerUnit = height / (scales.y.max - scales.y.min);
      assert.ok(Math.abs(xPerUnit - yPerUnit) < 1e-9, `${width}×${height}: ${xPerUnit} vs ${yPerUnit}`);
      assert.ok(Math.min(scales.x.max, scales.y.max) >= 2, 'the requested extent stays visible');
    }
  });

  it('reads typed numbers or says what is wrong', () => {
    assert.equal(parseCount(' 40 ', 'steps'), 40);
    assert.match(String(parseCount('4.5', 'steps')), /Steps T must be a whole number from 1 to 100,000/);
    assert.match(String(parseCount('0', 'steps')), /from 1 to/);
    assert.match(String(parseCount('', 'seed')), /Seed must be a whole number/);
  });
});
