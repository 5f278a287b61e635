// The analysis thread's handle on its helper thread: started on first use, kept for the life of the
// thread (unref'd, so it never keeps a process alive), and optional. Without it (one core, no worker
// script next to the bundle, RNN_GRADIENTS_THREADS=1, or the helper failed) the analysis thread does
// all the work itself and gets the same numbers.
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Eigenvalue } from '../linalg/eigen';
import { CancelledError } from '../errors';
import type { OpenRowSplitter } from '../linalg/row-splitter';
import { wasmInstancesWork } from '../linalg/wasm-memory';
import { PRESUMED_DEAD_MS } from './liveness';
import { EIGEN_HEARTBEAT, EIGEN_SLOTS, EIGEN_STATE, EIGEN_STOP, EigenState, type HelperRequest } from './messages';
import { rowSplitterWith as rowSplitterSending } from './product-board';
import { stepSplitterWith as stepSplitterSending } from './step-board';
import type { OpenStepSplitter } from '../linalg/step-product';
import type { TangentSplitterFactory } from '../linalg/tangent-product';
import { tangentSplitterWith as tangentSplitterSending } from './tangent-board';
import type { ShareJudge } from './share-judge';

let helper: Worker | null | undefined;

/** The helper thread, started now if need be; null when the analysis should run on one thread. */
export function helperThread(): Worker | null {
  if (helper !== undefined) return helper;
  helper = null;
  if (process.env.RNN_GRADIENTS_THREADS === '1') return null;
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  if (cores < 2) return null;
  // dist/helperThread.js next to a bundle; helper-thread.js next to this file when run from tsc's output.
  const script = [join(__dirname, 'helperThread.js'), join(__dirname, 'helper-thread.js')].find((p) => existsSync(p));
  if (!script) return null;
  try {
    // What this thread knows of WebAssembly memory, so that the helper does not pay for finding out again.
    const worker = new Worker(script, { workerData: { wasmInstances: wasmInstancesWork() } });
    worker.unref();
    const forget = (): void => {
      if (helper === worker) helper = null;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    helper = worker;
  } catch {
    // No helper: this thread does all the work.
  }
  return helper;
}

export function sendToHelper(worker: Worker, request: HelperRequest): boolean {
  try {
    worker.postMessage(request);
    return true;
  } catch {
    return false;
  }
}

/**
 * Products split by rows between this thread and `helper` on a shared board (parallel/product-board.ts);
 * without a helper, this thread does them alone.
 */
export function rowSplitterWith(helper: Worker | null): OpenRowSplitter {
  return rowSplitterSending(helper, (worker, board) => sendToHelper(worker, { type: 'products', board }));
}

/** A gated curve's step products split by rows between this thread and `helper` (parallel/step-board.ts). */
export function stepSplitterWith(helper: Worker | null): OpenStepSplitter {
  return stepSplitterSending(helper, (worker, board) => sendToHelper(worker, { type: 'stepProducts', board }));
}

/** A Lyapunov run's products split by rows between this thread and `helper` (parallel/tangent-board.ts). */
export function tangentSplitterWith(helper: Worker | null, judge?: () => ShareJudge): TangentSplitterFactory {
  return tangentSplitterSending(
    helper,
    (worker, board) => sendToHelper(worker, { type: 'tangentProducts', board }),
    judge,
  );
}

/** A float64 copy of `data` in shared memory, so a helper can read it. */
export function sharedCopy(data: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(data.length * 8));
  out.set(data);
  return out;
}

/**
 * The eigenvalues of an n×n matrix, offered to the helper at once; `take` returns them, computing them
 * here if the helper has not started on them (or failed).
 */
export class EigenvalueTask {
  private readonly status = new Int32Array(new SharedArrayBuffer(EIGEN_SLOTS * 4));
  private readonly values: Float64Array;

  constructor(
    matrix: Float64Array,
    private readonly n: number,
    worker: Worker | null,
  ) {
    this.values = new Float64Array(new SharedArrayBuffer(2 * n * 8));
    const offered =
      worker !== null &&
      sendToHelper(worker, { type: 'eigenvalues', n, matrix, status: this.status, values: this.values });
    if (!offered) Atomics.store(this.status, EIGEN_STATE, EigenState.OnLeader);
  }

  /** 'pending' until a thread starts on it. */
  get state(): 'pending' | 'helper' | 'here' | 'done' | 'failed' {
    const names = ['pending', 'helper', 'here', 'done', 'failed'] as const;
    return names[Atomics.load(this.status, EIGEN_STATE)];
  }

  take(computeHere: () => Eigenvalue[], isCancelled?: () => boolean): Eigenvalue[] {
    const { status } = this;
    const state = Atomics.compareExchange(status, EIGEN_STATE, EigenState.Pending, EigenState.OnLeader);
    if (state === EigenState.Pending || state === EigenState.OnLeader) return computeHere();
    let heartbeat = Atomics.load(status, EIGEN_HEARTBEAT);
    let lastSign = performance.now();
    while (Atomics.load(status, EIGEN_STATE) === EigenState.OnHelper) {
      if (isCancelled?.()) {
        Atomics.store(status, EIGEN_STOP, 1);
        throw new CancelledError();
      }
      Atomics.wait(status, EIGEN_STATE, EigenState.OnHelper, 100);
      const beat = Atomics.load(status, EIGEN_HEARTBEAT);
      if (beat !== heartbeat) {
        heartbeat = beat;
        lastSign = performance.now();
      } else if (performance.now() - lastSign > PRESUMED_DEAD_MS) {
        Atomics.store(status, EIGEN_STOP, 1);
        return computeHere();
      }
    }
    if (Atomics.load(status, EIGEN_STATE) !== EigenState.Done) return computeHere();
    return Array.from({ length: this.n }, (_, i): Eigenvalue => [this.values[2 * i], this.values[2 * i + 1]]);
  }
}
