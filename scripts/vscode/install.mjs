// Installs a real VS Code for tests and `npm start`: code-server (VS Code as a server plus its web workbench)
// with the Node 24 it needs, both from npm, into .vscode-test/code-server/ (its own package.json, never the
// project's). A second call is a fast no-op. Usage: node scripts/vscode/install.mjs [--force]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CODE_SERVER_VERSION,
  NODE_PACKAGE,
  cacheDir,
  codeServerDir,
  codeServerEntry,
  installedMarker,
  node24,
  nodePackageDir,
} from './paths.mjs';

/** The postinstall of code-server builds these native modules; without them the server starts but fails later. */
const NATIVE_PROOFS = [
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
];

export function isInstalled() {
  if (!existsSync(installedMarker) || !existsSync(node24) || !existsSync(codeServerEntry)) return false;
  try {
    return JSON.parse(readFileSync(installedMarker, 'utf8')).codeServer === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function log(message) {
  console.log(`[vscode-install] ${message}`);
}

/** Runs `npm install` into the cache folder, printing a line every 30 s so a long native build does not look hung. */
async function npmInstall(spec, env) {
  const started = Date.now();
  log(`npm install ${spec} (into ${cacheDir}) ...`);
  const args = ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', '--save-exact', spec];
  const child = spawn('npm', args, { cwd: cacheDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const ticker = setInterval(
    () => log(`  still installing ${spec} (${Math.round((Date.now() - started) / 1000)} s)`),
    30_000,
  );
  const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  clearInterval(ticker);
  if (code !== 0) throw new Error(`npm install ${spec} failed (exit ${code ?? signal}); see the output above`);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * npm 11 decides per package whether install scripts may run (`allowScripts` in the project's package.json;
 * unreviewed ones only warn today, a later npm is to block them). code-server's postinstall must run: it installs
 * and builds VS Code's own native modules with nested `npm install`s in its folders. Those read code-server's
 * package.json, not ours, so we cannot approve them from here (an `allow-scripts` setting would reach them as an
 * environment variable, which npm rejects in a project install); NATIVE_PROOFS catches it if they were skipped.
 */
function writeCachePackageJson() {
  const manifest = {
    name: 'rnn-gradient-inspector-vscode-runtime',
    private: true,
    description: 'code-server and its Node 24 for the extension tests; installed by scripts/vscode/install.mjs',
    allowScripts: { 'code-server': true, argon2: true },
  };
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

const LOCK_STALE_MS = 30 * 60_000;

/**
 * Two suites started at once on a fresh machine must not run npm in the same folder together: the first takes
 * the lock (an atomic mkdir), the others wait for it. A lock left by a killed install goes stale after 30 min.
 */
async function withInstallLock(work) {
  const lock = `${cacheDir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let announced = false; ;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another install to finish (${lock})`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs what is missing and returns when code-server can be started. Throws with a clear message if not. */
export async function ensureInstalled({ force = false } = {}) {
  if (!force && isInstalled()) return;
  await withInstallLock(async () => {
    if (!force && isInstalled()) return; // done by the install we waited for
    await install({ force });
  });
}

async function install({ force }) {
  const started = Date.now();
  if (force) rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeCachePackageJson();
  const scratch = join(cacheDir, 'tmp');
  mkdirSync(scratch, { recursive: true });

  // Under `npm test` the environment carries the outer npm's npm_* settings; npm reads npm_config_* as its own
  // config, so the nested install would report the outer Node in npm_config_user_agent, and code-server's
  // postinstall (which checks that for v24) would refuse. Start from a clean slate.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  const env = { ...inherited, TMPDIR: scratch, npm_config_update_notifier: 'false' };
  if (!existsSync(node24)) await npmInstall(NODE_PACKAGE, env);
  const nodeVersion = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!nodeVersion.startsWith('v24.')) throw new Error(`${node24} is not Node 24 (got "${nodeVersion}")`);
  log(`Node ${nodeVersion} at ${node24}`);

  // code-server's postinstall checks `node --version` and compiles native modules: it needs Node 24 first on
  // PATH and that Node's headers (npm here would otherwise build against /usr, i.e. the system Node's headers).
  const buildEnv = {
    ...env,
    PATH: `${join(nodePackageDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodePackageDir,
  };
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    log('warning: /usr/include/gssapi/gssapi.h is missing; run `apt-get install -y libkrb5-dev` if the build fails');
  }
  await npmInstall(`code-server@${CODE_SERVER_VERSION}`, buildEnv);

  const missing = [codeServerEntry, ...NATIVE_PROOFS.map((p) => join(codeServerDir, p))].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `code-server's postinstall did not complete (missing: ${missing.join(', ')}). ` +
        'Did npm skip install scripts (see its "not approved" notice above), or did a native build fail ' +
        '(libkrb5-dev missing)? Delete the folder and retry.',
    );
  }
  writeFileSync(
    installedMarker,
    JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersion }, null, 2) + '\n',
  );
  rmSync(scratch, { recursive: true, force: true });
  log(`code-server ${CODE_SERVER_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const force = process.argv.includes('--force');
  if (!force && isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${cacheDir}`);
  } else {
    try {
      await ensureInstalled({ force });
    } catch (error) {
      console.error(`[vscode-install] ${error.message}`);
      process.exit(1);
    }
  }
}
