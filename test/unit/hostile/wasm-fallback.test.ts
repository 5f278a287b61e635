// Under a virtual-memory limit (ulimit -v) WebAssembly cannot reserve memory for our SIMD kernels. The CLI then
// analyses with the JavaScript kernels, silently, and finds that out once per process however many analyses it
// runs (RNN_GRADIENTS_TRACE=wasm prints each failed try, which is how we count them; no timings are asserted).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisResult } from '../../../src/core/analysis/types';
import { CLI } from '../cli/run-cli';
import { assertClose } from '../helpers';
import { scratchFolder } from './harness';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node` with `args` under `ulimit -v kib` (no limit for null), bounded in time. */
function underLimit(kib: number | null, args: string[], env: Record<string, string> = {}): Run {
  const limit = kib === null ? '' : `ulimit -v ${kib} || exit 99; `;
  const r = spawnSync('sh', ['-c', `${limit}exec "$0" "$@"`, process.execPath, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A limit (KiB) under which Node starts and runs JavaScript but cannot allocate a WebAssembly memory. */
function findLimit(): number | undefined {
  const probe = 'try { new WebAssembly.Memory({ initial: 1 }); process.exit(0); } catch { process.exit(42); }';
  for (const kib of [4_000_000, 6_000_000, 8_000_000, 3_000_000]) {
    if (underLimit(kib, ['-e', probe]).code === 42) return kib;
  }
  return undefined;
}

const LIMIT = findLimit();
const skip = LIMIT === undefined ? 'no ulimit -v here lets Node start yet stops WebAssembly memory' : false;

/** A seeded 80×80 W_hh (large enough for the SIMD matrix–vector and product kernels) and numpy's ρ and σ_max. */
function weightsWithReference(dir: string): { file: string; rho: number; sigma: number } {
  const file = join(dir, 'w.json');
  const script = [
    'import json, sys, numpy as np',
    'W = np.random.default_rng(7).normal(0, 1.05 / np.sqrt(80), (80, 80))',
    `json.dump({"W_hh": W.tolist(), "W_xh": np.ones((80, 2)).tolist()}, open(${JSON.stringify(file)}, "w"))`,
    'print(json.dumps([float(max(abs(np.linalg.eigvals(W)))), float(np.linalg.norm(W, 2))]))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [rho, sigma] = JSON.parse(r.stdout) as [number, number];
  return { file, rho, sigma };
}

test('analyze under ulimit -v: the right numbers from the JavaScript kernels, nothing printed', { skip }, () => {
  const scratch = scratchFolder('wasm');
  try {
    const { file, rho, sigma } = weightsWithReference(scratch.dir);
    const args = [CLI, 'analyze', file, '--json', '--steps', '30'];
    const limited = underLimit(LIMIT!, args);
    assert.equal(limited.code, 0, limited.stderr);
    assert.equal(limited.stderr, '', 'no warning');
    const r = JSON.parse(limited.stdout) as AnalysisResult;
    assertClose(r.spectrum.spectralRadius!, rho, 1e-10, 'ρ against numpy');
    assertClose(r.spectrum.sigmaMax!, sigma, 1e-10, 'σ_max against numpy');
    // The same curve and verdict as with the SIMD kernels (which other tests check against PyTorch).
    const free = JSON.parse(underLimit(null, args).stdout) as AnalysisResult;
    assert.equal(r.verdict.regime, free.verdict.regime);
    assert.equal(r.verdict.horizon, free.verdict.horizon);
    r.jacobian.log10Spectral.forEach((v, i) => assertClose(v!, free.jacobian.log10Spectral[i]!, 1e-10, `lag ${i + 1}`));
  } finally {
    scratch.remove();
  }
});

test(
  'check of many configs under ulimit -v finds the WebAssembly failure once, not once per analysis',
  { skip },
  () => {
    const scratch = scratchFolder('wasm');
    try {
      const { file } = weightsWithReference(scratch.dir);
      const configs = Array.from({ length: 6 }, (_, i) => {
        const path = join(scratch.dir, `c${i}.rnn.yaml`);
        writeFileSync(path, `model:\n  hidden_size: 80\n  input_size: 2\ndata:\n  seq_len: 1000\nweights: ${file}\n`);
        return path;
      });
      const trace = { RNN_GRADIENTS_TRACE: 'wasm' };
      const limited = underLimit(LIMIT!, [CLI, 'check', ...configs], trace);
      assert.ok(limited.code === 0 || limited.code === 1, `exit ${limited.code}: ${limited.stderr}`);
      const tries = limited.stderr.split('\n').filter((line) => line.startsWith('rnn-gradients trace: WebAssembly'));
      assert.equal(tries.length, 1, limited.stderr);
      assert.equal(limited.stderr.trim(), tries[0], 'nothing else on stderr');
      // Each config's weights were analysed: their probes' diagnostics are there.
      for (let i = 0; i < configs.length; i++) assert.ok(limited.stdout.includes(`c${i}.rnn.yaml`), limited.stdout);
      // Without the limit the same run has no failure to trace.
      const free = underLimit(null, [CLI, 'check', ...configs], trace);
      assert.equal(free.stderr, '');
      assert.equal(free.stdout, limited.stdout, 'the same diagnostics');
    } finally {
      scratch.remove();
    }
  },
);
