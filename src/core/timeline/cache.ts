// Timeline results kept per file, keyed by (path, size, modification time) and the probe: a file that changes
// gets a new size or mtime and so misses. Stored as one JSON file; a cache file that is not ours (malformed,
// another version, too large) is ignored and rewritten, never trusted.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cacheDirectory } from '../io/cache-directory';
import type { TimelineEntry } from './types';

const CACHE_VERSION = 1;
/** A cache larger than this is dropped rather than parsed. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Entries kept, the most recently used: a cache that grows without bound would slow every run. */
const MAX_CACHE_ENTRIES = 20_000;

/** Where the CLI keeps it: timeline-cache.json in the cache directory (io/cache-directory.ts). */
export function defaultCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDirectory(env), 'timeline-cache.json');
}

export function cacheKey(file: { path: string; size: number; mtimeMs: number }, probe: string): string {
  return JSON.stringify([resolve(file.path), file.size, file.mtimeMs, probe]);
}

export class TimelineCache {
  private readonly entries = new Map<string, TimelineEntry>();
  private changed = false;

  constructor(readonly file?: string) {
    if (file) this.load(file);
  }

  get(key: string): TimelineEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Most recently used last, so that trimming drops the oldest.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: TimelineEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.changed = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes the cache when something changed (to a temporary file first: a reader never sees half of it). */
  save(): void {
    if (!this.file || !this.changed) return;
    const kept = [...this.entries].slice(-MAX_CACHE_ENTRIES);
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: CACHE_VERSION, entries: kept }));
    renameSync(temporary, this.file);
    this.changed = false;
  }

  private load(file: string): void {
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_CACHE_BYTES) return;
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!isRecord(parsed) || parsed.version !== CACHE_VERSION || !Array.isArray(parsed.entries)) return;
      for (const item of parsed.entries as unknown[]) {
        if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && isEntry(item[1]))
          this.entries.set(item[0], item[1]);
      }
    } catch {
      // No cache yet, or not one we can read: start empty.
      this.entries.clear();
    }
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Enough of an entry's shape to print it: what our own save wrote. */
function isEntry(x: unknown): x is TimelineEntry {
  if (!isRecord(x) || typeof x.file !== 'string' || typeof x.size !== 'number' || typeof x.mtimeMs !== 'number')
    return false;
  if (x.ok === false) return typeof x.error === 'string';
  return (
    x.ok === true &&
    typeof x.architecture === 'string' &&
    Array.isArray(x.layers) &&
    x.layers.every((l) => isRecord(l) && typeof l.horizon === 'number' && typeof l.regime === 'string')
  );
}
