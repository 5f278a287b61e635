// Runs an extension's test suite in a real VS Code workbench: code-server + headless Chromium. The suite runs in
// the extension host exactly as under desktop VS Code; its console output (mocha's report) is relayed to stdout.
import { launchBrowser } from './browser.mjs';
import { ensureInstalled } from './install.mjs';
import { remoteUri, startCodeServer, tail, workbenchUrl } from './server.mjs';

// Generous: the whole suite takes 1–5 min on 2 busy cores; a hang still ends with a clear message.
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * codeAutomationLog(type, args) carries the workbench's own log and, mixed in and undecorated, the extension
 * host's console. To tell them apart the suite loader (test/integration/index.ts) puts this tag, handed to it in
 * extensionEnvironment, before each of its console lines.
 */
export const CONSOLE_TAG = '[ext-host] ';

/** The suite's console line without the tag, or undefined for workbench noise. */
export function extensionHostLine(args) {
  if (!Array.isArray(args) || typeof args[0] !== 'string' || !args[0].startsWith(CONSOLE_TAG)) return undefined;
  return args[0].slice(CONSOLE_TAG.length);
}

function describeLogEntry(type, args) {
  const text = (Array.isArray(args) ? args : [args])
    .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
  return `  [${type}] ${text.split('\n').slice(0, 3).join('\n    ')}`;
}

/**
 * Starts code-server, opens `folder` in the workbench with `developmentPaths` loaded as development extensions
 * and `testsPath` as the suite, relays the suite's output and resolves to its exit code (0 = all passed).
 * Never hangs: after `timeoutMs` it reports a timeout and resolves to 1. Always stops the browser and server.
 */
export async function runExtensionTests({
  developmentPaths,
  testsPath,
  folder,
  userDataDir,
  extensionsDir,
  extensionEnvironment = {},
  timeoutMs = DEFAULT_TIMEOUT_MS,
  rawLog = false,
  out = (line) => process.stdout.write(line + '\n'),
}) {
  await ensureInstalled();
  const started = Date.now();
  let server;
  let browser;
  let timer;
  const recentProblems = [];
  let sawSuiteOutput = false;
  let suiteStarted;
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  };
  // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and forwarded by runTests), and a second signal
  // without a listener would kill the process before the browser and server are stopped.
  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) return;
    interrupted = true;
    out(`[vscode] ${signal}: stopping the browser and code-server`);
    cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    server = await startCodeServer({ userDataDir, extensionsDir });
    const payload = [
      ...developmentPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.port, p)]),
      ['extensionTestsPath', remoteUri(server.port, testsPath)],
      ['extensionEnvironment', JSON.stringify({ ...extensionEnvironment, RNN_TEST_CONSOLE_TAG: CONSOLE_TAG })],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    browser = await launchBrowser();
    let reportExit;
    const exitCode = new Promise((resolve) => {
      reportExit = resolve;
    });
    timer = setTimeout(() => {
      out(`[vscode] TIMEOUT: the suite did not finish within ${timeoutMs / 1000} s; last server log lines:`);
      out(tail(server.dirs.log, 20));
      reportExit(1);
    }, timeoutMs);
    await browser.page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code) || 0));
    await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
      if (rawLog) out(`[raw ${type}] ${JSON.stringify(args)}`);
      const line = extensionHostLine(args);
      if (line !== undefined) {
        if (!sawSuiteOutput) suiteStarted = Date.now();
        sawSuiteOutput = true;
        out(line);
      } else if (type === 'error' || type === 'warn') {
        // Kept for the failure report: a suite that cannot load shows up here, not in the tagged output.
        recentProblems.push(describeLogEntry(type, args));
        if (recentProblems.length > 15) recentProblems.shift();
      }
    });
    const url = workbenchUrl(server.baseUrl, { folder, payload });
    out(`[vscode] code-server ${server.baseUrl} (pid ${server.pid}); opening the workbench in Chromium`);
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const code = await exitCode;
    if (code !== 0 && !sawSuiteOutput && recentProblems.length > 0) {
      out(
        '[vscode] last workbench warnings and errors (some are harmless offline noise, e.g. ENOTFOUND open-vsx.org):',
      );
      for (const problem of recentProblems) out(problem);
    }
    const seconds = (from, to = Date.now()) => ((to - from) / 1000).toFixed(1);
    const phases = suiteStarted
      ? ` (VS Code up and suite loaded: ${seconds(started, suiteStarted)} s, tests: ${seconds(suiteStarted)} s)`
      : '';
    out(`[vscode] suite finished with exit code ${code} after ${seconds(started)} s${phases}`);
    return code;
  } catch (error) {
    out(`[vscode] ERROR: ${error.message}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}
