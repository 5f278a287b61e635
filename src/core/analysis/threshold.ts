// The gradient-horizon threshold: its one default and its one validity rule, shared by the CLI, the settings
// and the config checks.

/** The horizon is the largest lag l with ‖J(l)‖₂ ≥ this; used wherever the user did not choose one. */
export const DEFAULT_THRESHOLD = 1e-3;

/** Why `value` cannot be a threshold (a norm ratio strictly between 0 and 1), or undefined when it can. */
export function thresholdProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `the threshold must be a number in (0, 1), got ${String(value)}`;
  if (value <= 0 || value >= 1) return `the threshold must be in (0, 1) (e.g. 0.001), got ${value}`;
  return undefined;
}
