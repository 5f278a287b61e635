// The integration suite's entry point, loaded by VS Code's extension host (extensionTestsPath). It runs every
// compiled out/test/integration/**/*.test.js with mocha 10 in the BDD style (describe/it, like the unit tests),
// reporting with mocha's `spec` reporter on the console, which the test runner relays to stdout.
// RNN_TEST_GREP (environment) runs only the tests whose full title matches it; RNN_TEST_RESULTS_FILE, if set,
// receives { passed, failed, pending } as JSON for the runner's closing line. RNN_TEST_CONSOLE_TAG, if set (by
// scripts/vscode/driver.mjs under code-server, where the extension host's console arrives mixed with the
// workbench's own log), is put before every console line so the runner can pick out the suite's output.
// RNN_TEST_SUITE=quiet (or hostile) runs only the tests under quiet/ (hostile/): they need a workspace of their own;
// otherwise they are left out.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { format } from 'node:util';

const sourceDir = join(__dirname, '..', '..', '..', 'test', 'integration');
/** Folders of tests that run in a workspace of their own (run.mjs), named by RNN_TEST_SUITE. */
const SUITE_FOLDERS = ['quiet', 'hostile'];

/** A compiled test whose .ts was deleted stays in out/ until it is cleaned: it must not run. */
function hasSource(compiled: string): boolean {
  return existsSync(join(sourceDir, relative(__dirname, compiled)).replace(/\.js$/, '.ts'));
}

function findTestFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return findTestFiles(path);
      return name.endsWith('.test.js') ? [path] : [];
    });
}

function tagConsoleOutput(tag: string): void {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    const tagged = (...args: unknown[]) => original.call(console, tag + format(...args));
    // The extension host installs console methods as getters with a no-op setter, so assignment would be ignored.
    Object.defineProperty(console, level, { value: tagged, writable: true, configurable: true });
  }
}

export async function run(): Promise<void> {
  if (process.env.RNN_TEST_CONSOLE_TAG) tagConsoleOutput(process.env.RNN_TEST_CONSOLE_TAG);
  // Loaded only now: mocha's reporters keep a reference to console.log from the moment they are loaded.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  if (process.env.RNN_TEST_GREP) mocha.grep(process.env.RNN_TEST_GREP);
  const suite = process.env.RNN_TEST_SUITE;
  const suiteOf = (file: string) => SUITE_FOLDERS.find((folder) => file.startsWith(join(__dirname, folder) + sep));
  const compiled = findTestFiles(__dirname).filter((file) => suiteOf(file) === suite);
  const files = compiled.filter(hasSource);
  for (const stale of compiled.filter((file) => !files.includes(file)))
    console.warn(`skipped ${stale}: its .ts is gone`);
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js under ${__dirname}: was the suite compiled (npx tsc -p tsconfig.json)?`));
      return;
    }
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      const resultsFile = process.env.RNN_TEST_RESULTS_FILE;
      if (resultsFile) {
        writeFileSync(
          resultsFile,
          JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }),
        );
      }
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
