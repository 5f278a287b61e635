// The compile-cache launcher (src/core/runtime/compile-cache.ts), run as the CLI and the threads run it: a
// launcher file next to a bundle, in fresh Node processes, with the cache folder in a temporary directory.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../cli/run-cli';

const LAUNCHER_MODULE = join(__dirname, '..', '..', '..', 'src', 'core', 'runtime', 'compile-cache.js');
const HOOK_MODULE = join(__dirname, '..', '..', '..', 'src', 'core', 'runtime', 'compile-cache-hook.js');

interface Setup {
  dist: string;
  cacheRoot: string;
  folder: string;
}

/** A dist folder with a launcher `t.js` for `t.bundle.js` (and a sibling module the bundle requires). */
function setup(bundle: string): Setup {
  const root = mkdtempSync(join(tmpdir(), 'compile-cache-'));
  const dist = join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 't.js'), `require(${JSON.stringify(LAUNCHER_MODULE)}).runBundle(__dirname, 't');\n`);
  writeFileSync(join(dist, 'sibling.js'), 'module.exports = 40;\n');
  writeFileSync(join(dist, 't.bundle.js'), bundle);
  const cacheRoot = join(root, 'cache');
  return { dist, cacheRoot, folder: join(cacheRoot, 'v8') };
}

/** Some functions called at run time, so that the cache holds more than the top level. */
const BUNDLE = `#!/usr/bin/env node
const sibling = require('./sibling.js');
function square(x) { return x * x; }
function sum(n) { let s = 0; for (let i = 0; i < n; i++) s += square(i); return s; }
module.exports = { answer: sibling + 2 };
process.stdout.write(JSON.stringify({ sum: sum(10), answer: module.exports.answer, dir: __dirname, file: __filename }));
`;

/** The environment of a child that runs with the setup's cache folder and reports what its cache did. */
const tracedEnv = (s: Setup, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  RNN_GRADIENTS_CACHE_DIR: s.cacheRoot,
  RNN_GRADIENTS_TRACE: 'compile-cache',
  ...env,
});

function run(
  s: Setup,
  env: NodeJS.ProcessEnv = {},
): { out: { sum: number; answer: number; dir: string; file: string }; outcome: string } {
  const r = spawnSync(process.execPath, [join(s.dist, 't.js')], {
    encoding: 'utf8',
    env: tracedEnv(s, env),
  });
  assert.equal(r.status, 0, r.stderr);
  const outcome = /compile cache of t: (.*)/.exec(r.stderr)?.[1] ?? '';
  return { out: JSON.parse(r.stdout), outcome };
}

const cacheFiles = (s: Setup): string[] => readdirSync(s.folder).filter((f) => f.endsWith('.v8cache'));

