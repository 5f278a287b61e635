// Bundles each entry point with esbuild: extension host (node, cjs), the worker threads (src/workers/<name>.ts as
// dist/<name>.js, the names src/workers/bundles.ts resolves), CLI, benchmark, webview (browser). First the
// AssemblyScript kernels of wasm/ into src/core/linalg/generated/ (build-wasm.mjs), which the bundles import.
// The CLI and the threads are launched: dist/<name>.js is a two-line launcher that runs dist/<name>.bundle.js with
// V8's code cache (src/core/runtime/compile-cache.ts).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildWasm } from './build-wasm.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

await buildWasm();

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };
/** Started as fresh processes and threads, so worth a code cache: each is bundled as dist/<out>.bundle.js. */
const launched = [
  { in: 'src/workers/analysisWorker.ts', out: 'analysisWorker' },
  { in: 'src/workers/weightsWorker.ts', out: 'weightsWorker' },
  { in: 'src/workers/timelineWorker.ts', out: 'timelineWorker' },
  { in: 'src/core/parallel/helper-thread.ts', out: 'helperThread' },
  { in: 'src/core/timeline/timeline-thread.ts', out: 'timelineThread' },
  { in: 'src/cli.ts', out: 'cli', shebang: true },
].filter((e) => existsSync(e.in));
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/core/runtime/compile-cache.ts', out: 'compileCache' },
  { in: 'src/bench.ts', out: 'bench' },
  ...launched.map((e) => ({ in: e.in, out: `${e.out}.bundle` })),
].filter((e) => existsSync(e.in));

function writeLaunchers() {
  for (const { out, shebang } of launched) {
    const file = `dist/${out}.js`;
    const lines = [
      ...(shebang ? ['#!/usr/bin/env node'] : []),
      `// Written by scripts/build.mjs: runs ${out}.bundle.js with V8's code cache (src/core/runtime/compile-cache.ts).`,
      `require('./compileCache.js').runBundle(__dirname, ${JSON.stringify(out)});`,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    if (shebang) chmodSync(file, 0o755);
  }
}

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // `rnn-gradients --version` reads it here, so the bundle knows its version wherever it is run from.
    define: { __PACKAGE_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    // jsonc-parser's "main" is a UMD build with dynamic requires esbuild cannot follow; its ESM build bundles.
    mainFields: ['module', 'main'],
  },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: [
      { in: 'webview/main.ts', out: 'webview' },
      { in: 'webview/inspector/main.ts', out: 'inspector' },
      { in: 'webview/timeline/main.ts', out: 'timeline' },
    ],
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
writeLaunchers();
