// The long run's line among the verdict's reasons, made here only: analyze-file.ts adds it, and the panel, which
// shows the same sentence on its own line, leaves this reason out of its list rather than say it twice.
import type { LyapunovReport } from './types';

export function longRunReason(ly: Pick<LyapunovReport, 'steps' | 'warmup' | 'scope' | 'summary'>): string {
  const scope = ly.scope === 'stack' ? ', the whole stack' : '';
  return `over the long run (${ly.steps} steps after a warm-up of ${ly.warmup}${scope}): ${ly.summary}`;
}
