// `rnn-gradients analyze` end to end: the built dist/cli.js, its JSON contract, its exit codes and messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertClose, readFixture, REPO } from '../helpers';

const CLI = join(REPO, 'dist', 'cli.js');
const example = (name: string) => join(REPO, 'examples', name);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test("--json has the documented shape, and its numbers are the file's", () => {
  const r = cli('analyze', example('vanishing.json'), '--json', '--steps', '30', '--lags', '20');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    Object.keys(out.model).sort(),
    [
      'activation',
      'activationSource',
      'cell',
      'direction',
      'file',
      'format',
      'hiddenSize',
      'inputSize',
      'layer',
      'layers',
      'stateSize',
    ].sort(),
  );
  assert.equal(out.model.cell, 'rnn');
  assert.equal(out.model.hiddenSize, 32);
  assert.equal(out.model.inputSize, 8);
  for (const k of ['eigenvalues', 'spectralRadius', 'sigmaMax', 'gamma']) assert.ok(k in out.spectrum, k);
  assert.equal(out.spectrum.eigenvalues.length, 32);
  assert.equal(out.jacobian.steps, 30);
  assert.deepEqual(
    out.jacobian.lags,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.equal(out.jacobian.frobenius.length, 20);
  assert.equal(out.jacobian.spectral.length, 20);
  assert.ok(out.jacobian.bounds.pascanu.length === 20 && out.jacobian.bounds.spectralRadius.length === 20);
  assert.equal(out.gradient.loss, '0.5*||h_T||^2');
  assert.equal(out.gradient.byLag.length, 30);
  assert.equal(typeof out.gradient.frobenius, 'number');
  assert.ok(['vanishing', 'exploding', 'edge'].includes(out.verdict.regime));
  assert.equal(out.verdict.regime, 'vanishing');
  assert.equal(out.spectrum.gamma, 1);
  // ρ from the LAPACK-independent closed form is not available here: check against the spectrum it reports.
  const rho = Math.max(...out.spectrum.eigenvalues.map(([re, im]: [number, number]) => Math.hypot(re, im)));
  assertClose(out.spectrum.spectralRadius, rho, 1e-15, 'ρ = max |λ|');
});

test('the text report names the layer analysed as a user counts the layers of a bidirectional stack', () => {
  const file = join(REPO, 'test', 'fixtures', 'formats', 'model', 'torch-rnn.json');
  const r = cli('analyze', file, '--layer', '1', '--reverse', '--steps', '10');
  assert.equal(r.code, 0, r.stderr);
  const header = r.stdout.split('\n')[0];
  assert.match(header, /\(json-state-dict, layer 1 \(reverse\) of 2 layers, 2 directions each\)$/);
  assert.doesNotMatch(r.stdout, /of 4/);
});

test('inputs file and h0: T is its length; the state_dict example by layer', () => {
  const r = cli('analyze', example('orthogonal.json'), '--inputs', example('inputs.json'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.jacobian.steps, 40);
  assert.equal(out.inputs.kind, 'file');
  const sd = cli('analyze', example('pytorch_state_dict.json'), '--layer', '1', '--json', '--steps', '10');
  assert.equal(sd.code, 0, sd.stderr);
  const sdOut = JSON.parse(sd.stdout);
  assert.equal(sdOut.model.layer, 1);
  assert.equal(sdOut.model.layers.length, 2);
  assert.equal(sdOut.model.activationSource, 'default');
});

test('the PyTorch nn.RNN state_dict fixture: layer 0 Jacobians match autograd through the CLI', () => {
  const ref = readFixture<{
    inputs: number[][];
    expected: { jacobianFrobenius: number[]; jacobianSpectral: number[]; sigmaMax: number };
  }>('rnn', 'state_dict.expected.json');
  const inputs = tmpFile('inputs.json', JSON.stringify(ref.inputs));
  const r = cli('analyze', join(REPO, 'test', 'fixtures', 'rnn', 'state_dict.json'), '--inputs', inputs, '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assertClose(out.spectrum.sigmaMax, ref.expected.sigmaMax, 1e-12, 'σ_max');
  ref.expected.jacobianFrobenius.forEach((v, i) => assertClose(out.jacobian.frobenius[i], v, 1e-10, `‖J(${i + 1})‖_F`));
  ref.expected.jacobianSpectral.forEach((v, i) => assertClose(out.jacobian.spectral[i], v, 1e-10, `‖J(${i + 1})‖₂`));
});

test('the readable summary names the verdict and draws the curve', () => {
  const r = cli('analyze', example('vanishing.json'), '--steps', '50');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Gradients vanish/);
  assert.match(r.stdout, /gradient horizon/);
  assert.match(r.stdout, /l=\s+1 .*█/);
});

test('bad input and usage: exit 2 with the file and the place', () => {
  const cases: [string[], RegExp][] = [
    [['analyze', tmpFile('ragged.json', '{"W_hh": [[1, 2], [3]]}')], /ragged\.json: \$\.W_hh\[1\]: ragged tensor/],
    [
      ['analyze', tmpFile('nonsquare.json', '{"W_hh": [[1, 2, 3], [4, 5, 6]]}')],
      /nonsquare\.json: \$\.W_hh: W_hh must be square/,
    ],
    [
      ['analyze', tmpFile('nan.json', '{"W_hh": [[1, "NaN"], [0, 1]], "W_xh": [[1], [1]]}')],
      /nan\.json: \$\.W_hh\[0\]\[1\]: "NaN" is not a finite number/,
    ],
    [
      ['analyze', tmpFile('big.json', '{"W_hh": [[1, 1e400], [0, 1]]}')],
      /big\.json: \$\.W_hh\[0\]\[1\]: number overflows float64/,
    ],
    [
      ['analyze', tmpFile('act.json', '{"W_hh": [[1]], "activation": "gelu"}')],
      /act\.json: \$\.activation: unknown activation "gelu"/,
    ],
    [['analyze', tmpFile('notmodel.json', '{"epochs": 3}')], /notmodel\.json: \$: no tensors found/],
    [['analyze', tmpFile('broken.json', '{"W_hh": [[1, 2]')], /broken\.json: line 1, column \d+: malformed JSON/],
    [['analyze', '/nonexistent/w.json'], /\/nonexistent\/w\.json: file not found/],
    [
      ['analyze', example('vanishing.json'), '--inputs', tmpFile('in.json', '[[1, 2]]')],
      /in\.json: \$\[0\]: has 2 entries, expected 8/,
    ],
    [['analyze', example('vanishing.json'), '--activation', 'gelu'], /unknown activation "gelu"/],
    [['analyze', example('vanishing.json'), '--steps', '0'], /--steps: Steps T must be a whole number from 1/],
    [['analyze', example('vanishing.json'), '--lags', '200'], /--lags 200 is more than --steps 100/],
    [['analyze', example('vanishing.json'), '--frobnicate'], /unknown option --frobnicate/],
    [['analyze', example('pytorch_state_dict.json'), '--layer', '5'], /no layer 5 in this file; layers: 0, 1/],
    [['wat'], /unknown command "wat"/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/, 'no stack trace for bad input');
  }
});