describe('compile cache launcher', () => {
  it('runs the bundle as a CommonJS module, writes a private cache, and V8 accepts it the next time', () => {
    const s = setup(BUNDLE);
    const first = run(s);
    assert.equal(first.outcome, 'none');
    assert.deepEqual(first.out, { sum: 285, answer: 42, dir: s.dist, file: join(s.dist, 't.bundle.js') });
    assert.equal(statSync(s.folder).mode & 0o777, 0o700);
    const [file] = cacheFiles(s);
    assert.match(
      file,
      new RegExp(`^t-${process.versions.v8.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{32}\\.v8cache$`),
    );
    assert.equal(statSync(join(s.folder, file)).mode & 0o777, 0o600);
    const second = run(s);
    assert.equal(second.outcome, 'accepted');
    assert.deepEqual(second.out, first.out);
  });

  it('runs a changed bundle of the same length as changed, and drops the old cache', () => {
    const s = setup(BUNDLE);
    run(s);
    const [old] = cacheFiles(s);
    // Same length, so only the text's hash can tell the two apart (V8's own check compares lengths).
    const changed = BUNDLE.replace('x * x', 'x + x');
    assert.equal(changed.length, BUNDLE.length);
    writeFileSync(join(s.dist, 't.bundle.js'), changed);
    const r = run(s);
    assert.equal(r.outcome, 'none');
    assert.equal(r.out.sum, 90);
    assert.deepEqual(cacheFiles(s).length, 1);
    assert.notEqual(cacheFiles(s)[0], old);
    assert.equal(run(s).out.sum, 90);
  });

  it('compiles without a cache V8 rejects (garbage, cut short) and writes a good one', () => {
    const s = setup(BUNDLE);
    run(s);
    const file = join(s.folder, cacheFiles(s)[0]);
    const good = readFileSync(file);
    for (const bad of [Buffer.from('not a code cache at all'), good.subarray(0, good.length >> 1)]) {
      writeFileSync(file, bad);
      const r = run(s);
      assert.equal(r.outcome, 'rejected');
      assert.equal(r.out.sum, 285);
      assert.equal(run(s).outcome, 'accepted');
    }
  });

  it('uses no cache from a folder others can write, a symbolic link, one it cannot make, or when switched off', () => {
    const open = setup(BUNDLE);
    mkdirSync(open.folder, { recursive: true });
    chmodSync(open.folder, 0o777);
    assert.equal(run(open).outcome, 'unusable folder');
    assert.deepEqual(cacheFiles(open), []);

    const linked = setup(BUNDLE);
    const elsewhere = mkdtempSync(join(tmpdir(), 'compile-cache-elsewhere-'));
    chmodSync(elsewhere, 0o700);
    mkdirSync(linked.cacheRoot);
    symlinkSync(elsewhere, linked.folder);
    assert.equal(run(linked).outcome, 'unusable folder');
    assert.deepEqual(readdirSync(elsewhere), []);

    // A cache folder that cannot be made (its parent is a file): the bundle runs, without a cache.
    const blocked = setup(BUNDLE);
    writeFileSync(blocked.cacheRoot, 'not a folder');
    const r0 = run(blocked);
    assert.equal(r0.outcome, 'unusable folder');
    assert.equal(r0.out.answer, 42);

    const off = setup(BUNDLE);
    const r = run(off, { RNN_GRADIENTS_COMPILE_CACHE: 'off' });
    assert.equal(r.outcome, 'off');
    assert.equal(r.out.answer, 42);
    assert.throws(() => readdirSync(off.folder));
  });

  it('ignores a cache file another user owns', (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root to give a file to another user');
    const s = setup(BUNDLE);
    run(s);
    const file = join(s.folder, cacheFiles(s)[0]);
    chownSync(file, 65534, 65534);
    assert.equal(run(s).outcome, 'none');
    rmSync(s.folder, { recursive: true });
    mkdirSync(s.folder, { recursive: true, mode: 0o700 });
    chownSync(s.folder, 65534, 65534);
    assert.equal(run(s).outcome, 'unusable folder');
  });

  it('writes a worker thread’s cache at its checkpoint, before the thread is terminated', () => {
    const s = setup(`
const { parentPort } = require('node:worker_threads');
require(${JSON.stringify(HOOK_MODULE)}).compileCacheCheckpoint();
setImmediate(() => setImmediate(() => parentPort.postMessage('checkpoint passed')));
setInterval(() => {}, 1000); // a thread that never ends by itself
`);
    writeFileSync(
      join(s.dist, 'parent.js'),
      `const { Worker } = require('node:worker_threads');
const w = new Worker(${JSON.stringify(join(s.dist, 't.js'))});
w.on('message', () => w.terminate());`,
    );
    for (const expected of ['none', 'accepted']) {
      const r = spawnSync(process.execPath, [join(s.dist, 'parent.js')], {
        encoding: 'utf8',
        env: tracedEnv(s),
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`compile cache of t: ${expected}`));
      assert.equal(cacheFiles(s).length, 1);
    }
  });

  it('the CLI gives the same analysis with the cache as without it', () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), 'compile-cache-cli-'));
    const args = ['analyze', '--json', '--quiet', 'examples/exploding.json'];
    const env = { RNN_GRADIENTS_CACHE_DIR: cacheRoot, RNN_GRADIENTS_TRACE: 'compile-cache' };
    const withoutTimes = (stdout: string): unknown => ({ ...JSON.parse(stdout), timingsMs: undefined });
    const plain = runCli(args, { env: { ...env, RNN_GRADIENTS_COMPILE_CACHE: 'off' } });
    const first = runCli(args, { env });
    const second = runCli(args, { env });
    for (const r of [plain, first, second]) assert.equal(r.code, 0, r.stderr);
    assert.match(first.stderr, /compile cache of cli: none/);
    assert.match(second.stderr, /compile cache of cli: accepted/);
    assert.deepEqual(withoutTimes(first.stdout), withoutTimes(plain.stdout));
    assert.deepEqual(withoutTimes(second.stdout), withoutTimes(plain.stdout));
  });
});
