// A workspace a user did not write (run.mjs makes it): train.rnn.yaml names /dev/zero as its weights, and
// model.npy is a named pipe. While the config is diagnosed and the FIFO is open in the inspector, the extension
// host answers a command within 1 s every time, and both problems are shown: a diagnostic on the config's
// weights, an error in the inspector.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InspectorState } from '../../../src/extension/weights/inspectorEditor';

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RESPONSE_MS = 1000;

/** How long one of our commands takes to answer: the extension host's responsiveness. */
async function commandRoundTrip(): Promise<number> {
  const started = Date.now();
  await vscode.commands.executeCommand('rnnGradients.weightsInspectorState', join(folder(), 'model.npy'));
  return Date.now() - started;
}

/** Polls `get` until `accept`, asserting every poll and a command in between answer within RESPONSE_MS. */
async function untilResponsive<T>(what: string, get: () => T | Thenable<T>, accept: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    const took = await commandRoundTrip();
    assert.ok(took < RESPONSE_MS, `a command took ${took} ms while waiting for ${what}`);
    last = await get();
    if (accept(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: not reached; last ${JSON.stringify(last)?.slice(0, 600)}`);
}

describe('a workspace of special files', () => {
  before(async () => {
    await vscode.extensions.all.find((e) => e.packageJSON?.name === 'rnn-gradient-inspector')?.activate();
  });

  it('a config whose weights are /dev/zero: a diagnostic on them, and the host stays responsive', async () => {
    const document = await vscode.workspace.openTextDocument(join(folder(), 'train.rnn.yaml'));
    await vscode.window.showTextDocument(document);
    const diagnostics = await untilResponsive(
      'the diagnostic on the weights',
      () => vscode.languages.getDiagnostics(document.uri),
      (ds) => ds.some((d) => /\/dev\/zero/.test(d.message)),
    );
    const onWeights = diagnostics.find((d) => /\/dev\/zero/.test(d.message))!;
    assert.match(onWeights.message, /character device, not a file/);
    assert.equal(onWeights.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(onWeights.range), '/dev/zero');
  });

  it('a FIFO model.npy in the inspector: an error naming it, and the host stays responsive', async () => {
    const file = join(folder(), 'model.npy');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'rnnGradients.weightsInspector');
    const state = await untilResponsive(
      'the inspector of the FIFO',
      () => vscode.commands.executeCommand<InspectorState | undefined>('rnnGradients.weightsInspectorState', file),
      (s) => s?.done === true,
    );
    assert.ok(state?.problem, JSON.stringify(state));
    assert.ok(state.problem.startsWith(file), state.problem);
    assert.match(state.problem, /is a named pipe \(FIFO\)/);
  });
});
