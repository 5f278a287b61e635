// Which files a timeline reads: every checkpoint in a folder (by extension, not recursing), or what globs match.
// A glob is matched here (`*`, `?` within a name, `**` across folders): Node 20 has no glob of its own.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { InputError } from '../errors';
import { CHECKPOINT_EXTENSIONS } from '../formats/weights-extensions';

export interface FoundFile {
  /** As given or as found under the folder given (not resolved: what the table prints). */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** More would be a mistake (a glob over a whole disk): refused with a message. */
export const MAX_TIMELINE_FILES = 10_000;
const MAX_GLOB_DEPTH = 16;

export function isCheckpointName(name: string): boolean {
  const lower = name.toLowerCase();
  return CHECKPOINT_EXTENSIONS.some((ext) => lower.endsWith(`.${ext}`));
}

/** The files `operands` name (folders, files, globs), each once, in no particular order. */
export function discoverCheckpoints(operands: readonly string[]): FoundFile[] {
  const found = new Map<string, FoundFile>();
  const add = (path: string, stats: Stats): void => {
    const key = resolve(path);
    if (!found.has(key)) found.set(key, { path, size: stats.size, mtimeMs: stats.mtimeMs });
    if (found.size > MAX_TIMELINE_FILES)
      throw new InputError(path, '', `more than ${MAX_TIMELINE_FILES} checkpoints: name a smaller folder or glob`);
  };
  for (const operand of operands) {
    if (hasWildcard(operand)) {
      const matches = globFiles(operand);
      if (matches.length === 0) throw new InputError(operand, '', 'the pattern matches no file');
      for (const m of matches) add(m.path, m.stats);
      continue;
    }
    const stats = statSync(operand); // ENOENT names the path: the CLI reports it as the user's mistake
    if (stats.isDirectory()) {
      for (const entry of readdirSync(operand, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (!isCheckpointName(entry.name)) continue;
        const path = join(operand, entry.name);
        const s = statSync(path, { throwIfNoEntry: false });
        if (s?.isFile()) add(path, s);
      }
    } else add(operand, stats);
  }
  return [...found.values()];
}

function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Files matching `pattern`, searched from its longest leading part without a wildcard. */
function globFiles(pattern: string): { path: string; stats: Stats }[] {
  const parts = pattern.split(/[\\/]+/);
  const fixed: string[] = [];
  while (parts.length > 1 && !hasWildcard(parts[0])) fixed.push(parts.shift() as string);
  const base = fixed.length === 0 ? '.' : fixed.join(sep) || sep;
  const matcher = globRegExp(parts);
  const out: { path: string; stats: Stats }[] = [];
  const walk = (dir: string, relative: string[], depth: number): void => {
    if (depth > MAX_GLOB_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable folder holds no match
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = [...relative, entry.name];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, rel, depth + 1);
      else if (matcher.test(rel.join('/'))) {
        const stats = statSync(path, { throwIfNoEntry: false });
        if (stats?.isFile()) out.push({ path: fixed.length === 0 ? rel.join(sep) : path, stats });
      }
    }
  };
  walk(base, [], 0);
  return out;
}

/** `**` any folders (or none), `*` any characters within a name, `?` one; everything else literally. */
export function globRegExp(parts: readonly string[]): RegExp {
  const source = parts
    .map((part, i) => {
      if (part === '**') return i === parts.length - 1 ? '.*' : '(?:[^/]+/)*';
      const name = part
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]');
      return i === parts.length - 1 ? name : `${name}/`;
    })
    .join('');
  return new RegExp(`^${source}$`);
}
