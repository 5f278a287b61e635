// The order of a timeline's checkpoints: the checkpoint's own global step or epoch when every readable one says
// it, else the numbers in the file names when every name has one (`epoch=7-step=1400.ckpt` as (7, 1400),
// `ckpt_0010.pt` as (10): compared as numbers, not as text), else the modification time. A file that could not be
// read keeps its place in the name (or mtime) order among the others.
import { basename } from 'node:path';

import type { TimelineOrder } from './types';

export type { TimelineOrder };

export const ORDER_WORDS: Readonly<Record<TimelineOrder, string>> = {
  globalStep: "the checkpoints' global step",
  epoch: "the checkpoints' epoch",
  fileName: 'the numbers in the file names',
  mtime: 'the modification times',
};

export interface Orderable {
  readonly path: string;
  readonly mtimeMs: number;
  readonly epoch?: number;
  readonly globalStep?: number;
  /** False for a file that could not be read: it has no epoch or step to tell. */
  readonly readable: boolean;
}

/** The numbers in a file's name (without its folder and extension), as they appear. */
export function nameNumbers(path: string): number[] {
  const name = basename(path).replace(/\.[^.]*$/, '');
  return (name.match(/\d+/g) ?? []).map(Number);
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const byName = (a: Orderable, b: Orderable): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** `items` sorted, and which rule sorted them. */
export function orderTimeline<T extends Orderable>(items: readonly T[]): { order: TimelineOrder; items: T[] } {
  const numbered = items.every((i) => nameNumbers(i.path).length > 0);
  const fallbackOrder: TimelineOrder = numbered ? 'fileName' : 'mtime';
  const fallback = [...items].sort((a, b) =>
    numbered
      ? compareNumbers(nameNumbers(a.path), nameNumbers(b.path)) || byName(a, b)
      : a.mtimeMs - b.mtimeMs || byName(a, b),
  );
  const readable = fallback.filter((i) => i.readable);
  const key: 'globalStep' | 'epoch' | undefined =
    readable.length === 0
      ? undefined
      : readable.every((i) => i.globalStep !== undefined)
        ? 'globalStep'
        : readable.every((i) => i.epoch !== undefined)
          ? 'epoch'
          : undefined;
  if (!key) return { order: fallbackOrder, items: fallback };
  // Stable: equal steps keep the fallback order.
  const sorted = [...readable].sort((a, b) => (a[key] as number) - (b[key] as number));
  // Each unreadable file goes right after the readable file before it in the fallback order.
  const after = new Map<T | undefined, T[]>();
  let previous: T | undefined;
  for (const item of fallback) {
    if (item.readable) previous = item;
    else after.set(previous, [...(after.get(previous) ?? []), item]);
  }
  const out: T[] = [...(after.get(undefined) ?? [])];
  for (const item of sorted) out.push(item, ...(after.get(item) ?? []));
  return { order: key, items: out };
}
