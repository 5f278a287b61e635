// Benettin's method along the driven trajectory: k orthonormal directions Q evolve with the step Jacobians,
// Q ← A_t Q, and are re-orthonormalised by QR every t steps; λ_i = (1/T) Σ ln|R_ii| over the counted steps,
// after a warm-up that is run but not counted. In the log domain throughout: no product of R_ii is formed.
//
// A stack of layers (bottom first) runs forward together, each layer on the one below's h_t. The tangent covers
// the layers from `tangentFrom` up: S = their states stacked, and M_t Q is built from the bottom up without
// forming M_t — block k of M_t Q is A^k_t Q_k + B^k_t (the h rows of block k − 1 of M_t Q), B^k_t = ∂s^k_t/∂x^k_t
// (stack-jacobian.ts does the same for J · M_t from the top down). One layer is the case tangentFrom = top.
import { zeros, type Matrix } from '../../linalg/matrix';
import { outputSizeOf, type RecurrentModel } from '../gated-model';
import { throwIfCancelled, type ComputeHooks } from '../hooks';
import { InputError } from '../../errors';
import type { InputStream } from './input-stream';
import { householderQr, orthonormalizer } from './orthonormalize';
import { SeededNormal } from '../../random';
import {
  BATCHES,
  MIN_BATCHES_TO_STOP,
  RUNNING_POINTS,
  resolveLyapunovSettings,
  type LyapunovSettings,
  type ResolvedLyapunovSettings,
} from './settings';
import { cellStepper, type CellStepper } from './stepper';

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
  const steppers = layers.map((m, i) => cellStepper(m, problem.initialStates?.[i]));
  const tangent = steppers.slice(tangentFrom);
  const sizes = tangent.map((s) => s.stateSize);
  const S = sizes.reduce((a, b) => a + b, 0);
  const resolved = resolveLyapunovSettings(settings, S);
  if (typeof resolved === 'string') throw new InputError(layers[top].source.file, 'lyapunov', resolved);
  const { k, steps, warmup, every, tolerance } = resolved;

  const given = problem.initialDirections;
  if (given && (given.rows !== S || given.cols !== k))
    throw new RangeError(`initial directions are ${given.rows}×${given.cols}, expected ${S}×${k}`);
  let Q = given ? { rows: S, cols: k, data: Float64Array.from(given.data) } : seededDirections(S, k);
  const qr = orthonormalizer();
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

  for (let t = 1; t <= total; t++) {
    // A step of a large model can take a while: a cancel is seen at every step, progress every few.
    throwIfCancelled(hooks);
    if (t % 8 === 0)
      hooks.onProgress?.(t / total, `Lyapunov spectrum: step ${t} of ${total}${t <= warmup ? ' (warm-up)' : ''}`);
    let x = problem.inputs.next();
    for (const stepper of steppers) {
      stepper.advance(x, t);
      x = stepper.output;
    }
    Q = tangentStep(tangent, Q, sizes);
    sinceQr++;
    const counting = t > warmup;
    if (counting) counted++;
    const endOfPhase = t === warmup || t === total;
    if (sinceQr < every && !endOfPhase) continue;
    qr.run(Q, logR);
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
    sinceQr = 0;
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
    householderSteps: qr.householderSteps,
  };
}

/** M_t Q from the bottom tangent layer up (see the header). */
function tangentStep(tangent: readonly CellStepper[], Q: Matrix, sizes: readonly number[]): Matrix {
  if (tangent.length === 1) return tangent[0].tangent(Q);
  const k = Q.cols;
  const out = zeros(Q.rows, k);
  let offset = 0;
  let below: Matrix | undefined;
  tangent.forEach((stepper, i) => {
    const rows = sizes[i];
    const block: Matrix = { rows, cols: k, data: Q.data.subarray(offset * k, (offset + rows) * k) };
    const own = stepper.tangent(block);
    if (below) {
      const m = outputSizeOf(tangent[i - 1].model);
      const fromBelow = stepper.inputTangent({ rows: m, cols: k, data: below.data.subarray(0, m * k) });
      for (let j = 0; j < own.data.length; j++) own.data[j] += fromBelow.data[j];
    }
    out.data.set(own.data, offset * k);
    below = own;
    offset += rows;
  });
  return out;
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
