// Training configs in a real VS Code: hover text and diagnostics on the example configs, a quick fix applied
// (one undoable edit, comments kept), and diagnostics refreshed when the weights file a config names appears.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const repoRoot = join(__dirname, '..', '..', '..');
const examples = join(repoRoot, 'examples');
const configs = join(examples, 'configs');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-config-it-'));
const SOURCE = 'RNN config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function activate(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
  };
  await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)?.activate();
}

/** Our diagnostics for `uri` once `accept` holds (they arrive after a debounce and, with weights, an analysis). */
async function diagnosticsFor(
  uri: vscode.Uri,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  let last: vscode.Diagnostic[] = [];
  while (Date.now() < deadline) {
    last = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    if (accept(last)) return last;
    await sleep(100);
  }
  throw new Error(
    `diagnostics of ${uri.fsPath} never matched; last: ${JSON.stringify(last.map((d) => [d.code, d.message]))}`,
  );
}

async function hoverText(document: vscode.TextDocument, needle: string): Promise<string> {
  const position = document.positionAt(document.getText().indexOf(needle) + 1);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    position,
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

function textAt(document: vscode.TextDocument, range: vscode.Range): string {
  return document.getText(range);
}

describe('training configs', () => {
  before(activate);
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('shows the vanishing warning on seq_len of an example YAML config, with the hover explaining it', async () => {
    const document = await vscode.workspace.openTextDocument(join(configs, 'vanishing-long-sequences.rnn.yaml'));
    await vscode.window.showTextDocument(document);
    const [warning] = await diagnosticsFor(document.uri, (ds) => ds.some((d) => d.code === 'horizon-short'));
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(textAt(document, warning.range), '200');
    assert.match(warning.message, /Predicted gradient horizon \d+ steps < seq_len 200/);

    const seqLen = await hoverText(document, 'seq_len:');
    assert.match(seqLen, /Predicted ‖∂h<sub>T<\/sub>\/∂h<sub>0<\/sub>‖ ≈ \(γρ\)<sup>T<\/sup>/);
    assert.match(seqLen, /linearised estimate/);
    assert.match(seqLen, /cannot teach the last/);
    const init = await hoverText(document, 'pytorch_default');
    // The circular law for U(−1/√n, 1/√n): ρ ≈ √n/√(3n) = 1/√3, in the shared four-digit format.
    assert.match(init, /Spectral radius ρ ≈ \*\*0\.5774\*\*/);
    assert.match(init, /circular law/);
  });

  it('reports every error of the bad-values example at its value', async () => {
    const document = await vscode.workspace.openTextDocument(join(configs, 'bad-values.rnn.json'));
    const errors = await diagnosticsFor(document.uri, (ds) => ds.filter((d) => d.code === 'invalid-value').length >= 4);
    const marked = errors.filter((d) => d.code === 'invalid-value').map((d) => textAt(document, d.range));
    for (const value of ['12.5', '"softplus"', '-0.1', '0'])
      assert.ok(marked.includes(value), `${value} not marked: ${marked}`);
    assert.ok(errors.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('reports saved weights that disagree with the config (read and analysed in the worker)', async () => {
    const document = await vscode.workspace.openTextDocument(join(configs, 'weights-disagree.rnn.yaml'));
    const mismatches = await diagnosticsFor(
      document.uri,
      (ds) => ds.filter((d) => d.code === 'weights-mismatch').length === 3,
    );
    assert.deepEqual(
      mismatches.filter((d) => d.code === 'weights-mismatch').map((d) => textAt(document, d.range)),
      ['64', '10', 'sigmoid'],
    );
  });

  it('shows the saved weights in the weights hover, with a link that opens the analysis panel', async () => {
    const document = await vscode.workspace.openTextDocument(join(configs, 'good-orthogonal.rnn.yaml'));
    await diagnosticsFor(document.uri, (ds) => ds.length === 0);
    const hover = await hoverText(document, 'weights:');
    assert.match(hover, /Spectral radius ρ = \*\*/);
    assert.match(hover, /Verdict: \*\*(vanishing|exploding|edge)\*\*/);
    const link = /\[Open the analysis panel\]\(command:rnnGradients\.analyze\?([^)]+)\)/.exec(hover);
    assert.ok(link, hover);
    const [arg] = JSON.parse(decodeURIComponent(link[1])) as vscode.Uri[];
    assert.equal(vscode.Uri.from(arg).fsPath, join(examples, 'orthogonal.json'));
    // The link's argument is what the panel's command accepts.
    const result = await vscode.commands.executeCommand<{ model: { hiddenSize: number } } | undefined>(
      'rnnGradients.analyze',
      vscode.Uri.from(arg),
    );
    assert.equal(result?.model.hiddenSize, 32);
  });

  it('applies "Add clip_grad_norm: 1.0" as one undoable edit that keeps the comments, and the warning goes', async () => {
    const file = join(scratch, 'exploding.rnn.jsonc');
    copyFileSync(join(configs, 'exploding-no-clipping.rnn.jsonc'), file);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const before = document.getText();
    const [warning] = await diagnosticsFor(document.uri, (ds) => ds.some((d) => d.code === 'exploding-no-clip'));
    assert.equal(textAt(document, warning.range), '"normal"');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      warning.range,
    );
    const titles = actions.map((a) => a.title);
    for (const expected of [
      'Add clip_grad_norm: 1.0',
      'Switch recurrent_init to orthogonal',
      'Rescale std to 1/√hidden_size = 0.125',
    ]) {
      assert.ok(
        titles.some((t) => t.startsWith(expected)),
        `${expected} not among ${titles}`,
      );
    }
    const addClip = actions.find((a) => a.title === 'Add clip_grad_norm: 1.0')!;
    assert.ok(addClip.edit && addClip.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(addClip.edit));
    const after = document.getText();
    assert.match(after, /"lr": 0\.01, \/\/ no clipping yet\r?\n\s+"clip_grad_norm": 1\.0/);
    for (const comment of before.match(/\/\/[^\n]*/g) ?? [])
      assert.ok(after.includes(comment), `comment lost: ${comment}`);
    await diagnosticsFor(document.uri, (ds) => !ds.some((d) => d.code === 'exploding-no-clip'));

    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'one undo restores the file');
    await diagnosticsFor(document.uri, (ds) => ds.some((d) => d.code === 'exploding-no-clip'));
  });

  it('checks the files matched by the rnnGradients.configGlobs setting', async () => {
    const file = join(scratch, 'run.train.yaml');
    writeFileSync(file, 'model:\n  hidden_size: 0\n');
    const settings = vscode.workspace.getConfiguration('rnnGradients');
    await settings.update('configGlobs', ['**/*.train.yaml'], vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(file);
      const [error] = await diagnosticsFor(document.uri, (ds) => ds.some((d) => d.code === 'invalid-value'));
      assert.equal(textAt(document, error.range), '0');
    } finally {
      await settings.update('configGlobs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('refreshes when the weights file a config names appears', async () => {
    const file = join(scratch, 'later.rnn.yaml');
    writeFileSync(
      file,
      'model:\n  hidden_size: 32\n  input_size: 8\ndata:\n  seq_len: 5\nweights: later-weights.json\n',
    );
    const document = await vscode.workspace.openTextDocument(file);
    const [missing] = await diagnosticsFor(document.uri, (ds) => ds.some((d) => d.code === 'weights-missing'));
    assert.equal(textAt(document, missing.range), 'later-weights.json');
    // The watcher is set up with the diagnostics; give the file watcher a moment to start listening.
    await sleep(1500);
    copyFileSync(join(examples, 'orthogonal.json'), join(scratch, 'later-weights.json'));
    await diagnosticsFor(document.uri, (ds) => !ds.some((d) => String(d.code).startsWith('weights-')));
  });
});
