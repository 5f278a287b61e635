// "Analyze RNN gradients" in a real VS Code: the command on the example weights, what the panel's webview drew
// (it reports back point counts, the verdict and the summary), re-runs, cancel, broken files and file changes.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../src/core/analysis/types';
import type { PanelReport } from '../../src/protocol';
import type { PanelsInspection } from '../../src/extension/analyze';

const examples = join(__dirname, '..', '..', '..', 'examples');
const fixtures = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'formats');
const scratch = mkdtempSync(join(tmpdir(), 'rnn-analyze-it-'));

const defaults = {
  steps: 100,
  lags: 100,
  inputs: 'random',
  seed: 0,
  activation: 'auto',
  layer: 0,
  direction: 'forward',
};

function analyze(file: string, controls?: Partial<typeof defaults>): Thenable<AnalysisResult | undefined> {
  return vscode.commands.executeCommand<AnalysisResult | undefined>(
    'rnnGradients.analyze',
    vscode.Uri.file(file),
    controls ? { ...defaults, ...controls } : undefined,
  );
}

const inspect = () => vscode.commands.executeCommand<PanelsInspection>('rnnGradients.inspectPanels');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The report of `file`'s panel once `accept` holds (the webview draws asynchronously after it loads). */
async function reportFor(
  file: string,
  accept: (r: PanelReport) => boolean = (r) => r.verdict !== '',
  timeoutMs = 20_000,
): Promise<PanelReport> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const entry = (await inspect()).panels.find((p) => p.file === file);
    last = entry?.report;
    if (entry && 'charts' in entry.report && accept(entry.report)) return entry.report;
    await sleep(200);
  }
  throw new Error(
    `no matching report for ${file} within ${timeoutMs} ms; last: ${JSON.stringify(last)?.slice(0, 500)}`,
  );
}

const headings = { vanishing: 'Gradients vanish', exploding: 'Gradients explode', edge: 'On the edge' };

function chart(report: PanelReport, id: string) {
  const found = report.charts.find((c) => c.id === id);
  assert.ok(found, `chart ${id} missing from the report`);
  return found;
}

/** The panel drew exactly what the analysis computed, in every chart and in words. */
function assertDrawn(report: PanelReport, result: AnalysisResult): void {
  assert.ok(
    report.verdict.startsWith(headings[result.verdict.regime]),
    `verdict "${report.verdict}" for ${result.verdict.regime}`,
  );
  assert.ok(report.summary.includes(result.verdict.summary), 'the summary shows the analysis summary');
  assert.equal(report.error, '');
  assert.deepEqual(report.cspViolations, [], 'the strict CSP blocks nothing the panel needs');

  const L = result.jacobian.lags.length;
  const jacobian = chart(report, 'jacobian');
  assert.deepEqual(
    jacobian.datasets.slice(0, 4).map((d) => d.points),
    [L, L, L, L],
  );
  assert.equal(jacobian.datasets[4].points, 2, 'threshold line');
  assert.equal(jacobian.datasets[5].points, 2, 'horizon marker');
  assert.ok(jacobian.datasets[5].label.includes(String(result.verdict.horizon)), jacobian.datasets[5].label);
  assert.equal(jacobian.tableRows, L);

  const eigen = chart(report, 'eigenvalues');
  const n = result.spectrum.eigenvalues.length;
  assert.equal(n, result.model.hiddenSize);
  assert.equal(
    eigen.datasets[0].points + eigen.datasets[1].points,
    n,
    `every eigenvalue drawn once: ${JSON.stringify(eigen.datasets)}`,
  );
  assert.ok(eigen.datasets[1].points >= 1, 'the largest eigenvalue(s) highlighted');
  assert.ok(eigen.datasets[2].points > 100, 'unit circle');
  assert.equal(eigen.tableRows, n);
  const { x, y } = report.eigenPixelsPerUnit;
  assert.ok(x > 10 && Math.abs(x - y) / x < 0.01, `equal aspect: ${x} vs ${y} px per unit`);

  const share = chart(report, 'gradientShare');
  assert.deepEqual(
    share.datasets.map((d) => d.points),
    [result.gradient.shareByLag.length, result.gradient.shareByLag.length],
  );
  for (const c of report.charts) assert.ok(c.width > 100 && c.height > 100, `${c.id} canvas is ${c.width}×${c.height}`);
}

