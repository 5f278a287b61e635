// The host's checks on what the panel's webview sends (it is untrusted) and the export tables, run in the
// extension host with the rest of the integration suite.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../src/core/analysis/types';
import { eigenvaluesCsv, lagsCsv } from '../../src/extension/analyze/exportTables';
import { decodePngDataUrl, parsePanelState, parseWebviewMessage } from '../../src/extension/analyze/webviewMessages';
import { globToRegExp, looksLikeWeightsJson } from '../../src/extension/analyze/weightsSniff';

const controls = { steps: 50, lags: 20, inputs: 'random', seed: 3, activation: 'auto', layer: 0, direction: 'forward' };

describe('panel messages are validated', () => {
  it('accepts well-formed messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'rerun', controls }), {
      type: 'rerun',
      // A page that sends no `stack` (saved before the toggle existed) asks for the one layer.
      controls: { ...controls, inputsFile: undefined, stack: false },
    });
    assert.deepEqual(parseWebviewMessage({ type: 'exportData', format: 'json' }), {
      type: 'exportData',
      format: 'json',
    });
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'eval', code: '1' },
      { type: 'rerun' },
      { type: 'rerun', controls: { ...controls, steps: 0 } },
      { type: 'rerun', controls: { ...controls, steps: '50' } },
      { type: 'rerun', controls: { ...controls, steps: 1e9 } },
      { type: 'rerun', controls: { ...controls, seed: -1 } },
      { type: 'rerun', controls: { ...controls, lags: 2.5 } },
      { type: 'rerun', controls: { ...controls, activation: 'gelu' } },
      { type: 'rerun', controls: { ...controls, direction: 'sideways' } },
      { type: 'rerun', controls: { ...controls, inputs: 'file' } },
      { type: 'rerun', controls: { ...controls, inputsFile: 42 } },
      { type: 'exportData', format: 'exe' },
      { type: 'exportPng', chart: 'nope', dataUrl: 'data:image/png;base64,' },
      { type: 'report', requestId: 1, report: { file: 1 } },
      { type: 'result', id: 1, result: { file: 1 } },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });

  it('clamps lags to steps and checks the saved state', () => {
    assert.equal(parseWebviewMessage({ type: 'rerun', controls: { ...controls, lags: 80 } })?.type, 'rerun');
    const parsed = parseWebviewMessage({ type: 'rerun', controls: { ...controls, lags: 80 } });
    assert.equal(parsed?.type === 'rerun' && parsed.controls.lags, 50);
    assert.equal(parsePanelState({ file: '/w/a.json', controls })?.file, '/w/a.json');
    assert.equal(parsePanelState({ file: '', controls }), undefined);
    assert.equal(parsePanelState({ file: '/w/a.json' }), undefined);
  });

  it('takes only real PNG data URLs', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    assert.deepEqual(decodePngDataUrl(`data:image/png;base64,${png.toString('base64')}`), new Uint8Array(png));
    assert.equal(decodePngDataUrl(`data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`), undefined);
    assert.equal(decodePngDataUrl(`data:text/html;base64,${png.toString('base64')}`), undefined);
    assert.equal(decodePngDataUrl('data:image/png;base64,<script>'), undefined);
  });
});

describe('weights files are recognised', () => {
  it('sniffs recurrent matrices in JSON', () => {
    assert.ok(looksLikeWeightsJson('{"cell":"rnn","W_hh":[[1]]}'));
    assert.ok(looksLikeWeightsJson('{"rnn.weight_hh_l0": [[1]]}'));
    assert.ok(looksLikeWeightsJson('{"rnn.weight_hh_l1_reverse": [[1]]}'));
    assert.ok(looksLikeWeightsJson('{"simple_rnn/simple_rnn_cell/recurrent_kernel:0": [[1]]}'));
    assert.ok(!looksLikeWeightsJson('{"name":"rnn-gradient-inspector","version":"0.1.0"}'));
    assert.ok(!looksLikeWeightsJson('{"note":"W_hh is the recurrent matrix"}'));
  });

  it('matches the setting globs', () => {
    assert.ok(globToRegExp('**/*.json').test('vanishing.json'));
    assert.ok(globToRegExp('**/*.json').test('a/b/vanishing.json'));
    assert.ok(!globToRegExp('**/*.json').test('a/b/vanishing.jsonl'));
    assert.ok(globToRegExp('models/*.{npy,npz}').test('models/w.npz'));
    assert.ok(!globToRegExp('models/*.{npy,npz}').test('models/x/w.npz'));
  });
});

describe('export tables', () => {
  let result: AnalysisResult;
  before(async () => {
    const file = vscode.Uri.file(join(__dirname, '..', '..', '..', 'examples', 'transient.json'));
    const analysed = await vscode.commands.executeCommand<AnalysisResult | undefined>('rnnGradients.analyze', file);
    assert.ok(analysed, 'the example analyses');
    result = analysed;
  });

  it('the CSV by lag carries every number exactly', () => {
    const [header, ...rows] = lagsCsv(result).trim().split('\n');
    const columns = header.split(',');
    assert.equal(rows.length, Math.max(result.jacobian.lags.length, result.gradient.byLag.length - 1) + 1);
    const column = (name: string) => rows.map((r) => r.split(',')[columns.indexOf(name)]);
    result.jacobian.lags.forEach((lag, i) => {
      const row = rows[lag].split(',');
      assert.equal(Number(row[columns.indexOf('jacobian_spectral')]), result.jacobian.spectral[i]);
      assert.equal(
        Number(row[columns.indexOf('log10_bound_rho_pow_l')]),
        result.jacobian.bounds.log10SpectralRadius[i],
      );
    });
    assert.deepEqual(
      column('gradient_share_by_lag').slice(0, result.gradient.shareByLag.length).map(Number),
      result.gradient.shareByLag,
    );
    assert.equal(column('gradient_share_by_lag')[rows.length - 1], '', 'lag T has no gradient term');
    assert.equal(column('jacobian_frobenius')[0], '', 'lag 0 has no Jacobian entry');
  });

  it('the eigenvalue CSV lists every eigenvalue', () => {
    const rows = eigenvaluesCsv(result).trim().split('\n').slice(1);
    assert.deepEqual(
      rows.map((r) => r.split(',').slice(1, 3).map(Number)),
      result.spectrum.eigenvalues,
    );
  });
});
