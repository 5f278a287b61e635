// The helper thread's entry point (bundled as dist/helperThread.js): it computes the eigenvalues of
// W_hh and takes its share of the Jacobian curve's products while the analysis thread does the rest.
// Pure Node, no vscode import. It never throws: a failure is written to the shared state, and the
// analysis thread then does that work itself.
import { parentPort, workerData } from 'node:worker_threads';
import { eigenvalues } from '../linalg/eigen';
import { RowProduct } from '../linalg/row-product';
import { EIGEN_HEARTBEAT, EIGEN_STATE, EIGEN_STOP, EigenState, type HelperRequest } from './messages';
import { serveBoard } from './product-board';
import { serveStepBoard } from './step-board';
import { serveTangentBoard } from './tangent-board';
import { dontTryInstances } from '../linalg/wasm-memory';
import { compileCacheCheckpoint } from '../runtime/compile-cache-hook';

// The parent already found that WebAssembly instances cannot get memory here: do not try again.
if ((workerData as { wasmInstances?: boolean } | null)?.wasmInstances === false) dontTryInstances();

function handle(request: HelperRequest): void {
  if (request.type === 'eigenvalues') {
    const { n, matrix, status, values } = request;
    if (Atomics.compareExchange(status, EIGEN_STATE, EigenState.Pending, EigenState.OnHelper) !== EigenState.Pending)
      return;
    let state = EigenState.Failed;
    try {
      const eigs = eigenvalues(
        { rows: n, cols: n, data: matrix },
        {
          shouldStop: () => {
            Atomics.add(status, EIGEN_HEARTBEAT, 1);
            return Atomics.load(status, EIGEN_STOP) === 1;
          },
        },
      );
      eigs.forEach(([re, im], i) => {
        values[2 * i] = re;
        values[2 * i + 1] = im;
      });
      state = EigenState.Done;
    } finally {
      Atomics.store(status, EIGEN_STATE, state);
      Atomics.notify(status, EIGEN_STATE);
    }
  } else if (request.type === 'stepProducts') {
    serveStepBoard(request.board);
  } else if (request.type === 'tangentProducts') {
    serveTangentBoard(request.board);
  } else {
    const { board } = request;
    serveBoard(board, new RowProduct(board.W, board.n, board.n));
  }
  // A board served is an analysis's products done: the kernels it needed are compiled now.
  if (request.type !== 'eigenvalues') compileCacheCheckpoint();
}

parentPort?.on('message', (request: HelperRequest) => {
  try {
    handle(request);
  } catch {
    // Already reported through the shared state (a returned chunk, a failed task).
  }
});
