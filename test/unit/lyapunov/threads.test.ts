// Benettin's method on two threads: the helper takes row chunks of every step's products (A_t Q, the Gram
// partials, Q = X R⁻¹), and the exponents and the running λ₁ are the same bit for bit as on one thread, for every
// cell and a stack; a helper that goes silent mid-run costs time, not a bit of the result.
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { test } from 'node:test';
import type { Matrix } from '../../../src/core/linalg/matrix';
import type { TangentSplitterFactory } from '../../../src/core/linalg/tangent-product';
import { tangentSplitterWith } from '../../../src/core/parallel/helper';
import {
  JOINED,
  TAKEN,
  TICKET,
  openTangentBoard,
  tangentSplitterWith as tangentSplitterSending,
} from '../../../src/core/parallel/tangent-board';
import { alwaysShare } from '../../../src/core/parallel/share-judge';
import { sendAndAwaitJoin, startedHelper } from '../helper-thread';
import { SeededNormal } from '../../../src/core/random';
import type { GruModel, LstmModel, RecurrentModel } from '../../../src/core/rnn/gated-model';
import { lyapunovSpectrum, type LyapunovProblem, type LyapunovRun } from '../../../src/core/rnn/lyapunov/benettin';
import { seededInputs } from '../../../src/core/rnn/lyapunov/input-stream';
import type { LyapunovSettings } from '../../../src/core/rnn/lyapunov/settings';
import type { RnnModel } from '../../../src/core/rnn/model';

const source = { file: 'random', format: 'json', layer: 0, direction: 'forward' as const, layers: [] };

function weights(seed: number) {
  const rng = new SeededNormal(seed);
  return (rows: number, cols: number, scale: number): Matrix => ({
    rows,
    cols,
    data: Float64Array.from({ length: rows * cols }, () => rng.normal() * scale),
  });
}

function rnn(n: number, m: number, seed: number): RnnModel {
  const w = weights(seed);
  return {
    cell: 'rnn',
    activation: 'tanh',
    activationSource: 'file',
    hiddenSize: n,
    inputSize: m,
    W_hh: w(n, n, 1.4 / Math.sqrt(n)),
    W_xh: w(n, m, 0.5),
    b_h: w(1, n, 0.1).data,
    tied: [],
    source,
  };
}

function lstm(n: number, m: number, seed: number, projection = 0): LstmModel {
  const w = weights(seed);
  const P = projection || n;
  return {
    cell: 'lstm',
    hiddenSize: n,
    outputSize: P,
    inputSize: m,
    W_ih: w(4 * n, m, 0.5),
    W_hh: w(4 * n, P, 1.5 / Math.sqrt(P)),
    b: w(1, 4 * n, 0.1).data,
    ...(projection ? { W_hr: w(P, n, 1 / Math.sqrt(n)) } : {}),
    source,
  };
}

function gru(n: number, m: number, seed: number): GruModel {
  const w = weights(seed);
  return {
    cell: 'gru',
    hiddenSize: n,
    inputSize: m,
    W_ih: w(3 * n, m, 0.5),
    W_hh: w(3 * n, n, 1.5 / Math.sqrt(n)),
    b_ih: w(1, 3 * n, 0.1).data,
    b_hh: w(1, 3 * n, 0.1).data,
    resetAfter: true,
    source,
  };
}

function spectrum(
  layers: RecurrentModel[],
  tangentFrom: number,
  settings: LyapunovSettings,
  threads?: TangentSplitterFactory,
): LyapunovRun {
  const problem: LyapunovProblem = {
    layers,
    tangentFrom,
    inputs: seededInputs(7, layers[0].inputSize),
    ...(threads ? { threads } : {}),
  };
  return lyapunovSpectrum(problem, settings);
}

function assertSameBits(two: LyapunovRun, one: LyapunovRun): void {
  assert.equal(two.exponents.length, one.exponents.length);
  two.exponents.forEach((l, i) => assert.ok(l === one.exponents[i], `λ_${i + 1}: ${l} against ${one.exponents[i]}`));
  two.standardError.forEach((e, i) => assert.ok(e === one.standardError[i], `error ${i + 1}`));
  assert.deepEqual(two.running.step, one.running.step);
  two.running.lambda1.forEach((l, i) =>
    assert.ok(
      l === one.running.lambda1[i],
      `running λ₁ at ${two.running.step[i]}: ${l} against ${one.running.lambda1[i]}`,
    ),
  );
  assert.equal(two.householderSteps, one.householderSteps);
}

/**
 * Two threads that always share, the leader waiting until the helper serves each board: the default judge may
 * keep a loaded machine's leader alone for a whole short run (the judge's solo stretches are the next test's).
 */
function sharingWithJoinedHelper(helper: Worker): TangentSplitterFactory {
  return tangentSplitterSending(helper, sendAndAwaitJoin('tangentProducts', JOINED), () => alwaysShare);
}

