// A folder (or globs) of checkpoints as a timeline: every checkpoint analysed by the same analyzeFile as
// `analyze`, with one probe (seed, T, inputs) for all so that the points compare; a file that cannot be read
// becomes an error entry in its place and the rest go on.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeFile } from '../analysis/analyze-file';
import type { AnalysisOptions, AnalysisResult } from '../analysis/types';
import type { ReadLimits } from '../io/loadWeightsFile';
import { CancelledError, InputError, isInputError } from '../errors';
import { throwIfCancelled, type ComputeHooks } from '../rnn/hooks';
import { cacheKey, type TimelineCache } from './cache';
import { discoverCheckpoints, type FoundFile } from './discover';
import { ORDER_WORDS, orderTimeline } from './order';
import { architectureOf, layerPoint } from './point';
import type { Timeline, TimelineEntry, TimelinePoint } from './types';

export interface TimelineOptions {
  /** The probe: inputs, threshold, lags, activation, --lyapunov; `layer` and `direction` pick one layer (else every
   *  layer of each checkpoint). */
  analysis: AnalysisOptions;
  /** Only this layer (and `analysis.direction`); undefined: every layer and direction. */
  layer?: number;
  /** What each checkpoint may be read under (the editor's settings); default: the CLI's limits. */
  limits?: ReadLimits;
}

export interface TimelineHooks extends ComputeHooks {
  cache?: TimelineCache;
  /** Each entry as soon as it is known (the panel draws it), in the order the files are analysed. */
  onEntry?: (entry: TimelineEntry, done: number, total: number) => void;
}

/** What makes two runs' results interchangeable: the probe and the layer picked; an inputs file by its full path,
 *  size and mtime, so that editing it (or naming another from another folder) misses. */
export function probeKey(options: TimelineOptions): string {
  const spec = options.analysis.inputs;
  const inputs = spec.kind === 'file' ? { kind: 'file', file: resolve(spec.file), ...statKey(spec.file) } : spec;
  // The limits too: a file refused under a small limit must be read again under a larger one.
  return JSON.stringify({ ...options.analysis, inputs, layer: options.layer ?? 'all', limits: options.limits ?? {} });
}

function statKey(file: string): { size?: number; mtimeMs?: number } {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? { size: stats.size, mtimeMs: stats.mtimeMs } : {};
}

export function buildTimeline(
  operands: readonly string[],
  options: TimelineOptions,
  hooks: TimelineHooks = {},
): Timeline {
  if (operands.length === 0) throw new InputError('timeline', '', 'no folder or file given');
  const files = discoverCheckpoints(operands);
  if (files.length === 0)
    throw new InputError(operands.join(', '), '', 'no checkpoint found (looked for the extensions of weights files)');
  return timelineOf(files, options, hooks);
}

export function timelineOf(files: readonly FoundFile[], options: TimelineOptions, hooks: TimelineHooks = {}): Timeline {
  const probe = probeKey(options);
  const entries: TimelineEntry[] = [];
  let fromCache = 0;
  for (const [i, file] of files.entries()) {
    throwIfCancelled(hooks);
    const key = cacheKey(file, probe);
    const cached = hooks.cache?.get(key);
    const entry = cached ? { ...cached, file: file.path } : analyzeCheckpoint(file, options, hooks);
    if (cached) fromCache++;
    else hooks.cache?.set(key, entry);
    entries.push(entry);
    hooks.onProgress?.((i + 1) / files.length, `${i + 1} of ${files.length}: ${file.path}`);
    hooks.onEntry?.(entry, i + 1, files.length);
  }
  return assembleTimeline(entries, options, fromCache);
}

/** The entries of every file in training order, grouped by architecture; refused when none could be read, unless
 *  a training run is being watched (`watch`: the files still being written, left out). */
export function assembleTimeline(
  entries: readonly TimelineEntry[],
  options: TimelineOptions,
  fromCache: number,
  watch: { pending: readonly string[] } | undefined = undefined,
): Timeline {
  const pending = watch?.pending ?? [];
  const ordered = orderTimeline(
    entries.map((e) => ({
      ...e,
      path: e.file,
      readable: e.ok,
      ...(e.ok && e.epoch !== undefined ? { epoch: e.epoch } : {}),
      ...(e.ok && e.globalStep !== undefined ? { globalStep: e.globalStep } : {}),
    })),
  );
  const sorted: TimelineEntry[] = ordered.items.map(({ path: _path, readable: _readable, ...e }) => e as TimelineEntry);
  // Watching a run, an empty or unreadable timeline is not final: the next checkpoint may be readable.
  if (!watch && !sorted.some((e) => e.ok)) {
    const first = sorted[0] as Extract<TimelineEntry, { ok: false }>;
    throw new InputError(
      sorted.length === 1 ? first.file : `${sorted.length} files`,
      '',
      `no checkpoint could be read${sorted.length === 1 ? '' : `; the first: ${first.error}`}`,
    );
  }
  const groups = new Map<string, number[]>();
  sorted.forEach((e, i) => {
    if (e.ok) groups.set(e.architecture, [...(groups.get(e.architecture) ?? []), i]);
  });
  const spec = options.analysis.inputs;
  return {
    order: ordered.order,
    orderDescription: ORDER_WORDS[ordered.order],
    probe: {
      inputs: spec.kind,
      ...(spec.kind === 'random' ? { seed: spec.seed } : {}),
      ...(spec.kind !== 'file' ? { steps: spec.steps } : { file: spec.file }),
      ...(options.analysis.threshold !== undefined ? { threshold: options.analysis.threshold } : {}),
    },
    entries: sorted,
    architectures: [...groups].map(([description, indexes]) => ({ description, entries: indexes })),
    fromCache,
    ...(watch ? { pending: [...pending] } : {}),
  };
}

/** One checkpoint: its chosen layer, or every layer and direction, each by analyzeFile. */
export function analyzeCheckpoint(file: FoundFile, options: TimelineOptions, hooks: ComputeHooks = {}): TimelineEntry {
  const base = { file: file.path, size: file.size, mtimeMs: file.mtimeMs };
  try {
    const one = (layer: number, direction: 'forward' | 'reverse'): AnalysisResult =>
      analyzeFile(
        file.path,
        { ...options.analysis, layer, direction },
        { isCancelled: hooks.isCancelled },
        options.limits,
      );
    const first = one(
      options.layer ?? 0,
      options.layer === undefined ? 'forward' : (options.analysis.direction ?? 'forward'),
    );
    const results =
      options.layer !== undefined
        ? [first]
        : [first, ...first.model.layers.slice(1).map((l) => one(l.layer, l.direction))];
    const checkpoint = first.model.checkpoint;
    const point: TimelinePoint = {
      ...base,
      ok: true,
      ...(checkpoint?.epoch !== undefined ? { epoch: checkpoint.epoch } : {}),
      ...(checkpoint?.globalStep !== undefined ? { globalStep: checkpoint.globalStep } : {}),
      architecture: architectureOf(first),
      layers: results.map(layerPoint),
    };
    return point;
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    if (isInputError(e)) return { ...base, ok: false, error: e.message };
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && code.startsWith('E'))
      return { ...base, ok: false, error: `${file.path}: ${(e as Error).message}` };
    throw e;
  }
}
