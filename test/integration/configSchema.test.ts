// One message per problem in a real VS Code: in a *.rnn.json, VS Code's JSON language service validates against
// our contributed schema and our extension adds its diagnostics; a negative std must be reported once, not twice.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const repoRoot = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-schema-it-'));
const OURS = 'RNN config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function allDiagnosticsOnce(
  uri: vscode.Uri,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  let last: vscode.Diagnostic[] = [];
  while (Date.now() < deadline) {
    last = vscode.languages.getDiagnostics(uri);
    if (accept(last)) return last;
    await sleep(100);
  }
  throw new Error(
    `diagnostics of ${uri.fsPath} never matched; last: ${JSON.stringify(last.map((d) => [d.source, d.message]))}`,
  );
}

describe('config diagnostics from the schema and the extension', () => {
  before(async () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
    };
    await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)?.activate();
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a negative std in a *.rnn.json is reported exactly once, counting every source', async () => {
    const file = join(scratch, 'negative-std.rnn.json');
    // "$schema": 5 breaks the one rule the schema owns: its message shows that the JSON language service has
    // validated this document against our schema, so whatever else it would say has been said by then.
    const text =
      '{\n  "$schema": 5,\n  "model": {"hidden_size": 16, "recurrent_init": {"type": "normal", "std": -0.1}}\n}\n';
    writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const stdValue = new vscode.Range(
      document.positionAt(text.indexOf('-0.1')),
      document.positionAt(text.indexOf('-0.1') + 4),
    );
    const schemaValue = new vscode.Range(
      document.positionAt(text.indexOf('5,')),
      document.positionAt(text.indexOf('5,') + 1),
    );
    const ds = await allDiagnosticsOnce(
      document.uri,
      (all) =>
        all.some((d) => d.source === OURS && d.range.intersection(stdValue)) &&
        all.some((d) => d.source !== OURS && d.range.intersection(schemaValue)),
    );
    // Give any slower source a moment; then count.
    await sleep(1500);
    const all = vscode.languages.getDiagnostics(document.uri);
    const aboutStd = all.filter(
      (d) => d.range.intersection(stdValue) !== undefined && !d.range.intersection(stdValue)!.isEmpty,
    );
    assert.equal(aboutStd.length, 1, `about std: ${JSON.stringify(aboutStd.map((d) => [d.source, d.message]))}`);
    assert.equal(aboutStd[0].source, OURS);
    assert.match(aboutStd[0].message, /std must be ≥ 0/);
    const aboutSchema = all.filter((d) => d.range.intersection(schemaValue) !== undefined);
    assert.equal(
      aboutSchema.length,
      1,
      `about $schema: ${JSON.stringify(aboutSchema.map((d) => [d.source, d.message]))}`,
    );
    assert.notEqual(aboutSchema[0].source, OURS, 'the schema owns "$schema is a string"');
    assert.ok(ds.length >= 2);
  });

  it("a JSON syntax error in a *.rnn.json is reported once: by VS Code's JSON language service", async () => {
    const file = join(scratch, 'missing-comma.rnn.json');
    const text = '{\n  "model": {"hidden_size": 16}\n  "data": {"seq_len": 0}\n}\n';
    writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const line = document.positionAt(text.indexOf('"data"')).line;
    const seqLen = new vscode.Range(
      document.positionAt(text.indexOf('0}')),
      document.positionAt(text.indexOf('0}') + 1),
    );
    // Ours has run once its seq_len error shows; the JSON language service once the missing comma does.
    await allDiagnosticsOnce(
      document.uri,
      (all) =>
        all.some((d) => d.source === OURS && d.range.intersection(seqLen)) &&
        all.some((d) => d.source !== OURS && d.range.start.line === line),
    );
    await sleep(1500);
    const all = vscode.languages.getDiagnostics(document.uri);
    const aboutComma = all.filter((d) => d.range.start.line === line && /comma/i.test(d.message));
    assert.equal(aboutComma.length, 1, `about the comma: ${JSON.stringify(all.map((d) => [d.source, d.message]))}`);
    assert.notEqual(aboutComma[0].source, OURS);
  });
});
