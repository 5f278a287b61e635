// The upper bound of every count a user or a file gives, in one place: the CLI's options, the panel's fields and
// the analysis all check against these, before any work starts, and say the bound in the same words.
// Pure (no imports but number formatting): the panel's page uses it too.
import { fmtCount } from './format-number';

export interface CountBound {
  /** How a person names the count, as the panel labels it: "Steps T". */
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

/**
 * `steps`: one forward step per input row; 100 000 already takes minutes at n = 1000 (and the memory bound below
 * limits larger models further). `lags` ≤ steps. `layer`: files with more layers than this do not exist.
 * `seed`: the random inputs' generator takes 32 bits; larger seeds would repeat smaller ones. `hiddenSize`: the
 * analysis holds several n×n float64 matrices (512 MiB each at 8192) and its eigenvalues take O(n³).
 * `inputSize`: x_t has m entries per step. `k`: for analyses that keep the k largest of something (singular
 * values, modes); none does yet. `lyapunovK`: the Lyapunov run's tangent directions (it costs one state × k block
 * per step, and k ≤ the state size, checked once the model is known). `lyapunovSteps`: the run streams its
 * trajectory, so only time bounds it (10⁶ steps of an n = 256 RNN at k = 64 take about 20 minutes). `warmup`:
 * steps run before counting (0: none). `reorthonormalizeEvery`: past 10 steps the directions' lengths can leave
 * float64 and their angles collapse before a QR sees them.
 */
export const BOUNDS = {
  steps: { label: 'Steps T', min: 1, max: 100_000 },
  lags: { label: 'Lags L', min: 1, max: 100_000 },
  layer: { label: 'Layer', min: 0, max: 9_999 },
  seed: { label: 'Seed', min: 0, max: 2 ** 32 - 1 },
  hiddenSize: { label: 'Hidden size n', min: 1, max: 8_192 },
  inputSize: { label: 'Input size m', min: 0, max: 1_048_576 },
  k: { label: 'k', min: 1, max: 8_192 },
  lyapunovK: { label: 'Lyapunov directions k', min: 1, max: 8_192 },
  lyapunovSteps: { label: 'Lyapunov steps T', min: 1, max: 1_000_000 },
  warmup: { label: 'Warm-up steps', min: 0, max: 1_000_000 },
  reorthonormalizeEvery: { label: 'Re-orthonormalise every t steps', min: 1, max: 10 },
} as const satisfies Record<string, CountBound>;

export type BoundName = keyof typeof BOUNDS;

/**
 * How deeply a JSON or YAML file (weights, inputs, a config, a safetensors header) may nest arrays and objects:
 * tensors need one level per dimension, configs a handful; the parsers recurse once per level.
 */
export const MAX_NESTING_DEPTH = 256;

/** Memory the sequence may take: h, a, σ'(a) and the gradient's rows per step, and the inputs twice. */
export const MAX_SEQUENCE_BYTES = 2 * 1024 ** 3;

/** Bytes the analysis keeps for `steps` steps of a model with `hiddenSize` units and `inputSize` inputs. */
export function sequenceBytes(steps: number, hiddenSize: number, inputSize: number): number {
  return 8 * steps * (4 * hiddenSize + 2 * inputSize);
}

/** The most steps a model of this size may run within MAX_SEQUENCE_BYTES (and BOUNDS.steps). */
export function maxStepsFor(hiddenSize: number, inputSize: number): number {
  const perStep = sequenceBytes(1, hiddenSize, inputSize);
  return Math.max(1, Math.min(BOUNDS.steps.max, Math.floor(MAX_SEQUENCE_BYTES / perStep)));
}

/** "Steps T must be a whole number from 1 to 100 000": what the CLI and the panel say about a bad count. */
export function countRule(name: BoundName): string {
  const { label, min, max } = BOUNDS[name];
  return `${label} must be a whole number from ${fmtCount(min)} to ${fmtCount(max)}`;
}

/** The count typed as `text`, or the rule it breaks (with what was typed): the one parser of counts. */
export function parseCount(text: string, name: BoundName): number | string {
  const trimmed = text.trim();
  const value = /^\+?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  const { min, max } = BOUNDS[name];
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  return `${countRule(name)}, got ${JSON.stringify(text)}`;
}

/** True when `value` is a count within the bound `name`. */
export function isWithinBound(value: unknown, name: BoundName): value is number {
  const { min, max } = BOUNDS[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
