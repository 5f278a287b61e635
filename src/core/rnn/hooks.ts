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
