// The whole test suite: build, type-check, unit tests (node:test), then the suites that run in a real VS Code.
// `--unit` stops after the unit tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const unitOnly = process.argv.includes('--unit');

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return name.endsWith('.test.js') ? [p] : [];
  });
}

run('node', ['scripts/build.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.json']);
run('npx', ['tsc', '-p', 'webview/tsconfig.json']);
run('node', ['--test', '--test-reporter=spec', ...findTests('out/test/unit')]);
if (unitOnly) process.exit(0);
for (const suite of ['test/integration/run.mjs', 'test/ui/run.mjs']) {
  if (existsSync(suite)) run('node', [suite]);
}
