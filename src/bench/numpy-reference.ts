// The one way the benchmark rows run scripts/bench/numpy_reference.py: on one BLAS thread, for a per-core
// comparison, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset as the machine notes advise for benchmarks.
import { spawnSync } from 'node:child_process';

/** The environment of every numpy process the bench starts: one BLAS thread, OpenBLAS choosing its own kernel. */
export function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** numpy_reference.py's JSON answer to `args`, or undefined (with a warning naming `what`) when it could not run. */
export function runNumpyReference<T>(what: string, args: readonly string[]): T | undefined {
  const r = spawnSync('python3', ['scripts/bench/numpy_reference.py', ...args], {
    env: numpyEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.warn(`numpy ${what} reference not run: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  return JSON.parse(r.stdout) as T;
}
