// The timeline row of `npm run bench`: 100 safetensors checkpoints of an n = 128 RNN (W_hh's gain drifting from
// 0.8 to 1.2 across them, as training might move it), analysed cold with the default probe, then reopened from the
// cache file; beside numpy reading the same files and computing ρ, σ_max and the Jacobian curve (both norms) of the
// same probe length on each (scripts/bench/numpy_reference.py timeline).
import { runNumpyReference } from './numpy-reference';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STEPS } from '../core/analysis/types';
import { SeededNormal } from '../core/random';
import { TimelineCache } from '../core/timeline/cache';
import { buildTimeline } from '../core/timeline/timeline';
import { defaultThreadCount, timelineOfFolder } from '../core/timeline/timeline-driver';
import { safetensorsFile } from './formats';

export const TIMELINE_BENCH = { checkpoints: 100, n: 128, inputSize: 8 } as const;
export const TIMELINE_TARGETS_MS = { cold: 10_000, cached: 1000 } as const;

export interface TimelineBenchResult {
  /** The CLI's and the panel's way: one analysis thread per core. */
  coldMs: number;
  threads: number;
  /** One checkpoint after another on this thread (the helper thread sharing each product). */
  serialMs: number;
  cachedMs: number;
  fromCache: number;
  numpyMs?: number;
}

function writeCheckpoints(folder: string): void {
  const { checkpoints, n, inputSize: m } = TIMELINE_BENCH;
  const rng = new SeededNormal(128);
  const base = Float64Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
  const W_ih = Float32Array.from({ length: n * m }, () => rng.normal() * 0.3);
  const zeros = new Float32Array(n);
  for (let i = 0; i < checkpoints; i++) {
    const gain = 0.8 + (0.4 * i) / (checkpoints - 1);
    const W_hh = Float32Array.from(base, (w) => gain * w);
    const bytes = safetensorsFile([
      { name: 'weight_ih_l0', shape: [n, m], values: W_ih },
      { name: 'weight_hh_l0', shape: [n, n], values: W_hh },
      { name: 'bias_ih_l0', shape: [n], values: zeros },
      { name: 'bias_hh_l0', shape: [n], values: zeros },
    ]);
    writeFileSync(join(folder, `ckpt_${String(i).padStart(4, '0')}.safetensors`), bytes);
  }
}

export async function benchTimeline(folder: string): Promise<TimelineBenchResult> {
  const checkpoints = join(folder, 'timeline');
  mkdirSync(checkpoints, { recursive: true });
  writeCheckpoints(checkpoints);
  const cacheFile = join(folder, 'timeline-cache.json');
  const options = { analysis: { inputs: { kind: 'random' as const, seed: 0, steps: DEFAULT_STEPS } } };
  let t0 = performance.now();
  buildTimeline([checkpoints], options);
  const serialMs = performance.now() - t0;
  t0 = performance.now();
  const cold = new TimelineCache(cacheFile);
  await timelineOfFolder([checkpoints], options, { cache: cold });
  cold.save();
  const coldMs = performance.now() - t0;
  t0 = performance.now();
  const warm = await timelineOfFolder([checkpoints], options, { cache: new TimelineCache(cacheFile) });
  const cachedMs = performance.now() - t0;
  const numpyMs = runNumpyTimeline(checkpoints);
  const threads = Math.min(defaultThreadCount(), TIMELINE_BENCH.checkpoints);
  return {
    coldMs,
    threads,
    serialMs,
    cachedMs,
    fromCache: warm.fromCache,
    ...(numpyMs !== undefined ? { numpyMs } : {}),
  };
}

function runNumpyTimeline(folder: string): number | undefined {
  return runNumpyReference<{ ms: number }>('timeline', ['timeline', folder, String(DEFAULT_STEPS)])?.ms;
}

export function timelineMarkdown(r: TimelineBenchResult): string[] {
  const { checkpoints, n } = TIMELINE_BENCH;
  const met = (ms: number, target: number): string => (ms <= target ? 'yes' : 'no');
  return [
    '',
    `## Timeline (${checkpoints} safetensors checkpoints of an RNN, n = ${n}, random probe T = ${DEFAULT_STEPS})`,
    '',
    '| task | ours (ms) | numpy (ms) | target (ms) | met |',
    '|---|---:|---:|---:|---|',
    `| cold, ${r.threads} analysis threads: read and analyse every checkpoint, write the cache | ${r.coldMs.toFixed(0)} | ${r.numpyMs?.toFixed(0) ?? ''} | ${TIMELINE_TARGETS_MS.cold} | ${met(r.coldMs, TIMELINE_TARGETS_MS.cold)} |`,
    `| the same, one checkpoint after another (no cache) | ${r.serialMs.toFixed(0)} | | | |`,
    `| reopen from the cache file (${r.fromCache} of ${checkpoints} entries) | ${r.cachedMs.toFixed(0)} | | ${TIMELINE_TARGETS_MS.cached} | ${met(r.cachedMs, TIMELINE_TARGETS_MS.cached)} |`,
    '',
    "Ours: the whole analysis of each file (analyze's, including the probe's gradient), each checkpoint whole on one of the analysis threads (the CLI's and the panel's way), and serially for comparison; numpy: reading the files, ρ, σ_max, the forward run and the Jacobian curve with both norms (no gradient), one BLAS thread.",
  ];
}
