// The helper thread: it takes a share of the Jacobian products and computes the eigenvalues, and the
// numbers are the same bit for bit as on one thread; a helper that fails or dies costs time, not results.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { eigenvalues } from '../../../src/core/linalg/eigen';
import { RowProduct } from '../../../src/core/linalg/row-product';
import { CHUNK_ROWS, chunkCount } from '../../../src/core/linalg/row-splitter';
import { EigenvalueTask, sharedCopy } from '../../../src/core/parallel/helper';
import {
  BoardLeader,
  JOINED,
  TAKEN,
  TICKET,
  createBoardBuffers,
  rowSplitterWith as rowSplitterSending,
  takeChunks,
} from '../../../src/core/parallel/product-board';
import { TAKEN as STEP_TAKEN, TICKET as STEP_TICKET, openStepBoard } from '../../../src/core/parallel/step-board';
import { serialStepSplitter } from '../../../src/core/linalg/step-product';
import { runForward } from '../../../src/core/rnn/forward';
import { jacobianCurve } from '../../../src/core/rnn/jacobian';
import { SeededNormal } from '../../../src/core/random';
import type { RnnModel } from '../../../src/core/rnn/model';
import { sendAndAwaitJoin, startedHelper } from '../helper-thread';

function randomModel(n: number, seed: number): RnnModel {
  const rng = new SeededNormal(seed);
  const matrix = (rows: number, cols: number, scale: number) => ({
    rows,
    cols,
    data: Float64Array.from({ length: rows * cols }, () => rng.normal() * scale),
  });
  return {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'file',
    hiddenSize: n,
    inputSize: 3,
    W_hh: matrix(n, n, 1 / Math.sqrt(n)),
    W_xh: matrix(n, 3, 1),
    b_h: new Float64Array(n),
    tied: [],
    source: { file: 'random', format: 'json', layer: 0, direction: 'forward', layers: [] },
  };
}

test('the helper takes row chunks of every product, and the curve is the same bit for bit as on one thread', async () => {
  const helper = await startedHelper();
  const model = randomModel(200, 1);
  const rng = new SeededNormal(2);
  const inputs = Array.from({ length: 60 }, () => Float64Array.from({ length: 3 }, () => rng.normal()));
  const { derivative } = runForward(model, inputs, new Float64Array(200));
  const shared = jacobianCurve(model.W_hh, derivative, 60, undefined, {
    rowSplitter: rowSplitterSending(helper, sendAndAwaitJoin('products', JOINED)),
  });
  const alone = jacobianCurve(model.W_hh, derivative, 60);
  assert.deepEqual(shared.log10Frobenius, alone.log10Frobenius);
  assert.deepEqual(shared.log10Spectral, alone.log10Spectral);
  assert.equal(alone.chunks?.onHelper, 0);
  assert.equal(shared.chunks?.total, 59 * chunkCount(200));
  assert.ok(
    (shared.chunks?.onHelper ?? 0) > 0,
    `the helper computed ${shared.chunks?.onHelper} of ${shared.chunks?.total} chunks`,
  );
});

test('eigenvalues computed by the helper are those computed here', async () => {
  const helper = await startedHelper();
  const W = randomModel(90, 3).W_hh;
  const task = new EigenvalueTask(sharedCopy(W.data), 90, helper);
  while (task.state === 'pending') await sleep(5);
  let here = 0;
  const fromHelper = task.take(() => {
    here++;
    return [];
  });
  assert.equal(here, 0);
  assert.deepEqual(fromHelper, eigenvalues(W));
});

test('without a helper the eigenvalue task computes here', () => {
  const task = new EigenvalueTask(new Float64Array([1, 2, 3, 4]), 2, null);
  assert.deepEqual(
    task.take(() => [
      [5, 0],
      [-0.5, 0],
    ]),
    [
      [5, 0],
      [-0.5, 0],
    ],
  );
});

