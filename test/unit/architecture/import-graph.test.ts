// The import graph: no cycles (a cycle makes module order, and so start-up, fragile), and the Jacobian
// code gets its row splitter from the caller instead of importing the thread machinery.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers';
import { describeCycle, importCycles, importGraph } from './import-graph';

const CORE = join(REPO, 'src', 'core');

test('the cycle finder sees a cycle made of a type import and a value import', () => {
  const folder = mkdtempSync(join(tmpdir(), 'import-cycle-'));
  try {
    const files = {
      'messages.ts': "import type { Board } from './board';\nexport type Message = { board: Board };\n",
      'board.ts': "import { TIMEOUT } from './messages';\nexport interface Board { timeout: typeof TIMEOUT }\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    writeFileSync(join(folder, 'leaf.ts'), "export { Board } from './board';\n");
    const cycles = importCycles(importGraph(folder)).map((c) => describeCycle(c, folder));
    assert.deepEqual(cycles, ['board.ts → messages.ts → board.ts']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

for (const folder of ['src', 'webview']) {
  test(`${folder}/ has no import cycle`, () => {
    const cycles = importCycles(importGraph(join(REPO, folder))).map((c) => describeCycle(c, REPO));
    assert.deepEqual(cycles, []);
  });
}

test('src/core/rnn imports nothing from src/core/parallel (the row splitter is handed in)', () => {
  const graph = importGraph(join(CORE, 'rnn'));
  const parallel = join(CORE, 'parallel');
  const offending = [...graph].flatMap(([file, targets]) =>
    targets
      .filter((t) => !relative(parallel, t).startsWith('..'))
      .map((t) => `${relative(REPO, file)} imports ${relative(REPO, t)}`),
  );
  assert.deepEqual(offending, []);
});
