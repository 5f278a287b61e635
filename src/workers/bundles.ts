// Where each worker thread's bundle lies: src/workers/<name>.ts is bundled as dist/<name>.js (scripts/build.mjs).
import { join } from 'node:path';

export type WorkerBundle = 'analysisWorker' | 'weightsWorker' | 'timelineWorker';

/** The bundle of `worker` in the extension (or package) installed at `root`. */
export function workerBundlePath(root: string, worker: WorkerBundle): string {
  return join(root, 'dist', `${worker}.js`);
}