/** A board with one product published: J[1] = (J[0]·diag(w))·W, and the result computed on one thread. */
function publishedBoard(n: number, presumedDeadMs?: number) {
  const board = createBoardBuffers(n, false);
  const rng = new SeededNormal(4);
  for (const a of [board.W, board.J[0]]) for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const w = Float64Array.from({ length: n }, () => rng.normal());
  const product = new RowProduct(board.W, n, n);
  const expected = new Float64Array(n * n);
  // Σ squares chunk by chunk, in chunk order, as the board adds them.
  let expectedSumSq = 0;
  for (let i0 = 0; i0 < n; i0 += CHUNK_ROWS)
    expectedSumSq += product.rows(board.J[0], w, i0, Math.min(n, i0 + CHUNK_ROWS), expected);
  const leader = new BoardLeader(board, product, presumedDeadMs);
  leader.publish(0, w);
  return { board, leader, product, expected, expectedSumSq };
}

test('a chunk the helper hands back after an error is computed by the analysis thread', () => {
  const { board, leader, expected, expectedSumSq } = publishedBoard(100);
  const failing = {
    rows: () => {
      throw new Error('out of memory');
    },
  } as unknown as RowProduct;
  assert.throws(() => takeChunks(board, failing, leader.generation), /out of memory/);
  assert.equal(leader.complete(), expectedSumSq);
  assert.deepEqual(board.J[1], expected);
  assert.equal(leader.chunksHere, chunkCount(100));
});

test('a helper that took a chunk and went silent is presumed dead, and its chunk is redone here', () => {
  const { board, leader, expected, expectedSumSq } = publishedBoard(100, 200);
  // Claim chunk 0 the way the helper does, then never finish it.
  const ticket = Atomics.load(board.control, TICKET);
  assert.equal(Atomics.compareExchange(board.control, TICKET, ticket, ticket + 1), ticket);
  Atomics.store(board.chunkState, 0, TAKEN);
  const shared = board.J[1];
  const started = performance.now();
  assert.equal(leader.complete(), expectedSumSq);
  assert.ok(performance.now() - started >= 200, 'waited for the helper first');
  assert.deepEqual(board.J[1], expected);
  // The analysis thread goes on with its own copies: a late write by the stalled helper changes nothing.
  shared.fill(Number.NaN);
  assert.deepEqual(board.J[1], expected);
  const again = Float64Array.from(board.J[0]);
  leader.publish(0, new Float64Array(100).fill(1));
  leader.complete();
  assert.deepEqual(board.J[0], again, 'the next product still runs, on one thread');
  assert.ok(board.J[1].every(Number.isFinite));
});

test('gated step products: a helper that took a chunk and a side norm and went silent costs time, not bits', () => {
  const S = 80;
  const cols = 40;
  const rng = new SeededNormal(5);
  const fill = (a: Float64Array) => {
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  };
  const side = { rows: 40, cols: 40, data: Float64Array.from({ length: 1600 }, () => rng.normal()) };
  const serial = serialStepSplitter(S, cols, cols, { count: 1, size: 40 });
  const { board, leader } = openStepBoard(S, cols, cols, { count: 1, size: 40 }, 200);
  fill(serial.buffers.J[0]);
  fill(serial.buffers.R[1]);
  fill(serial.buffers.diagonal[1]);
  board.buffers.J[0].set(serial.buffers.J[0]);
  board.buffers.R[1].set(serial.buffers.R[1]);
  board.buffers.diagonal[1].set(serial.buffers.diagonal[1]);
  const request = { source: 0 as const, slot: 1 as const, scale: 0.5 };
  serial.publish(request, [{ matrix: side }]);
  const expectedSumSq = serial.complete();
  leader.publish(request, [{ matrix: side }]);
  // Claim chunk 0 and the side norm the way the helper does, then never finish them.
  const ticket = Atomics.load(board.control, STEP_TICKET);
  assert.equal(Atomics.compareExchange(board.control, STEP_TICKET, ticket, ticket + 1), ticket);
  Atomics.store(board.chunkState, 0, STEP_TAKEN);
  const sideState = Atomics.load(board.sideControl, 0);
  Atomics.store(board.sideControl, 0, sideState + 1);
  const started = performance.now();
  assert.equal(leader.complete(), expectedSumSq);
  assert.ok(performance.now() - started >= 200, 'waited for the helper first');
  assert.deepEqual(leader.buffers.J[1], serial.buffers.J[1]);
  assert.deepEqual(leader.sideResults, serial.sideResults);
  assert.ok(serial.sideResults[0].value > 0);
});
