// Starts code-server on 127.0.0.1 (free port, no auth) in its own process group with every folder it writes to
// (HOME, XDG_*, TMPDIR, user data, extensions) inside one scratch folder, and stops it by ending the whole group.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDirWhileExiting } from './cleanup.mjs';
import { codeServerEntry, node24 } from './paths.mjs';

/** Settings that keep a test workbench quiet and deterministic (no welcome page, no update or telemetry calls). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true, // no chat view or agent processes: nothing of it works offline
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Writes settings.json: the quiet defaults, then what was there (a reused user-data-dir), then `settings`. */
function writeUserSettings(file, settings) {
  let existing = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      existing = {}; // settings.json may hold comments (JSONC); a test profile is rewritten rather than patched
    }
  }
  writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...settings }, null, 2));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntilHealthy(baseUrl, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during start (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer on ${baseUrl} within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server and resolves once it answers HTTP. `settings` are written as the user's settings.json
 * before the start (e.g. { 'workbench.colorTheme': 'Default Light Modern' }). The returned `stop()` ends the
 * process group (SIGTERM, then SIGKILL) and deletes the scratch folder unless `keep` is set.
 * `scratchDir` defaults to a fresh folder under the system temp dir: short, because VS Code puts Unix sockets
 * there and their paths are limited to 107 bytes.
 */
export async function startCodeServer({
  settings = {},
  userDataDir,
  extensionsDir,
  scratchDir,
  keep = false,
  startTimeoutMs = 30_000,
} = {}) {
  const root = scratchDir ?? mkdtempSync(join(tmpdir(), 'rnnvsc-'));
  const dirs = {
    root,
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
    userData: userDataDir ?? join(root, 'ud'),
    extensions: extensionsDir ?? join(root, 'ext'),
    config: join(root, 'config.yaml'),
    log: join(root, 'server.log'),
  };
  for (const dir of [dirs.home, dirs.tmp, dirs.extensions, join(dirs.userData, 'User')])
    mkdirSync(dir, { recursive: true });
  writeUserSettings(join(dirs.userData, 'User', 'settings.json'), settings);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    // Makes the workbench read the `payload` URL parameter (extensionDevelopmentPath, extensionTestsPath, ...)
    // and report through window.codeAutomationLog / codeAutomationExit.
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  const env = {
    ...process.env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    XDG_STATE_HOME: join(dirs.home, '.local', 'state'),
    XDG_RUNTIME_DIR: dirs.tmp,
  };
  // The caller's npm/node settings must not leak into the extension host (e.g. NODE_OPTIONS from a debugger).
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  const logFd = openSync(dirs.log, 'a');
  const child = spawn(node24, args, { detached: true, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);

  let stopped = false;
  const killNow = () => {
    if (stopped) return;
    if (child.pid && groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!keep) removeDirWhileExiting(root);
  };
  // Last resort if the caller dies without calling stop(): never leave a server behind. On a signal that the
  // caller does not handle itself, end the server, then die of that signal as the process would have anyway.
  process.once('exit', killNow);
  const onSignal = (signal) => {
    killNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signalsTaken = ['SIGINT', 'SIGTERM', 'SIGHUP'].filter((signal) => process.listenerCount(signal) === 0);
  for (const signal of signalsTaken) process.once(signal, onSignal);

  // One stop for every caller; the exit and signal handlers stay until it is done, in case the process exits or
  // is interrupted meanwhile.
  let stopping;
  function stop() {
    stopping ??= stopGroup();
    return stopping;
  }
  async function stopGroup() {
    if (child.pid && groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      // Its children (extension host, pty host, file watcher) take several seconds to exit on their own.
      for (let waited = 0; waited < 2000 && groupAlive(child.pid); waited += 100) await sleep(100);
      if (groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      for (let waited = 0; waited < 3000 && groupAlive(child.pid); waited += 100) await sleep(100);
    }
    if (!keep) removeDirWhileExiting(root);
    stopped = true;
    process.removeListener('exit', killNow);
    for (const signal of signalsTaken) process.removeListener(signal, onSignal);
  }

  try {
    await waitUntilHealthy(baseUrl, child, dirs.log, startTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, baseUrl, dirs, pid: child.pid, stop };
}

/** `vscode-remote://` URI of a path on the server: how the web workbench addresses the server's files. */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${encodeURI(absolutePath)}`;
}

/**
 * The workbench URL that opens `folder` and hands the workbench a payload of [key, value] pairs
 * (extensionDevelopmentPath, extensionTestsPath, extensionEnvironment, ...), as a test run needs.
 */
export function workbenchUrl(baseUrl, { folder, payload = [] } = {}) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (payload.length > 0) params.set('payload', JSON.stringify(payload));
  return `${baseUrl}/?${params}`;
}
