// jacobianCurve computes its products through the row splitter it is given, and gets the same bits from any.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serialRowSplitter, type OpenRowSplitter } from '../../../src/core/linalg/row-splitter';
import { SeededNormal } from '../../../src/core/random';
import { jacobianCurve } from '../../../src/core/rnn/jacobian';

test('jacobianCurve publishes one product per lag after the first to the splitter it is given', () => {
  const n = 40;
  const rng = new SeededNormal(7);
  const W = { rows: n, cols: n, data: Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n)) };
  const derivative = (): Float64Array => Float64Array.from({ length: n }, () => 0.5 + 0.5 * Math.abs(rng.normal()));
  const derivatives = Array.from({ length: 12 }, derivative);
  const calls: string[] = [];
  const recording: OpenRowSplitter = (w, size) => {
    const inner = serialRowSplitter(w, size);
    return {
      get J() {
        return inner.J;
      },
      get chunksHere() {
        return inner.chunksHere;
      },
      chunksInAll: 1000,
      publish: (source, scale) => {
        calls.push(`publish ${source}`);
        inner.publish(source, scale);
      },
      complete: () => {
        calls.push('complete');
        return inner.complete();
      },
      close: () => calls.push('close'),
    };
  };
  const given = jacobianCurve(W, derivatives, 5, undefined, { rowSplitter: recording });
  const products = ['publish 0', 'complete', 'publish 1', 'complete', 'publish 0', 'complete', 'publish 1', 'complete'];
  assert.deepEqual(calls, [...products, 'close']);
  assert.equal(given.chunks?.total, 1000, "the chunk counts are the splitter's");
  const alone = jacobianCurve(W, derivatives, 5);
  assert.deepEqual(given.log10Frobenius, alone.log10Frobenius);
  assert.deepEqual(given.log10Spectral, alone.log10Spectral);
});
