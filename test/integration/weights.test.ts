// Weights files in a real VS Code: hover text, CodeLens and diagnostics (exact ranges) in weight JSON files,
// and the inspector custom editor's table for .safetensors / .npz / .npy (statistics against numpy).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fmt } from '../../src/core/format-number';
import type { InspectorState, RenderedTable } from '../../src/extension/weights/inspectorEditor';

const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as {
  statistics: Record<string, Record<string, Record<string, number>>>;
};
const scratch = mkdtempSync(join(tmpdir(), 'rnn-weights-it-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  get: () => Thenable<T> | T,
  accept: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await get();
    if (accept(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms; last ${JSON.stringify(last)?.slice(0, 600)}`);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function rangeOf(doc: vscode.TextDocument, snippet: string): vscode.Range {
  const start = doc.getText().indexOf(snippet);
  assert.ok(start >= 0, `"${snippet}" not in ${doc.uri.fsPath}`);
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + snippet.length));
}

describe('weight JSON files in the editor', () => {
  before(async () => {
    await vscode.extensions.all.find((e) => e.packageJSON?.name === 'rnn-gradient-inspector')?.activate();
  });

  it('hover on a recurrent matrix: shape, statistics, ρ, σ_max, γσ_max, verdict and horizon', async () => {
    const doc = await vscode.workspace.openTextDocument(join(fixtures, 'model', 'torch-rnn.json'));
    const name = 'rnn.weight_hh_l0';
    const key = rangeOf(doc, `"${name}"`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      key.start.translate(0, 4),
    );
    const text = hoverText(hovers);
    const want = expected.statistics['model/torch-rnn.safetensors'][name];
    assert.ok(text.includes(`**${name}** — 4×4`), text);
    assert.ok(text.includes(`mean ${fmt(want.mean)} · std ${fmt(want.std)}`), text);
    assert.ok(
      text.includes(
        `ρ = ${fmt(want.spectralRadius)} · σ<sub>max</sub> = ${fmt(want.sigmaMax)} · γσ<sub>max</sub> = ${fmt(want.sigmaMax)}`,
      ),
      text,
    );
    assert.match(text, /\*\*(Vanishing|Exploding|Edge)\.\*\* /);
    assert.match(text, /Gradient horizon: (all )?\d+ steps?/);
    assert.ok(
      hovers.some((h) => h.range?.isEqual(key)),
      'the hover spans the key',
    );
  });

  it('a hover that analyses a 200×200 W_hh runs in the worker: the extension host stays responsive', async () => {
    const n = 200;
    let seed = 11;
    const row = () =>
      Array.from({ length: n }, () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return Number(((seed / 2 ** 32 - 0.5) / Math.sqrt(n)).toFixed(6));
      });
    const file = join(scratch, 'large.json');
    writeFileSync(
      file,
      JSON.stringify({
        cell: 'rnn',
        W_hh: Array.from({ length: n }, row),
        W_xh: Array.from({ length: n }, () => [0.1, -0.2]),
      }),
    );
    const doc = await vscode.workspace.openTextDocument(file);
    let last = Date.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 20);
    let text: string;
    try {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        rangeOf(doc, '"W_hh"').start.translate(0, 2),
      );
      text = hoverText(hovers);
    } finally {
      clearInterval(ticker);
    }
    assert.match(text, /\*\*W_hh\*\* — 200×200/);
    assert.match(text, /ρ = [\d.]+ · σ<sub>max<\/sub> = [\d.]+ · γσ<sub>max<\/sub> = [\d.]+ \(tanh, assumed, γ = 1\)/);
    assert.ok(longestGap < 500, `the extension host's event loop stalled for ${longestGap} ms`);
  });

  it('CodeLens "Analyze RNN gradients" at the top, bound to the file', async () => {
    const doc = await vscode.workspace.openTextDocument(join(fixtures, 'model', 'keras-rnn.json'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const lens = lenses.find((l) => l.command?.title === 'Analyze RNN gradients');
    assert.ok(lens, JSON.stringify(lenses.map((l) => l.command?.title)));
    assert.equal(lens.range.start.line, 0);
    assert.equal(lens.command?.command, 'rnnGradients.analyze');
    assert.equal((lens.command?.arguments?.[0] as vscode.Uri).fsPath, doc.uri.fsPath);
  });

  it('diagnostics with exact ranges: ragged row, non-number, NaN string, shape mismatch, broken tie', async () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(
      file,
      [
        '{',
        '  "cell": "rnn",',
        '  "W_hh": [[0.5, 0.1], [0.2]],',
        '  "W_xh": [[1, 2, 3], [4, "x", 6]],',
        '  "b_h": [0, "NaN", 0],',
        '  "W_hy": [[1, 4], [2, 5], [3, 6.5]],',
        '  "tied": [["W_xh", "W_hy^T"]]',
        '}',
      ].join('\n'),
    );
    const doc = await vscode.workspace.openTextDocument(file);
    const diagnostics = await until(
      'diagnostics',
      () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'RNN weights'),
      (d) => d.length > 0,
    );
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.range);
    assert.deepEqual(at('ragged-rows'), [rangeOf(doc, '[0.2]')]);
    assert.deepEqual(at('not-a-number'), [rangeOf(doc, '"x"')]);
    assert.deepEqual(at('non-finite-string'), [rangeOf(doc, '"NaN"')]);
    // W_xh is not well-formed, so the tie cannot be compared yet; W_hh is ragged, so no shape checks either.
    assert.deepEqual(at('tied-not-equal'), []);
    assert.ok(diagnostics.find((d) => d.code === 'ragged-rows')?.message.includes('W_hh[1] has 1 entries, expected 2'));
  });

  it('diagnostics follow edits: fixing the rows reveals the broken tie at its number', async () => {
    const file = join(scratch, 'tied.json');
    writeFileSync(
      file,
      '{\n  "W_hh": [[0.5, 0.1], [0.2]],\n  "W_xh": [[1, 2, 3], [4, 5, 6]],\n  "W_hy": [[1, 4], [2, 5], [3, 6.5]],\n  "tied": [["W_xh", "W_hy^T"]]\n}\n',
    );
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await until(
      'ragged diagnostic',
      () => vscode.languages.getDiagnostics(doc.uri),
      (d) => d.some((x) => x.code === 'ragged-rows'),
    );
    await editor.edit((b) => b.replace(rangeOf(doc, '[0.2]'), '[0.2, 0.3]'));
    const diagnostics = await until(
      'tie diagnostics after the edit',
      () => vscode.languages.getDiagnostics(doc.uri),
      (d) => !d.some((x) => x.code === 'ragged-rows') && d.some((x) => x.code === 'tied-not-equal'),
    );
    const tie = diagnostics.filter((d) => d.code === 'tied-not-equal');
    assert.ok(
      tie.some((d) => d.range.isEqual(rangeOf(doc, '6.5'))),
      JSON.stringify(tie.map((d) => d.range)),
    );
    assert.ok(tie.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    assert.match(tie[0].message, /W_xh = W_hy\^T is broken: the largest difference is 0\.5 at W_hy\^T\[1\]\[2\]/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('training configs (*.rnn.json) and plain JSON get no weights diagnostics', async () => {
    const file = join(scratch, 'package.json');
    writeFileSync(file, '{"name": "x", "values": [[1, 2], [3]]}');
    const doc = await vscode.workspace.openTextDocument(file);
    await sleep(500);
    assert.deepEqual(
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'RNN weights'),
      [],
    );
  });
});

describe('weights inspector (custom editor)', () => {
  const state = (file: string) =>
    vscode.commands.executeCommand<(InspectorState & { rendered?: RenderedTable }) | undefined>(
      'rnnGradients.weightsInspectorState',
      file,
    );
  const openInspector = async (file: string) => {
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'rnnGradients.weightsInspector');
    return until(
      `inspector of ${file}`,
      () => state(file),
      (s) => s?.done === true,
    );
  };

  it('is the default editor of .safetensors files', () => {
    const contributed = vscode.extensions.all.find((e) => e.packageJSON?.name === 'rnn-gradient-inspector')?.packageJSON
      .contributes.customEditors;
    assert.equal(contributed?.[0]?.viewType, 'rnnGradients.weightsInspector');
    assert.equal(contributed?.[0]?.priority, 'default');
  });

  it('shows every tensor of a PyTorch safetensors file with numpy-exact statistics and roles', async () => {
    const file = join(fixtures, 'model', 'torch-rnn.safetensors');
    const s = (await openInspector(file))!;
    assert.equal(s.problem, undefined);
    assert.equal(s.analysable, true);
    assert.equal(s.rows.length, 16);
    const want = expected.statistics['model/torch-rnn.safetensors'];
    for (const row of s.rows) {
      const w = want[row.name];
      assert.ok(row.stats, `${row.name} has statistics`);
      assert.ok(Math.abs(row.stats.mean - w.mean) <= 1e-12 * Math.abs(w.mean) + 1e-15, `${row.name} mean`);
      if (w.spectralRadius !== undefined) {
        assert.ok(Math.abs(row.stats.spectralRadius! - w.spectralRadius) <= 1e-10 * w.spectralRadius, `${row.name} ρ`);
        assert.ok(Math.abs(row.stats.sigmaMax! - w.sigmaMax) <= 1e-10 * w.sigmaMax, `${row.name} σ_max`);
      }
    }
    assert.equal(s.rows.find((r) => r.name === 'rnn.weight_hh_l1_reverse')?.role, 'W_hh of layer 1 (reverse), RNN');
    assert.match(s.layers, /^Recurrent layers: 2 layers, 2 directions each — layer 0: RNN/);
    assert.match(s.layers, /layer 1 \(reverse\): RNN, hidden 4, input 8/);
    // The page itself (its script running under the CSP) drew every row with its statistics.
    const drawn = await until(
      'the webview draws the table',
      () => state(file),
      (x) => x?.rendered?.withStatistics === 16,
    );
    const { rows, withStatistics, problem } = drawn!.rendered!;
    assert.deepEqual({ rows, withStatistics, problem }, { rows: 16, withStatistics: 16, problem: false });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('prints σ_max of one file the same in the CLI, the weights hover, the config hover and the inspector', async () => {
    const safetensors = join(fixtures, 'model', 'torch-rnn.safetensors');
    const numpy = expected.statistics['model/torch-rnn.safetensors']['rnn.weight_hh_l0'].sigmaMax;
    const shown: Record<string, string | undefined> = {};
    const sigmaIn = (text: string) => /σ(?:_max|<sub>max<\/sub>) = \**([^\s*,]+)/.exec(text)?.[1];

    const cli = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'analyze', safetensors],
      {
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      },
    );
    assert.equal(cli.status, 0, cli.stderr);
    shown.cli = sigmaIn(cli.stdout);

    const json = await vscode.workspace.openTextDocument(join(fixtures, 'model', 'torch-rnn.json'));
    const key = rangeOf(json, '"rnn.weight_hh_l0"');
    shown.weightsHover = sigmaIn(
      hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          json.uri,
          key.start.translate(0, 4),
        ),
      ),
    );

    const config = join(scratch, 'sigma.rnn.yaml');
    writeFileSync(
      config,
      `model: {cell: rnn, hidden_size: 4, input_size: 3}\nweights: ${JSON.stringify(safetensors)}\n`,
    );
    const doc = await vscode.workspace.openTextDocument(config);
    const configHover = await until(
      'the config hover has measured the weights',
      async () =>
        hoverText(
          await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            doc.uri,
            new vscode.Position(1, 2),
          ),
        ),
      (text) => sigmaIn(text) !== undefined,
    );
    shown.configHover = sigmaIn(configHover);

    await openInspector(safetensors);
    const drawn = (await until(
      'the webview draws the table',
      () => state(safetensors),
      (x) => x?.rendered?.withStatistics === 16,
    ))!.rendered!;
    const row = drawn.cells[drawn.tensors.indexOf('rnn.weight_hh_l0')];
    shown.inspector = row?.[drawn.columns.indexOf('σmax')];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const want = fmt(numpy);
    assert.deepEqual(
      shown,
      { cli: want, weightsHover: want, configHover: want, inspector: want },
      `numpy σ_max = ${numpy}`,
    );
    assert.match(want, /^0\.\d{4}$/, 'four significant digits');
  });

  it('opens .npz and .npy files; an LSTM in an .npz is analysable', async () => {
    const npz = (await openInspector(join(fixtures, 'model', 'torch-lstm-deflated.npz')))!;
    assert.equal(npz.analysable, true, npz.problem);
    assert.equal(npz.problem, undefined);
    const npy = (await openInspector(join(fixtures, 'npy', 'f4-be-f-v2.npy')))!;
    assert.deepEqual(
      npy.rows.map((r) => [r.name, r.shape.join('x'), r.dtype]),
      [['f4-be-f-v2', '2x3x4', 'F32']],
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Inspect weights command opens a weight JSON file in the inspector too', async () => {
    const file = join(fixtures, 'model', 'keras-rnn.json');
    await vscode.commands.executeCommand('rnnGradients.inspectWeights', vscode.Uri.file(file));
    const s = (await until(
      'JSON inspector',
      () => state(file),
      (x) => x?.done === true,
    ))!;
    assert.equal(s.problem, undefined);
    assert.match(s.meta, /^json-state-dict · 3 tensors/);
    const want = expected.statistics['model/keras-rnn.safetensors'];
    const kernel = s.rows.find((r) => r.name.endsWith('recurrent_kernel:0'))!;
    assert.equal(kernel.role, 'W_hhᵀ of layer 0, RNN');
    assert.ok(
      Math.abs(kernel.stats!.spectralRadius! - want[kernel.name].spectralRadius) <=
        1e-10 * want[kernel.name].spectralRadius,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a 512×512 W_hh is decoded and analysed in the worker while the extension host stays responsive', async () => {
    const n = 512;
    const values = new Float32Array(n * n);
    let seed = 7;
    for (let i = 0; i < values.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      values[i] = (seed / 2 ** 32 - 0.5) / Math.sqrt(n);
    }
    const header = JSON.stringify({ W_hh: { dtype: 'F32', shape: [n, n], data_offsets: [0, values.byteLength] } });
    const bytes = new Uint8Array(8 + header.length + values.byteLength);
    new DataView(bytes.buffer).setUint32(0, header.length, true);
    bytes.set(Buffer.from(header), 8);
    bytes.set(new Uint8Array(values.buffer), 8 + header.length);
    const file = join(scratch, 'big.safetensors');
    writeFileSync(file, bytes);

    let last = Date.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
    }, 20);
    try {
      const s = (await openInspector(file))!;
      const stats = s.rows[0].stats!;
      assert.ok(
        stats.spectralRadius! > 0 && stats.sigmaMax! >= stats.spectralRadius!,
        `ρ ${stats.spectralRadius} ≤ σ_max ${stats.sigmaMax}`,
      );
    } finally {
      clearInterval(ticker);
    }
    assert.ok(longestGap < 500, `the extension host's event loop stalled for ${longestGap} ms`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a corrupt file shows the error with the file and the place', async () => {
    const bytes = readFileSync(join(fixtures, 'model', 'torch-rnn.safetensors'));
    const file = join(scratch, 'cut.safetensors');
    writeFileSync(file, bytes.subarray(0, 40));
    const s = (await openInspector(file))!;
    assert.match(
      s.problem ?? '',
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: byte 0: header length \\d+ runs past the end of the file \\(40 bytes\\)`,
      ),
    );
    assert.equal(s.rows.length, 0);
    await until(
      'the webview shows the problem',
      () => state(file),
      (x) => x?.rendered?.problem === true,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
