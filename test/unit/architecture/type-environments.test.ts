// The two type environments: the webview (webview/tsconfig.json) sees browser globals and no Node, the host
// (tsconfig.json: extension, workers, CLI, tests) sees Node and no DOM. Checked by compiling small probes
// with each configuration's options.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import ts from 'typescript';
import { REPO } from '../helpers';

const probes = mkdtempSync(join(tmpdir(), 'type-environments-'));
after(() => rmSync(probes, { recursive: true, force: true }));

/** The messages of compiling `source` alone with the options of the tsconfig at `config` (from the root). */
function compileErrors(config: string, source: string): string[] {
  const path = join(REPO, config);
  const { config: json } = ts.readConfigFile(path, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(json, ts.sys, join(path, '..'), undefined, path);
  const probe = join(probes, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(probe, `${source}\nexport {};\n`);
  const program = ts.createProgram([probe], { ...options, noEmit: true, rootDir: undefined, outDir: undefined });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Compiles `known` and `unknown` together: no error may come from `known`, each name in `unknown` must fail. */
function assertEnvironment(config: string, known: string, unknown: string, names: string[]): void {
  const errors = compileErrors(config, `${known}\n${unknown}`);
  const missing = errors.map((e) => /^Cannot find name '(\w+)'/.exec(e)?.[1] ?? e);
  assert.deepEqual([...new Set(missing)].sort(), [...names].sort(), errors.join('\n'));
}

const USES_DOM = 'const body: HTMLElement = document.body;\nconsole.log(body, window.location);';
const USES_NODE = 'console.log(process.env.HOME, Buffer.from("x"));';

test('webview/tsconfig.json: the DOM, and no Node', () => {
  assertEnvironment('webview/tsconfig.json', USES_DOM, USES_NODE, ['Buffer', 'process']);
});

test('tsconfig.json (host and tests): Node, and no DOM', () => {
  assertEnvironment('tsconfig.json', USES_NODE, USES_DOM, ['HTMLElement', 'document', 'window']);
});