describe('Analyze RNN gradients (command and panel)', function () {
  this.timeout(120_000);

  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const name of ['vanishing.json', 'exploding.json', 'pytorch_state_dict.json']) {
    it(`analyses examples/${name} and the panel draws the result`, async () => {
      const file = join(examples, name);
      const result = await analyze(file);
      assert.ok(result, 'the command returns the analysis');
      if (name === 'vanishing.json') assert.equal(result.verdict.regime, 'vanishing');
      if (name === 'exploding.json') assert.equal(result.verdict.regime, 'exploding');
      assertDrawn(await reportFor(file), result);
    });
  }

  it('keeps one panel per file and re-runs it with new controls', async () => {
    const file = join(examples, 'vanishing.json');
    const result = await analyze(file, { steps: 40, lags: 25, inputs: 'zeros' });
    assert.ok(result);
    assert.equal(result.jacobian.lags.length, 25);
    assert.equal(result.jacobian.steps, 40);
    const report = await reportFor(file, (r) => chart(r, 'jacobian').datasets[0].points === 25);
    assertDrawn(report, result);
    const panels = (await inspect()).panels.filter((p) => p.file === file);
    assert.equal(panels.length, 1);
  });

  it('runs with an inputs file, an activation override and another layer, as the controls ask', async () => {
    const file = join(examples, 'pytorch_state_dict.json');
    const inputsFile = join(examples, 'inputs.json');
    const withInputs = await analyze(file, { inputs: 'file', inputsFile, steps: 100, lags: 10 } as never);
    assert.ok(withInputs);
    assert.equal(withInputs.inputs.kind, 'file');
    assert.equal(withInputs.jacobian.lags.length, 10);

    const sigmoid = await analyze(file, { activation: 'sigmoid', layer: 1, steps: 30, lags: 30 } as never);
    assert.ok(sigmoid);
    assert.equal(sigmoid.model.activation, 'sigmoid');
    assert.equal(sigmoid.model.activationSource, 'override');
    assert.equal(sigmoid.model.layer, 1);
    assert.equal(sigmoid.spectrum.gamma, 0.25);
    const report = await reportFor(file, (r) => chart(r, 'jacobian').datasets[0].points === 30);
    assertDrawn(report, sigmoid);
    const gammaCircle = chart(report, 'eigenvalues').datasets[3];
    assert.match(gammaCircle.label, /1\/γ = 4/);
    assert.ok(gammaCircle.points > 100, 'the 1/γ circle is drawn when γ ≠ 1');
  });

  it('names the layer as a user counts them: layer 2 of 2 · reverse', async () => {
    // nn.RNN(num_layers=2, bidirectional=True): four recurrent matrices, two layers.
    const file = join(fixtures, 'model', 'torch-rnn.json');
    const result = await analyze(file, { layer: 1, direction: 'reverse', steps: 20, lags: 20 });
    assert.ok(result);
    const report = await reportFor(file, (r) => chart(r, 'jacobian').datasets[0].points === 20);
    assert.ok(report.facts.includes('layer: layer 2 of 2 · reverse'), report.facts.join('\n'));
  });

  it('a failed re-run shows the error in the panel and keeps the last good charts', async () => {
    const file = join(examples, 'exploding.json');
    const good = await analyze(file, { steps: 50, lags: 50 });
    assert.ok(good);
    await reportFor(file, (r) => chart(r, 'jacobian').datasets[0].points === 50);
    const failed = await analyze(file, { steps: 50, lags: 50, layer: 7 });
    assert.equal(failed, undefined, 'there is no layer 7');
    const report = await reportFor(file, (r) => r.error !== '');
    assert.match(report.error, /exploding\.json/);
    assert.equal(chart(report, 'jacobian').datasets[0].points, 50, 'the previous charts stay');
    assert.ok(report.verdict.startsWith(headings.exploding));
  });

  it('clamps exact zeros on the log axis and says so', async () => {
    // A relu RNN with W_hh = 0 and no inputs: every Jacobian J(l) is exactly 0.
    const file = join(scratch, 'dead-relu.json');
    const n = 3;
    const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array(c).fill(0));
    writeFileSync(
      file,
      JSON.stringify({ cell: 'rnn', activation: 'relu', W_hh: zeros(n, n), W_xh: zeros(n, 2), b_h: [-1, -1, -1] }),
    );
    const result = await analyze(file, { steps: 10, lags: 10 });
    assert.ok(result);
    const zeroCount = [...result.jacobian.log10Frobenius, ...result.jacobian.log10Spectral].filter(
      (v) => v === null,
    ).length;
    assert.ok(zeroCount > 0, 'the fixture gives exact zeros');
    const report = await reportFor(file);
    assert.ok(report.clampedPoints >= zeroCount, `${report.clampedPoints} clamped`);
    assert.match(report.clampNote, /exactly 0/);
  });

  it('a broken file gives an error naming the file and the place, and no panel', async () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({ cell: 'rnn', activation: 'tanh', W_hh: [[0.5, 0.1], [0.2]], W_xh: [[1], [1]], b_h: [0, 0] }),
    );
    const result = await analyze(file);
    assert.equal(result, undefined);
    const inspection = await inspect();
    assert.ok(inspection.lastError?.includes(file), `error names the file: ${inspection.lastError}`);
    assert.ok(inspection.lastError?.includes('W_hh'), `error names the place: ${inspection.lastError}`);
    assert.equal(inspection.panels.filter((p) => p.file === file).length, 0, 'no panel for a broken file');
    // The extension keeps working.
    assert.ok(await analyze(join(examples, 'vanishing.json')));
  });

  it('cancel stops a long analysis at once', async () => {
    const file = join(scratch, 'large.json');
    const n = 300;
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * (2 / Math.sqrt(n));
    const matrix = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, random));
    writeFileSync(
      file,
      JSON.stringify({
        cell: 'rnn',
        activation: 'tanh',
        W_hh: matrix(n, n),
        W_xh: matrix(n, 4),
        b_h: new Array(n).fill(0),
      }),
    );
    const errorBefore = (await inspect()).lastError;
    const started = Date.now();
    const running = analyze(file, { steps: 3000, lags: 3000 });
    await sleep(1500);
    const cancelledAt = Date.now();
    await vscode.commands.executeCommand('rnnGradients.cancelAnalysis');
    const result = await running;
    const stopMs = Date.now() - cancelledAt;
    assert.equal(result, undefined, `finished in ${cancelledAt - started} ms instead of being cancelled`);
    assert.ok(stopMs < 1000, `stopped ${stopMs} ms after cancel`);
    const inspection = await inspect();
    assert.equal(inspection.panels.filter((p) => p.file === file).length, 0);
    assert.equal(inspection.lastError, errorBefore, 'a cancel is not an error');
    // The worker restarts for the next analysis.
    assert.ok(await analyze(join(examples, 'exploding.json')));
  });

  it('re-runs when the weights file changes on disk', async () => {
    const file = join(scratch, 'changing.json');
    copyFileSync(join(examples, 'vanishing.json'), file);
    const first = await analyze(file);
    assert.equal(first?.verdict.regime, 'vanishing');
    await reportFor(file, (r) => r.verdict.startsWith(headings.vanishing));
    copyFileSync(join(examples, 'exploding.json'), file);
    const report = await reportFor(file, (r) => r.verdict.startsWith(headings.exploding), 30_000);
    assert.ok(report.summary.length > 0);
  });
});
