// `rnn-gradients timeline`: a folder (or globs) of checkpoints as a table or JSON, and --fail-if as a gate for a
// training pipeline: exit 1 when the expression holds for the latest readable checkpoint.
import { InputError } from '../core/errors';
import { fmt, fmtCount } from '../core/format-number';
import { defaultCacheFile, TimelineCache } from '../core/timeline/cache';
import {
  evaluateFailIf,
  ExpressionError,
  MissingFieldError,
  parseFailIf,
  type Condition,
} from '../core/timeline/fail-if';
import { timelineOfFolder } from '../core/timeline/timeline-driver';
import type { Timeline, TimelineLayerPoint, TimelinePoint } from '../core/timeline/types';
import { TIMELINE } from './commands';
import { UsageError, type ParsedCommand } from './options';
import { numberValue, probeOptions } from './probe-options';
import { terminalProgress } from './progress';

export const EXIT_FAIL_IF = 1;

export async function runTimelineCommand(
  args: ParsedCommand,
  print: (line: string) => void,
  warn: (line: string) => void,
  filesRead: string[],
): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError('timeline needs a folder, a checkpoint or a glob', TIMELINE.name);
  const failIfText = args.values.get('fail-if');
  let condition: Condition | undefined;
  try {
    condition = failIfText === undefined ? undefined : parseFailIf(String(failIfText));
  } catch (e) {
    if (e instanceof ExpressionError) throw new UsageError(e.message, TIMELINE.name);
    throw e;
  }
  const layer = numberValue(args, 'layer');
  if (args.values.has('reverse') && layer === undefined)
    throw new UsageError('--reverse applies to the layer --layer picks', TIMELINE.name);
  const analysis = {
    ...probeOptions(args, TIMELINE.name),
    ...(layer !== undefined
      ? { direction: args.values.has('reverse') ? ('reverse' as const) : ('forward' as const) }
      : {}),
  };
  if (analysis.inputs.kind === 'file') filesRead.push(analysis.inputs.file);
  filesRead.push(...args.positionals);
  const cache = args.values.has('no-cache') ? undefined : new TimelineCache(defaultCacheFile());
  const progress = terminalProgress(process.stderr, args.values.has('quiet'));
  let timeline: Timeline;
  try {
    timeline = await timelineOfFolder(
      args.positionals,
      { analysis, ...(layer !== undefined ? { layer } : {}) },
      {
        ...(progress.hooks.onProgress ? { onProgress: progress.hooks.onProgress } : {}),
        ...(cache ? { cache } : {}),
      },
    );
  } finally {
    progress.done();
    trySave(cache, warn);
  }
  print(args.values.has('json') ? JSON.stringify(timeline, null, 1) : timelineTable(timeline).join('\n'));
  if (!condition) return 0;
  return gate(timeline, condition, String(failIfText), warn);
}

function trySave(cache: TimelineCache | undefined, warn: (line: string) => void): void {
  try {
    cache?.save();
  } catch (e) {
    // A cache that cannot be written costs the next run time, never this run's result.
    warn(`rnn-gradients: the cache ${cache?.file} could not be written (${(e as Error).message})`);
  }
}

/** --fail-if on the latest readable checkpoint: 1 when it holds for any of its layers. */
function gate(timeline: Timeline, condition: Condition, text: string, warn: (line: string) => void): number {
  const readable = timeline.entries.filter((e): e is TimelinePoint => e.ok);
  const latest = readable[readable.length - 1];
  const last = timeline.entries[timeline.entries.length - 1];
  if (last !== latest)
    warn(`rnn-gradients: the last file, ${last.file}, could not be read; --fail-if looks at ${latest.file}`);
  let holds: TimelineLayerPoint | undefined;
  try {
    holds = latest.layers.find((l) => evaluateFailIf(condition, latest, l));
  } catch (e) {
    if (e instanceof MissingFieldError) throw new InputError(latest.file, '', e.message);
    throw e;
  }
  if (!holds) return 0;
  warn(`rnn-gradients: --fail-if "${text}" holds for ${latest.file} (${layerWords(holds)})`);
  return EXIT_FAIL_IF;
}

