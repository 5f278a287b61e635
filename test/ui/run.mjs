// Runs the UI tests (test/ui/*.test.mjs, node:test) one file at a time: each drives a real VS Code workbench in
// headless Chromium through test/ui/workbench.mjs. Installs code-server first if needed; expects the extension
// built (node scripts/build.mjs). `node test/ui/run.mjs palette` runs only the files whose name contains
// "palette". Ends with the plain line `ui: N passed, N failed`; exits non-zero on a failure.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { ensureInstalled } from '../../scripts/vscode/install.mjs';
import { repoRoot } from '../../scripts/vscode/paths.mjs';

const HARD_TIMEOUT_MS = 10 * 60_000;
const uiDir = join(repoRoot, 'test', 'ui');

if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
  console.error('missing dist/extension.js: run `node scripts/build.mjs` first');
  console.log('ui: 0 passed, 1 failed');
  process.exit(1);
}
await ensureInstalled();
const only = process.argv.slice(2);
const files = readdirSync(uiDir)
  .filter((name) => name.endsWith('.test.mjs') && (only.length === 0 || only.some((part) => name.includes(part))))
  .sort()
  .map((name) => join(uiDir, name));
const started = Date.now();
let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: 1, timeout: HARD_TIMEOUT_MS });
stream.on('test:pass', (event) => {
  if (event.details?.type !== 'suite') passed++;
});
stream.on('test:fail', (event) => {
  if (event.details?.type !== 'suite') failed++;
});
const report = stream.compose(spec);
report.pipe(process.stdout);
await new Promise((resolve) => report.on('end', resolve)); // the closing line must come after the report
if (files.length === 0) failed++; // a UI suite that finds no test must not pass
console.log(`ui suite wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
