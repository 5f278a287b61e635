// The Lyapunov run's settings a user can change, their defaults and the words for a bad one: the CLI, the
// analysis and the panel's Long run fields read them here.
import { countRule, isWithinBound } from '../../bounds';

export interface LyapunovSettings {
  /** Directions k (default: the state size, up to DEFAULT_MAX_K). */
  k?: number;
  /** Counted steps T (default DEFAULT_LYAPUNOV_STEPS). */
  steps?: number;
  /** Steps run first and not counted, for the directions to align (default DEFAULT_WARMUP). */
  warmup?: number;
  /** Re-orthonormalise every t steps, 1 ≤ t ≤ 10 (default 1). */
  every?: number;
  /** Stop once every exponent's standard error is below this (per step); default: run all T steps. */
  tolerance?: number;
}

export const DEFAULT_MAX_K = 64;
export const DEFAULT_LYAPUNOV_STEPS = 1000;
export const DEFAULT_WARMUP = 100;
export const DEFAULT_REORTHONORMALIZE_EVERY = 1;
/** Batches of the batch-means standard error; an early stop is considered from MIN_BATCHES_TO_STOP on. */
export const BATCHES = 20;
export const MIN_BATCHES_TO_STOP = 10;
/** Points of the running λ₁ estimate kept for a chart. */
export const RUNNING_POINTS = 200;

export interface ResolvedLyapunovSettings {
  readonly k: number;
  readonly steps: number;
  readonly warmup: number;
  readonly every: number;
  readonly tolerance?: number;
}

/** The settings with defaults filled for a state of `stateSize` entries, or the first rule one breaks. */
export function resolveLyapunovSettings(
  settings: LyapunovSettings,
  stateSize: number,
): ResolvedLyapunovSettings | string {
  const k = settings.k ?? Math.min(stateSize, DEFAULT_MAX_K);
  const steps = settings.steps ?? DEFAULT_LYAPUNOV_STEPS;
  const warmup = settings.warmup ?? DEFAULT_WARMUP;
  const every = settings.every ?? DEFAULT_REORTHONORMALIZE_EVERY;
  if (!isWithinBound(k, 'lyapunovK')) return `${countRule('lyapunovK')}, got ${k}`;
  if (k > stateSize)
    return `k = ${k} directions is more than the state has (${stateSize} entries): at most ${stateSize} exponents exist`;
  if (!isWithinBound(steps, 'lyapunovSteps')) return `${countRule('lyapunovSteps')}, got ${steps}`;
  if (!isWithinBound(warmup, 'warmup')) return `${countRule('warmup')}, got ${warmup}`;
  if (!isWithinBound(every, 'reorthonormalizeEvery')) return `${countRule('reorthonormalizeEvery')}, got ${every}`;
  const tolerance = settings.tolerance;
  if (tolerance !== undefined) {
    const problem = toleranceProblem(tolerance);
    if (problem) return `${problem}, got ${tolerance}`;
  }
  return { k, steps, warmup, every, ...(tolerance !== undefined ? { tolerance } : {}) };
}

/** Why `tolerance` is not a valid early-stop tolerance, or undefined. */
export function toleranceProblem(tolerance: number): string | undefined {
  return Number.isFinite(tolerance) && tolerance > 0
    ? undefined
    : 'the Lyapunov tolerance must be a positive number (a standard error per step, e.g. 0.001)';
}
