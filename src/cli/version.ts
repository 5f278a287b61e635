// The tool's version: package.json's, written into dist/cli.js by the build (scripts/build.mjs), so it is right
// wherever the bundle is run from; the unbundled output reads the package.json above it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

declare const __PACKAGE_VERSION__: string | undefined;

export function packageVersion(): string {
  if (typeof __PACKAGE_VERSION__ === 'string') return __PACKAGE_VERSION__;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
    if (dirname(dir) === dir) return 'unknown';
  }
}
