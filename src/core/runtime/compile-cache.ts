// The launcher of the CLI's and the worker threads' bundles (dist/<name>.js runs dist/<name>.bundle.js through
// it): it compiles the bundle with V8's code cache of an earlier run, so that a fresh process or thread skips
// most of the parsing and compiling of 1 MB of JavaScript. What Node 22's module.enableCompileCache does, on
// Node 20 and in VS Code's Electron.
//
// The cache is machine code, so it is read only from a folder this user owns and no one else can write
// (mode 0700), and only for the very bundle it was made from: its file name carries the V8 version, the
// architecture and a SHA-256 of the bundle's text. V8 checks the rest (its flags, the cache's own integrity)
// and rejects a cache that does not fit; the bundle is then compiled as usual and the cache written anew.
// Any failure of the cache (no folder, a full disk, a foreign owner) only means compiling without it.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDirectory } from '../io/cache-directory';
import { COMPILE_CACHE_CHECKPOINT } from './compile-cache-hook';
import { trace } from './trace';

/** RNN_GRADIENTS_COMPILE_CACHE=off runs every bundle without a code cache. */
export const COMPILE_CACHE_SWITCH = 'RNN_GRADIENTS_COMPILE_CACHE';
/** A cache file larger than this is not ours (the CLI's is about 0.5 MB). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const SUFFIX = '.v8cache';

/** What happened to the code cache of this thread's bundle (for the tests: RNN_GRADIENTS_TRACE=compile-cache). */
export type CacheOutcome = 'off' | 'none' | 'accepted' | 'rejected' | 'unusable folder';

/** The folder of the code caches, created private; undefined when it is not safe or not possible to use. */
export function privateCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    // homedir() throws where the user has no home directory: then there is no cache either.
    const folder = join(cacheDirectory(env), 'v8');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = lstatSync(folder);
    if (!stat.isDirectory()) return undefined; // a symbolic link, say: not followed
    // On Windows there are no uids and modes; the cache folder is under the user's own profile.
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o077) !== 0)) {
      return undefined;
    }
    return folder;
  } catch {
    return undefined;
  }
}

/** The cache file's name for this bundle text in this runtime. */
export function cacheFileName(name: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  return `${name}-${process.versions.v8}-${process.arch}-${hash}${SUFFIX}`;
}

function readOwnFile(file: string): Buffer | undefined {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return undefined;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return undefined;
    return readFileSync(file);
  } catch {
    return undefined; // none yet
  }
}

/** Write `data` as `file` in one rename (a reader never sees half a cache), and drop this bundle's older caches. */
function writeCache(folder: string, name: string, file: string, data: Buffer): void {
  try {
    const temporary = `${join(folder, file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, join(folder, file));
    const prefix = `${name}-${process.versions.v8}-${process.arch}-`;
    for (const other of readdirSync(folder)) {
      if (other !== file && other.startsWith(prefix) && other.endsWith(SUFFIX))
        rmSync(join(folder, other), { force: true });
    }
  } catch {
    // No cache this time.
  }
}

/**
 * Run dist/<name>.bundle.js (in `folder`) as the CommonJS module it is, with the code cache when there is a
 * usable one; otherwise write one when the bundle reaches its checkpoint (compile-cache-hook.ts) or the process
 * exits, whichever comes first.
 */
export function runBundle(distFolder: string, name: string): void {
  const filename = join(distFolder, `${name}.bundle.js`);
  const text = readFileSync(filename, 'utf8');
  // The wrapper puts the bundle inside a function, where a #! line is a syntax error; same length, same columns.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  const off = process.env[COMPILE_CACHE_SWITCH] === 'off';
  const folder = off ? undefined : privateCacheFolder();
  const file = folder ? cacheFileName(name, source) : '';
  const cachedData = folder ? readOwnFile(join(folder, file)) : undefined;
  const script = new Script(wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const outcome: CacheOutcome = off
    ? 'off'
    : !folder
      ? 'unusable folder'
      : !cachedData
        ? 'none'
        : script.cachedDataRejected
          ? 'rejected'
          : 'accepted';
  trace('compile-cache', `compile cache of ${name}: ${outcome}`);
  if (folder && (outcome === 'none' || outcome === 'rejected')) {
    let written = false;
    // After the bundle has run (and compiled the functions it used), the cache holds those functions too.
    const save = (): void => {
      if (written) return;
      written = true;
      writeCache(folder, name, file, script.createCachedData());
    };
    (globalThis as Record<symbol, unknown>)[COMPILE_CACHE_CHECKPOINT] = save;
    process.once('exit', save);
  }
  const module = { exports: {} as unknown, filename, id: filename };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(filename), module, filename, distFolder);
}