const cases: { name: string; layers: () => RecurrentModel[]; tangentFrom: number; settings: LyapunovSettings }[] = [
  { name: 'RNN n = 100', layers: () => [rnn(100, 3, 1)], tangentFrom: 0, settings: { k: 40, steps: 120, warmup: 10 } },
  {
    name: 'RNN, QR every 3 steps',
    layers: () => [rnn(90, 2, 2)],
    tangentFrom: 0,
    settings: { k: 20, steps: 90, warmup: 9, every: 3 },
  },
  {
    name: 'LSTM n = 48 (state 96)',
    layers: () => [lstm(48, 3, 3)],
    tangentFrom: 0,
    settings: { k: 30, steps: 100, warmup: 10 },
  },
  {
    name: 'LSTM with a projection',
    layers: () => [lstm(40, 3, 4, 24)],
    tangentFrom: 0,
    settings: { k: 20, steps: 80, warmup: 10 },
  },
  { name: 'GRU n = 80', layers: () => [gru(80, 3, 5)], tangentFrom: 0, settings: { k: 30, steps: 100, warmup: 10 } },
  {
    name: 'the whole stack GRU 40 → LSTM 30 → RNN 50',
    layers: () => [gru(40, 3, 6), lstm(30, 40, 7), rnn(50, 30, 8)],
    tangentFrom: 0,
    settings: { k: 36, steps: 80, warmup: 10 },
  },
  {
    name: 'the top layer of a stack, the layers below streaming',
    layers: () => [lstm(30, 3, 9), gru(70, 30, 10)],
    tangentFrom: 1,
    settings: { k: 25, steps: 80, warmup: 10 },
  },
];

for (const c of cases) {
  test(`Lyapunov spectrum on two threads: ${c.name}, the same bits as on one`, async () => {
    const helper = await startedHelper();
    const one = spectrum(c.layers(), c.tangentFrom, c.settings);
    const two = spectrum(c.layers(), c.tangentFrom, c.settings, sharingWithJoinedHelper(helper));
    assertSameBits(two, one);
    assert.equal(one.chunks.onHelper, 0);
    assert.equal(two.chunks.total, one.chunks.total);
    assert.ok(two.chunks.onHelper > 0, `the helper computed ${two.chunks.onHelper} of ${two.chunks.total} chunks`);
    assert.ok(one.exponents[0] > one.exponents[one.exponents.length - 1], 'a spectrum, not one repeated value');
  });
}

test('tasks the leader runs alone between shared ones (a loaded machine) change no bit either', async () => {
  const helper = await startedHelper();
  for (const c of [cases[2], cases[5]]) {
    const one = spectrum(c.layers(), c.tangentFrom, c.settings);
    let asked = 0;
    let alone = 0;
    const judge = () => ({
      goAlone: () => {
        const go = asked++ % 3 === 1;
        if (go) alone++;
        return go;
      },
      shared: () => {},
    });
    const two = spectrum(c.layers(), c.tangentFrom, c.settings, tangentSplitterWith(helper, judge));
    assertSameBits(two, one);
    assert.ok(
      alone > 0 && two.chunks.onHelper > 0,
      `${alone} tasks alone, ${two.chunks.onHelper} chunks on the helper`,
    );
  }
});

test('a helper that goes silent mid-run, holding a chunk, costs time only: the spectrum is the one thread’s', () => {
  const layers = () => [lstm(40, 3, 11)];
  const settings = { k: 20, steps: 30, warmup: 5 };
  const one = spectrum(layers(), 0, settings);
  let runs = 0;
  const silent: TangentSplitterFactory = {
    allocate: (length) => new Float64Array(new SharedArrayBuffer(length * 8)),
    open(arrays, maxChunks, k) {
      const { board, leader } = openTangentBoard(arrays, maxChunks, k, 100);
      return {
        get arrays() {
          return leader.arrays;
        },
        get gramParts() {
          return leader.gramParts;
        },
        run(task, meanwhile) {
          runs++;
          if (runs !== 13) return leader.run(task, meanwhile);
          // The 13th task: claim chunk 0 as the helper does, then never finish it.
          leader.run(task, () => {
            const ticket = Atomics.load(board.control, TICKET);
            assert.equal(Atomics.compareExchange(board.control, TICKET, ticket, ticket + 1), ticket);
            Atomics.store(board.chunkState, 0, TAKEN);
            meanwhile?.();
          });
        },
        close: () => leader.close(),
        get chunksHere() {
          return leader.chunksHere;
        },
        get chunksInAll() {
          return leader.chunksInAll;
        },
      };
    },
  };
  const started = performance.now();
  const two = spectrum(layers(), 0, settings, silent);
  assert.ok(performance.now() - started >= 100, 'waited for the helper first');
  assert.ok(runs > 13);
  assertSameBits(two, one);
});
