// Runs the integration suite (out/test/integration/**/*.test.js, see index.ts) inside a real VS Code with the
// repo loaded as a development extension and examples/ as the workspace, through @vscode/test-electron; then the
// tests under quiet/ in a workspace of unrelated JSON files (the extension must not activate there), and those
// under hostile/ in a workspace of special files (a config naming /dev/zero, a FIFO model.npy).
// Here (no desktop VS Code download possible) its vscodeExecutablePath is our launcher, which runs the same
// suite in code-server + headless Chromium; with RNN_TEST_DESKTOP=1 runTests downloads desktop VS Code instead.
// Expects `node scripts/build.mjs` and `npx tsc -p tsconfig.json` to have run (npm test / test:integration do).
// Ends with the plain line `integration: N passed, N failed` and exits non-zero when a test failed.
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true })); // also after Ctrl-C
  const started = Date.now();
  let vscodeExecutablePath;
  if (!desktop) {
    await ensureInstalled();
    vscodeExecutablePath = join(repoRoot, 'scripts', 'vscode', 'launcher.mjs');
  }
  let exitCode = 0;
  let passed = 0;
  let failed = 0;
  for (const suite of [
    { name: 'main', folder: workspace, env: {} },
    { name: 'quiet', folder: unrelatedJsonWorkspace(join(scratch, 'unrelated')), env: { RNN_TEST_SUITE: 'quiet' } },
    { name: 'hostile', folder: hostileWorkspace(join(scratch, 'hostile')), env: { RNN_TEST_SUITE: 'hostile' } },
  ]) {
    const resultsFile = join(scratch, `${suite.name}-results.json`);
    try {
      await runTests({
        vscodeExecutablePath, // undefined: runTests downloads desktop VS Code
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suiteIndex,
        launchArgs: [suite.folder, '--disable-extensions', `--user-data-dir=${join(scratch, `ud-${suite.name}`)}`],
        extensionTestsEnv: { RNN_TEST_RESULTS_FILE: resultsFile, ...suite.env },
      });
    } catch (error) {
      console.error(`integration suite (${suite.name}) failed: ${error.message}`);
      exitCode = 1;
    }
    let results = { passed: 0, failed: 1 }; // no results file: the suite crashed or timed out before reporting
    if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    else console.error(`the ${suite.name} suite wrote no results (it crashed, timed out or found no tests)`);
    passed += results.passed;
    failed += results.failed;
  }
  rmSync(scratch, { recursive: true, force: true });
  if (failed > 0) exitCode = 1;
  console.log(`integration suite wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  summary(passed, failed);
  process.exit(exitCode);
}

/** A workspace of JSON files that are neither weights nor training configs. */
function unrelatedJsonWorkspace(folder) {
  mkdirSync(join(folder, 'data'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'unrelated', version: '1.0.0' }, null, 2));
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }, null, 2));
  writeFileSync(
    join(folder, 'data', 'records.json'),
    JSON.stringify(
      {
        rows: [
          [1, 2],
          [3, 4],
        ],
        W: [[0.5]],
      },
      null,
      2,
    ),
  );
  return folder;
}

/**
 * A cloned repository's worst: a config whose weights are /dev/zero and a model.npy that is a named pipe (made
 * here, never committed). The extension must stay responsive and say what is wrong.
 */
function hostileWorkspace(folder) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'train.rnn.yaml'), 'weights: /dev/zero\nseq_len: 50\n');
  execFileSync('mkfifo', [join(folder, 'model.npy')]);
  return folder;
}

await main();
