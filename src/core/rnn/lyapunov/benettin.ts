// Benettin's method along the driven trajectory: k orthonormal directions Q evolve with the step Jacobians,
// Q ← A_t Q, and are re-orthonormalised by QR every t steps; λ_i = (1/T) Σ ln|R_ii| over the counted steps,
// after a warm-up that is run but not counted. In the log domain throughout: no product of R_ii is formed.
//
// A stack of layers (bottom first) runs forward together, each layer on the one below's h_t. The tangent covers
// the layers from `tangentFrom` up: S = their states stacked, and M_t Q is built from the bottom up without
// forming M_t — block k of M_t Q is A^k_t Q_k + B^k_t (the h rows of block k − 1 of M_t Q), B^k_t = ∂s^k_t/∂x^k_t
// (stack-jacobian.ts does the same for J · M_t from the top down). One layer is the case tangentFrom = top.
import { zeros, type Matrix } from '../../linalg/matrix';
import type { RecurrentModel } from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { InputError } from '../../errors';
import type { InputStream } from './input-stream';
import { choleskyFromGram, householderQr, inverseTask } from './orthonormalize';
import {
  chunkRowsFor,
  gramTask,
  NONE,
  serialTangentSplitter,
  sumGramPartials,
  type TangentSplitter,
  type TangentSplitterFactory,
  type TangentTask,
} from '../../linalg/tangent-product';
import { SeededNormal } from '../../random';
import {
  BATCHES,
  MIN_BATCHES_TO_STOP,
  RUNNING_POINTS,
  resolveLyapunovSettings,
  type LyapunovSettings,
  type ResolvedLyapunovSettings,
} from './settings';
import { cellStepper, type CellStepper, type TangentOperand } from './stepper';

export interface LyapunovRun {
  /** λ_1 ≥ … ≥ λ_k per step, natural log (−∞ for a direction mapped to zero). */
  readonly exponents: number[];
  /** Batch-means standard error of each exponent (null with fewer than 2 batches or an infinite exponent). */
  readonly standardError: (number | null)[];
  readonly settings: ResolvedLyapunovSettings;
  /** Steps counted (fewer than settings.steps after an early stop). */
  readonly steps: number;
  readonly stoppedEarly: boolean;
  /** The size of the state the spectrum is of. */
  readonly stateSize: number;
  /** The running estimate of λ₁ after `step` counted steps, at most RUNNING_POINTS points. */
  readonly running: { readonly step: number[]; readonly lambda1: number[] };
  /** QR steps that needed Householder (ill-conditioned directions). */
  readonly householderSteps: number;
  /** Row chunks of the products computed by the helper thread, and in all. */
  readonly chunks: { readonly onHelper: number; readonly total: number };
}

export interface LyapunovProblem {
  /** The stack, bottom first (one layer: [model]). */
  readonly layers: readonly RecurrentModel[];
  /** The first layer whose state is in the tangent (0: the whole stack; layers.length − 1: the top layer only). */
  readonly tangentFrom: number;
  /** x_t of layers[0]. */
  readonly inputs: InputStream;
  /** Initial states, one per layer (zeros when absent). */
  readonly initialStates?: readonly (Float64Array | undefined)[];
  /** Q₀ (S × k, orthonormal columns); default seededDirections. */
  readonly initialDirections?: Matrix;
  /**
   * Who computes each step's products by rows: this thread alone (the default) or with the helper thread
   * (tangentSplitterWith(helperThread())); the exponents are the same to the bit either way.
   */
  readonly threads?: TangentSplitterFactory;
}

/** The seed of the default Q₀: the same directions on every run, so a result can be reproduced. */
export const DIRECTIONS_SEED = 0;

/**
 * Q₀ from seeded N(0, 1) entries, orthonormalised: generic directions. The first k columns of the identity are
 * not: a W_hh close to triangular leaves that flag nearly invariant, and the directions then take hundreds of
 * steps, more than the warm-up, to turn towards the growing ones.
 */
