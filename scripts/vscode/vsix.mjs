// Packages the extension as a user gets it and installs that .vsix into a fresh extensions folder, for the test
// that the packaged extension works on its own (test/ui/packaged.test.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { removeDirWhileExiting } from './cleanup.mjs';
import { codeServerEntry, node24, repoRoot } from './paths.mjs';

/** What a build or a test run leaves in the repository; none of it is an input of `npm run package`. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'out', '.vscode-test', 'test-results']);

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output =
      result.error?.message ?? `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return result;
}

/**
 * Runs the project's own `npm run package` in a copy of the working tree (node_modules linked, not copied), so
 * the repository's dist/ is left as it was, and returns the .vsix path and the copy's folder (for removal).
 */
export function packageVsix() {
  const stage = mkdtempSync(join(tmpdir(), 'rnnvsix-'));
  const tree = join(stage, 'tree');
  mkdirSync(tree);
  for (const name of readdirSync(repoRoot)) {
    if (NOT_COPIED.has(name) || name.endsWith('.vsix')) continue;
    cpSync(join(repoRoot, name), join(tree, name), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const vsix = join(stage, 'extension.vsix');
  // Under `npm test` the environment carries the outer npm's npm_* settings, and npm reads npm_config_* as its own
  // configuration: the inner npm starts from a clean slate (as install.mjs's does).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  run('npm', ['run', 'package', '--', '--out', vsix], { cwd: tree, env });
  return { vsix, stage };
}

/** The paths inside a .vsix (a zip), e.g. 'extension/dist/extension.js'. */
export function vsixEntries(vsix) {
  const names = [];
  unzipSync(readFileSync(vsix), {
    filter: (entry) => {
      names.push(entry.name);
      return false; // listed, not inflated
    },
  });
  return names.sort();
}

/** `code-server --install-extension`: installs `vsix` into `extensionsDir`, as a user installs a downloaded one. */
export function installVsix(vsix, extensionsDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'rnninst-'));
  try {
    const home = join(scratch, 'home');
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      TMPDIR: scratch,
    };
    delete env.NODE_OPTIONS;
    const args = [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir];
    const result = run(node24, [...args, '--user-data-dir', join(scratch, 'ud')], { env, timeout: 120_000 });
    return result.stdout;
  } finally {
    removeDirWhileExiting(scratch);
  }
}