function layerWords(l: TimelineLayerPoint): string {
  return `layer ${l.layer}${l.direction === 'reverse' ? ' reverse' : ''}: horizon ${fmtCount(l.horizon)}, ρ ${num(l.rho)}, regime ${l.regime}`;
}

function num(x: number | null | undefined): string {
  return x === undefined ? '' : x === null ? '∞' : fmt(x);
}

const COLUMNS = ['#', 'file', 'epoch', 'step', 'layer', 'ρ', 'σ_max', 'γσ_max', 'regime', 'horizon', '‖∂E/∂W_hh‖'];

/** One row per checkpoint and layer, in the timeline's order; an unreadable file in its place. */
export function timelineTable(t: Timeline): string[] {
  const several = t.architectures.length > 1;
  const gated = t.entries.some((e) => e.ok && e.layers.some((l) => l.meanGate !== undefined));
  const lyapunov = t.entries.some((e) => e.ok && e.layers.some((l) => l.lambda1 !== undefined));
  const header = [...COLUMNS, ...(gated ? ['mean gate', 'median τ'] : []), ...(lyapunov ? ['λ₁'] : [])];
  const errors: string[] = [];
  t.entries.forEach((e, i) => {
    if (!e.ok) errors.push(`  ${i + 1}. ${e.error}`);
  });
  const rowsOf = (i: number): string[][] => {
    const e = t.entries[i];
    if (!e.ok) return [[String(i + 1), e.file, '', '', '', 'could not be read (below)']];
    return e.layers.map((l) => [
      String(i + 1),
      e.file,
      e.epoch === undefined ? '' : String(e.epoch),
      e.globalStep === undefined ? '' : String(e.globalStep),
      `${l.layer}${l.direction === 'reverse' ? 'r' : ''}`,
      num(l.rho),
      num(l.sigmaMax),
      num(l.gammaSigmaMax),
      l.regime,
      `${fmtCount(l.horizon)}${l.horizonReachesEnd ? '+' : ''}`,
      fmt(l.gradientNorm),
      ...(gated ? [num(l.meanGate), num(l.medianTimescale)] : []),
      ...(lyapunov ? [l.lambda1 === null ? '−∞' : num(l.lambda1)] : []),
    ]);
  };
  // One architecture: every file in its place, unreadable ones too. Several: a table each (never one line), the
  // unreadable files listed below with their place in the order.
  const sections = several
    ? t.architectures.map((a) => ({ title: a.description, rows: a.entries.flatMap(rowsOf) }))
    : [{ title: t.architectures[0].description, rows: t.entries.flatMap((_, i) => rowsOf(i)) }];
  const rows = sections.flatMap((section) => section.rows);
  const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(width[c]))
      .join('  ')
      .trimEnd();
  const probe = t.probe;
  const inputs =
    probe.inputs === 'file'
      ? `inputs ${probe.file}`
      : `${probe.inputs} inputs${probe.seed !== undefined ? `, seed ${probe.seed}` : ''}, T = ${probe.steps}`;
  const out = [
    `${fmtCount(t.entries.length)} checkpoints, in the order of ${t.orderDescription}; one probe for all: ${inputs}${t.fromCache > 0 ? ` (${fmtCount(t.fromCache)} from the cache)` : ''}`,
    ...(several ? [`${t.architectures.length} architectures, listed apart:`] : []),
  ];
  for (const section of sections)
    out.push('', `Architecture: ${section.title}`, line(header), ...section.rows.map(line));
  if (errors.length > 0) out.push('', 'Could not be read:', ...errors);
  out.push(
    '',
    'horizon: the largest lag l with ‖J(l)‖₂ ≥ the threshold (+: every lag measured); ‖∂E/∂W_hh‖ of 0.5‖h_T‖².',
  );
  return out;
}