export function seededDirections(S: number, k: number, seed = DIRECTIONS_SEED): Matrix {
  const rng = new SeededNormal(seed);
  const Q = zeros(S, k);
  for (let i = 0; i < Q.data.length; i++) Q.data[i] = rng.normal();
  householderQr(Q, new Float64Array(k));
  return Q;
}

export function lyapunovSpectrum(
  problem: LyapunovProblem,
  settings: LyapunovSettings = {},
  hooks: ComputeHooks = {},
): LyapunovRun {
  const { layers, tangentFrom } = problem;
  const top = layers.length - 1;
  if (!(tangentFrom >= 0 && tangentFrom <= top))
    throw new RangeError(`tangentFrom ${tangentFrom} is outside 0..${top}`);
  const threads = problem.threads ?? serialTangentSplitter;
  const steppers = layers.map((m, i) =>
    cellStepper(m, problem.initialStates?.[i], i >= tangentFrom ? threads.allocate : undefined, layers.length === 1),
  );
  const tangent = steppers.slice(tangentFrom);
  const sizes = tangent.map((s) => s.stateSize);
  const S = sizes.reduce((a, b) => a + b, 0);
  const resolved = resolveLyapunovSettings(settings, S);
  if (typeof resolved === 'string') throw new InputError(layers[top].source.file, 'lyapunov', resolved);
  const { k, steps, warmup, every, tolerance } = resolved;

  const given = problem.initialDirections;
  if (given && (given.rows !== S || given.cols !== k))
    throw new RangeError(`initial directions are ${given.rows}×${given.cols}, expected ${S}×${k}`);
  const tasks = new TangentTasks(tangent, S, k, threads);
  tasks.directions.set(given ? given.data : seededDirections(S, k).data);
  const logR = new Float64Array(k);
  const sums = new Float64Array(k);
  const qrEvents = Math.ceil(steps / every);
  const perBatch = Math.max(1, Math.ceil(qrEvents / BATCHES));
  const batch = { sums: new Float64Array(k), steps: 0, events: 0 };
  const batchLambdas: Float64Array[] = [];
  const batchSteps: number[] = [];
  const stride = Math.max(1, Math.ceil(qrEvents / RUNNING_POINTS));
  const running = { step: [] as number[], lambda1: [] as number[] };
  let counted = 0;
  let event = 0;
  let sinceQr = 0;
  let stoppedEarly = false;
  const total = warmup + steps;
  const file = layers[top].source.file;
  let advanced = 0;
  const advance = (t: number): void => {
    let x = problem.inputs.next();
    for (const stepper of steppers) {
      stepper.advance(x, t);
      x = stepper.output;
    }
    advanced = t;
  };

  try {
    for (let t = 1; t <= total; t++) {
      // A step of a large model can take a while: a cancel is seen at every step, progress every few.
      throwIfCancelled(hooks);
      if (t % 8 === 0)
        hooks.onProgress?.(t / total, `Lyapunov spectrum: step ${t} of ${total}${t <= warmup ? ' (warm-up)' : ''}`);
      if (advanced < t) advance(t);
      sinceQr++;
      const counting = t > warmup;
      if (counting) counted++;
      const endOfPhase = t === warmup || t === total;
      const qrNow = sinceQr >= every || endOfPhase;
      tasks.tangentStep(qrNow);
      if (!qrNow) continue;
      tasks.factor(logR);
      for (let i = 0; i < k; i++)
        if (Number.isNaN(logR[i]))
          throw new InputError(
            file,
            'W_hh',
            `the tangent directions are not finite numbers at step ${t} of the Lyapunov run (warm-up included): a ` +
              'step Jacobian leaves float64 there, so no exponent can be measured past it',
          );
      if (counting) {
        for (let i = 0; i < k; i++) {
          sums[i] += logR[i];
          batch.sums[i] += logR[i];
        }
        batch.steps += sinceQr;
        batch.events++;
        event++;
        if (event % stride === 0 || t === total) {
          running.step.push(counted);
          running.lambda1.push(sums[0] / counted);
        }
        if (batch.events === perBatch || t === total) {
          batchLambdas.push(batch.sums.map((v) => v / batch.steps));
          batchSteps.push(batch.steps);
          batch.sums.fill(0);
          batch.steps = 0;
          batch.events = 0;
          if (
            tolerance !== undefined &&
            t < total &&
            batchLambdas.length >= MIN_BATCHES_TO_STOP &&
            batchMeansErrors(batchLambdas, batchSteps).every((e) => e !== null && e < tolerance)
          ) {
            stoppedEarly = true;
            if (running.step[running.step.length - 1] !== counted) {
              running.step.push(counted);
              running.lambda1.push(sums[0] / counted);
            }
            break;
          }
        }
      }
      // The next step's forward pass and Jacobians run here while the other thread starts on Q = X R⁻¹, which
      // reads neither.
      if (t < total)
        tasks.orthonormalize(() => {
          advance(t + 1);
          tasks.prepare();
        });
      sinceQr = 0;
    }
  } finally {
    tasks.close();
  }
  hooks.onProgress?.(1, 'Lyapunov spectrum');
  // QR leaves the diagonal in the order of the directions, which Benettin's method sorts only in the limit.
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => sums[b] - sums[a]);
  const errors = batchMeansErrors(batchLambdas, batchSteps);
  return {
    exponents: order.map((i) => sums[i] / counted),
    standardError: order.map((i) => errors[i]),
    settings: resolved,
    steps: counted,
    stoppedEarly,
    stateSize: S,
    running,
    householderSteps: tasks.householderSteps,
    chunks: tasks.chunkCounts,
  };
}

