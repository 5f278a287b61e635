// Bundles each entry point with esbuild: extension host (node, cjs), worker, CLI, benchmark, webview (browser).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/worker/worker.ts', out: 'worker' },
  { in: 'src/extension/weights/statisticsWorker.ts', out: 'weightsWorker' },
  { in: 'src/core/parallel/helper-thread.ts', out: 'helperThread' },
  { in: 'src/cli.ts', out: 'cli' },
  { in: 'src/bench.ts', out: 'bench' },
].filter((e) => existsSync(e.in));

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
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
