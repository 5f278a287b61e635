// How a long computation reports progress and learns it should stop.
import { CancelledError } from '../errors';

export interface ComputeHooks {
  /** fraction in [0, 1] of the whole job, and what is being done. */
  onProgress?: (fraction: number, message: string) => void;
  /** True when the caller wants the work stopped; checked between steps. */
  isCancelled?: () => boolean;
}

export function throwIfCancelled(hooks: ComputeHooks | undefined): void {
  if (hooks?.isCancelled?.()) throw new CancelledError();
}

/**
 * The hooks of one phase of a job run in phases: its progress 0..1 reported as `from`..`to` of the whole, so a
 * progress bar that only moves forward (VS Code's) keeps moving through the next phase. Cancel is shared.
 */
export function phaseHooks(hooks: ComputeHooks, from: number, to: number): ComputeHooks {
  const { onProgress } = hooks;
  return {
    ...hooks,
    ...(onProgress ? { onProgress: (fraction, message) => onProgress(from + (to - from) * fraction, message) } : {}),
  };
}