/** Array indices of the splitter's list: the two S × k blocks of directions and R⁻¹; the steppers' after them. */
const BLOCKS = [0, 1] as const;
const INVERSE = 2;

/**
 * One Benettin step as tasks on a splitter: X = M_t Q from the bottom tangent layer up (see the header), block k
 * as A^k_t Q_k, then + B^k_t (the h rows of block k − 1 of X); the Gram partials of X (fused with the product for
 * one layer); then R from their sum and Q = X R⁻¹. Q and X take turns in the two blocks.
 */
class TangentTasks {
  private readonly splitter: TangentSplitter;
  private readonly index = new Map<Float64Array, number>();
  private readonly chunkRows: number;
  private readonly chunks: number;
  private readonly G: Float64Array;
  private readonly L: Float64Array;
  /** Which block holds Q. */
  private current: 0 | 1 = 0;
  /** Whether the last factor() was Cholesky's (else Householder has already left Q in place). */
  private cholesky = false;
  householderSteps = 0;

  constructor(
    private readonly tangent: readonly CellStepper[],
    private readonly S: number,
    private readonly k: number,
    threads: TangentSplitterFactory,
  ) {
    const arrays = [threads.allocate(S * k), threads.allocate(S * k), threads.allocate(k * k)];
    // Every array an operand can use: the helper is sent them once.
    for (const a of tangent.flatMap((stepper) => stepper.operandArrays))
      if (!this.index.has(a)) {
        this.index.set(a, arrays.length);
        arrays.push(a);
      }
    this.chunkRows = chunkRowsFor(S, k);
    this.chunks = Math.ceil(S / this.chunkRows);
    this.splitter = threads.open(arrays, this.chunks, k);
    this.G = new Float64Array(k * k);
    this.L = new Float64Array(k * k);
  }

  /** The block that holds Q (read it again after a task: a splitter may replace its arrays). */
  get directions(): Float64Array {
    return this.splitter.arrays[BLOCKS[this.current]];
  }

  /** This step's Jacobians as operands (they are written into the steppers' arrays): once per step. */
  prepare(): void {
    this.operands = this.tangent.map((stepper, i) => ({
      own: stepper.tangent(),
      ...(i > 0 ? { input: stepper.inputTangent() } : {}),
    }));
  }

  private operands: { own: TangentOperand; input?: TangentOperand }[] | undefined;

