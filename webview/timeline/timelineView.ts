// The timeline page's pure parts: the shape check of what arrives, the x axis a timeline is drawn against, and
// the regime band's colours (theme chart colours made faint enough for the lines to stay readable on top).
import type { TimelineHostMessage } from '../../src/protocol';
import type { Timeline, TimelinePoint } from '../../src/core/timeline/types';

export function isTimelineMessage(data: unknown): data is TimelineHostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'timelineStarted':
      return typeof m.folder === 'string' && typeof m.displayName === 'string';
    case 'timelineEntry':
      return typeof m.entry === 'object' && m.entry !== null && typeof m.done === 'number';
    case 'timeline':
      return typeof m.timeline === 'object' && m.timeline !== null && typeof m.displayNames === 'object';
    case 'timelineFailed':
      return typeof m.message === 'string';
    default:
      return false;
  }
}

export interface XAxis {
  label: string;
  value: (point: TimelinePoint, index: number) => number;
}

/** The checkpoints' own global step or epoch when that is what ordered them, else their place (from 1). */
export function xAxisOf(timeline: Timeline): XAxis {
  if (timeline.order === 'globalStep') return { label: 'global step', value: (p, i) => p.globalStep ?? i + 1 };
  if (timeline.order === 'epoch') return { label: 'epoch', value: (p, i) => p.epoch ?? i + 1 };
  const by = timeline.order === 'mtime' ? 'by modification time' : 'by file name';
  return { label: `checkpoint (${by})`, value: (_p, i) => i + 1 };
}

/** Each regime's band colour: a --vscode-charts-* variable. */
export const REGIME_BAND_VARIABLES: Readonly<Record<'vanishing' | 'edge' | 'exploding', string>> = {
  vanishing: '--vscode-charts-blue',
  edge: '--vscode-charts-green',
  exploding: '--vscode-charts-red',
};

/** `color` (#rgb or #rrggbb) at `alpha`; other notations as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  if (short) return withAlpha(`#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`, alpha);
  return color;
}
