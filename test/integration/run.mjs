// Runs the integration suite (out/test/integration/**/*.test.js, see index.ts) inside a real VS Code with the
// repo loaded as a development extension and examples/ as the workspace, through @vscode/test-electron.
// Here (no desktop VS Code download possible) its vscodeExecutablePath is our launcher, which runs the same
// suite in code-server + headless Chromium; with RNN_TEST_DESKTOP=1 runTests downloads desktop VS Code instead.
// Expects `node scripts/build.mjs` and `npx tsc -p tsconfig.json` to have run (npm test / test:integration do).
// Ends with the plain line `integration: N passed, N failed` and exits non-zero when a test failed.
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstalled } from '../../scripts/vscode/install.mjs';
import { repoRoot } from '../../scripts/vscode/paths.mjs';

const suiteIndex = join(repoRoot, 'out', 'test', 'integration', 'index.js');
const workspace = join(repoRoot, 'examples');
const desktop = process.env.RNN_TEST_DESKTOP === '1';

function summary(passed, failed) {
  console.log(`integration: ${passed} passed, ${failed} failed`);
}

async function main() {
  for (const [file, hint] of [
    [join(repoRoot, 'dist', 'extension.js'), 'node scripts/build.mjs'],
    [suiteIndex, 'npx tsc -p tsconfig.json'],
  ]) {
    if (!existsSync(file)) {
      console.error(`missing ${file}: run \`${hint}\` first`);
      summary(0, 1);
      process.exit(1);
    }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'rnnit-'));
  const resultsFile = join(scratch, 'results.json');
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true })); // also after Ctrl-C
  const started = Date.now();
  let vscodeExecutablePath;
  if (!desktop) {
    await ensureInstalled();
    vscodeExecutablePath = join(repoRoot, 'scripts', 'vscode', 'launcher.mjs');
  }
  let exitCode = 0;
  try {
    await runTests({
      vscodeExecutablePath, // undefined: runTests downloads desktop VS Code
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${join(scratch, 'ud')}`],
      extensionTestsEnv: { RNN_TEST_RESULTS_FILE: resultsFile },
    });
  } catch (error) {
    console.error(`integration suite failed: ${error.message}`);
    exitCode = 1;
  }
  let results = { passed: 0, failed: 1 }; // no results file: the suite crashed or timed out before reporting
  if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  else console.error('the suite wrote no results (it crashed, timed out or found no tests)');
  rmSync(scratch, { recursive: true, force: true });
  if (results.failed > 0) exitCode = 1;
  console.log(`integration suite wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  summary(results.passed, results.failed);
  process.exit(exitCode);
}

await main();