  tangentStep(withGram: boolean): void {
    const { tangent, k, splitter } = this;
    if (!this.operands) this.prepare();
    const operands = this.operands!;
    this.operands = undefined;
    const q = BLOCKS[this.current];
    const x = BLOCKS[1 - this.current];
    if (tangent.length === 1) {
      splitter.run(this.task(operands[0].own, q, 0, x, 0, false, withGram));
    } else {
      let offset = 0;
      let below = 0;
      tangent.forEach((stepper, i) => {
        splitter.run(this.task(operands[i].own, q, offset, x, offset, false, false));
        const input = operands[i].input;
        if (input) splitter.run(this.task(input, x, below, x, offset, true, false));
        below = offset;
        offset += stepper.stateSize;
      });
      if (withGram) splitter.run(gramTask(x, this.S, k, this.chunkRows));
    }
    this.current = (1 - this.current) as 0 | 1;
  }

  /** R of the directions just computed: ln|R_ii| into logR, R⁻¹ kept for orthonormalize (or Householder done). */
  factor(logR: Float64Array): void {
    const { k } = this;
    sumGramPartials(this.splitter.gramParts, this.chunks, k, this.G);
    this.cholesky = choleskyFromGram(this.G, k, this.L, this.splitter.arrays[INVERSE], logR);
    if (this.cholesky) return;
    // Too ill-conditioned for Cholesky QR: Householder, here, on X in place (Q is then where X was).
    this.householderSteps++;
    householderQr({ rows: this.S, cols: k, data: this.directions }, logR);
  }

  /** Q = X R⁻¹ into the other block, after factor(); `meanwhile` runs on this thread as the helper starts. */
  orthonormalize(meanwhile?: () => void): void {
    if (!this.cholesky) {
      meanwhile?.();
      return;
    }
    const x = BLOCKS[this.current];
    const q = BLOCKS[1 - this.current];
    this.splitter.run(inverseTask(x, INVERSE, q, this.S, this.k, this.chunkRows), meanwhile);
    this.current = (1 - this.current) as 0 | 1;
  }

  close(): void {
    this.splitter.close();
  }

  get chunkCounts(): { onHelper: number; total: number } {
    const { chunksHere, chunksInAll } = this.splitter;
    return { onHelper: chunksInAll - chunksHere, total: chunksInAll };
  }

  /** Rows of block `cAt` of array c = op · (rows of array b from bAt), as a task. */
  private task(
    op: TangentOperand,
    b: number,
    bRow: number,
    c: number,
    cRow: number,
    accumulate: boolean,
    gram: boolean,
  ): TangentTask {
    const { k } = this;
    const idx = (a: Float64Array): number => {
      const i = this.index.get(a);
      if (i === undefined) throw new RangeError('a tangent operand outside the arrays registered at the start');
      return i;
    };
    return {
      a: idx(op.a.data),
      aAt: 0,
      rows: op.a.rows,
      depth: op.a.cols,
      b,
      bAt: (bRow + op.from) * k,
      cols: k,
      c,
      cAt: cRow * k,
      scale: op.scale ? idx(op.scale) : NONE,
      e: op.diagonal ? idx(op.diagonal.e) : NONE,
      y: op.diagonal ? b : NONE,
      yAt: op.diagonal ? (bRow + op.diagonal.yFrom) * k : 0,
      period: op.diagonal?.period ?? 1,
      accumulate,
      gram,
      chunkRows: this.chunkRows,
      aFixed: op.fixed === true,
    };
  }
}

/** The standard error of each exponent's mean from the batch means, weighted by the batches' steps. */
function batchMeansErrors(lambdas: readonly Float64Array[], weights: readonly number[]): (number | null)[] {
  const B = lambdas.length;
  const k = B > 0 ? lambdas[0].length : 0;
  const W = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: k }, (_, i) => {
    if (B < 2) return null;
    let mean = 0;
    for (let b = 0; b < B; b++) mean += weights[b] * lambdas[b][i];
    mean /= W;
    if (!Number.isFinite(mean)) return null;
    let v = 0;
    for (let b = 0; b < B; b++) v += (weights[b] * (lambdas[b][i] - mean)) ** 2;
    return Math.sqrt((v / (W * W)) * (B / (B - 1)));
  });
}
