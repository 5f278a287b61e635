// The import boundaries eslint.config.mjs enforces, run through ESLint on made-up files: each rule fires
// on a violating import and stays quiet on the allowed ones.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { REPO } from '../helpers';

const eslint = new ESLint({ cwd: REPO });

/** The no-restricted-imports messages for `source` as if it were the file `path` (from the repository root). */
async function restrictions(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(REPO, path) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

async function assertForbidden(path: string, specifier: string, message: RegExp): Promise<void> {
  const messages = await restrictions(path, `import { x } from '${specifier}';\nexport const y = x;\n`);
  assert.equal(messages.length, 1, `${path} importing ${specifier}: ${JSON.stringify(messages)}`);
  assert.match(messages[0], message);
}

async function assertAllowed(path: string, specifier: string): Promise<void> {
  const messages = await restrictions(path, `import { x } from '${specifier}';\nexport const y = x;\n`);
  assert.deepEqual(messages, [], `${path} importing ${specifier}`);
}

describe('webview/ imports only its own files, the shared protocol and pure helpers', () => {
  const forbidden: [string, string][] = [
    ['webview/main.ts', '../src/extension/analyze/panelHtml'],
    ['webview/main.ts', '../src/core/config/read'],
    ['webview/main.ts', '../src/workers/analysisClient'],
    ['webview/main.ts', '../test/unit/helpers'],
    ['webview/charts/jacobianChart.ts', '../../src/core/linalg/gemm'],
    ['webview/charts/jacobianChart.ts', '../../src/protocolHelpers'],
    ['webview/charts/deeper/chart.ts', '../../../src/extension/extension'],
  ];
  for (const [path, specifier] of forbidden) {
    it(`${path} may not import ${specifier}`, () => assertForbidden(path, specifier, /webview\/ imports only/));
  }
  for (const specifier of ['vscode', 'node:fs', 'fs', 'worker_threads']) {
    it(`may not import ${specifier}`, () =>
      assertForbidden('webview/charts/chartSpec.ts', specifier, /no (vscode|Node)/));
  }
  const allowed: [string, string][] = [
    ['webview/main.ts', '../src/protocol'],
    ['webview/main.ts', '../src/protocol/panel'],
    ['webview/charts/chartPanel.ts', '../../src/protocol/index'],
    ['webview/summary.ts', '../src/core/format-number'],
    ['webview/summary.ts', '../src/core/analysis/types'],
    ['webview/controlsBar.ts', '../src/core/rnn/activations'],
    ['webview/charts/chartPanel.ts', '../controls'],
    ['webview/main.ts', './charts/chartPanel'],
    ['webview/charts/chartSetup.ts', 'chart.js'],
  ];
  for (const [path, specifier] of allowed) {
    it(`${path} may import ${specifier}`, () => assertAllowed(path, specifier));
  }
});

describe('src/core imports neither vscode nor the layers that call it', () => {
  const forbidden: [string, string][] = [
    ['src/core/linalg/gemm.ts', '../../extension/analyze/analysisPanel'],
    ['src/core/linalg/gemm.ts', '../../workers/analysisClient'],
    ['src/core/config/read.ts', '../../cli/args'],
    ['src/core/config/read.ts', '../../cli'],
    ['src/core/config/edits/editor.ts', '../../../extension/config'],
    ['src/core/errors.ts', '../extension/extension'],
    ['src/core/errors.ts', '../../src/workers/analysisWorker'],
  ];
  for (const [path, specifier] of forbidden) {
    it(`${path} may not import ${specifier}`, () => assertForbidden(path, specifier, /src\/core is called by/));
  }
  it('may not import vscode', () => assertForbidden('src/core/inspect/weights-hover.ts', 'vscode', /no vscode import/));
  for (const specifier of ['../linalg/matrix', '../../protocol', './worker-pool', 'node:worker_threads']) {
    it(`src/core/parallel/helper.ts may import ${specifier}`, () =>
      assertAllowed('src/core/parallel/helper.ts', specifier));
  }
});
