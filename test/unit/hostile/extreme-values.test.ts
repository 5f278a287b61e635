// Weights at the edges of float64 (subnormal, beyond 1e308, exactly zero) against closed forms: for W = c·Q with Q
// orthogonal and σ' ≡ 1 (tanh at h = 0), ρ = σ_max = |c| and ‖J(l)‖₂ = |c|^l, whatever c is. Each is checked in
// the core, through the CLI's text and JSON, and in the hover and inspector numbers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import type { AnalysisResult } from '../../../src/core/analysis/types';
import { summarizeRecurrent } from '../../../src/core/inspect/weights-hover';
import { tensorStatistics } from '../../../src/core/inspect/statistics';
import type { ActivationName } from '../../../src/core/rnn/activations';
import { assertClose } from '../helpers';
import { modelFromFixture } from '../rnn/model-from-fixture';
import { assertRefused, runCliBounded, scratchFolder } from './harness';

const STEPS = 12;

/** An orthogonal 3×3 with rational entries (rows of norm 3, pairwise orthogonal), eigenvalues 1 and e^{±iθ}. */
const Q3 = [
  [2, -1, 2],
  [2, 2, -1],
  [-1, 2, 2],
].map((row) => row.map((x) => x / 3));
/** A cyclic permutation: orthogonal with entries 0 and 1, so c·P is exact even for c = 5e-324. */
const P3 = [
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
];

function scaled(m: number[][], c: number): number[][] {
  return m.map((row) => row.map((x) => c * x));
}

/** No input and h_0 = 0: h stays 0, σ'(0) = 1 for tanh, so J(l) = W^l exactly. */
function analyzeAtRest(W_hh: number[][], activation: ActivationName = 'tanh', b = 0): AnalysisResult {
  const n = W_hh.length;
  const model = modelFromFixture({
    W_hh,
    W_xh: W_hh.map(() => [0]),
    b_h: W_hh.map(() => b),
    activation,
  });
  const sequence = { inputs: Array.from({ length: STEPS }, () => Float64Array.of(0)), h0: new Float64Array(n) };
  return analyzeModel(model, sequence, { inputs: { kind: 'zeros', steps: STEPS }, threads: false });
}

/** The same, with the curve estimated from probes (what sizes past the exact budget get). */
function estimateAtRest(W_hh: number[][]): AnalysisResult {
  const n = W_hh.length;
  const model = modelFromFixture({ W_hh, W_xh: W_hh.map(() => [0]), b_h: W_hh.map(() => 0), activation: 'tanh' });
  const sequence = { inputs: Array.from({ length: STEPS }, () => Float64Array.of(0)), h0: new Float64Array(n) };
  return analyzeModel(model, sequence, { inputs: { kind: 'zeros', steps: STEPS }, threads: false, maxExactFlops: 1 });
}

/** Nothing in the words is NaN or ∞, whatever the numbers were. */
function assertReadable(r: AnalysisResult): void {
  for (const text of [r.verdict.summary, ...r.verdict.reasons]) {
    assert.doesNotMatch(text, /NaN|∞|Infinity|undefined|null/, text);
  }
}

for (const c of [5e-324, 1e-310, 1e-200, 1e300, 1e308]) {
  const matrix = c < 1e-300 ? P3 : Q3; // entries 2c/3 would round in the last subnormal bits
  test(`c·Q with c = ${c}: ρ = σ_max = c, ‖J(l)‖₂ = c^l, the verdict ${c < 1 ? 'vanishing' : 'exploding'}`, () => {
    const r = analyzeAtRest(scaled(matrix, c));
    // Entries rounded to float64 (subnormal: to 5e-324 absolute) move σ by at most that much relative; log10 of a
    // number near ±300 has an ulp of 6e-14.
    const relative = c < 1e-300 ? 1e-12 : 1e-14;
    const log10c = Math.log10(c);
    assertClose(r.spectrum.log10SpectralRadius!, log10c, 0, 'log10 ρ', relative + 1e-12);
    assertClose(r.spectrum.log10SigmaMax!, log10c, 0, 'log10 σ_max', relative + 1e-12);
    assertClose(r.spectrum.spectralRadius!, c, relative, 'ρ', 0);
    assertClose(r.spectrum.sigmaMax!, c, relative, 'σ_max', 0);
    r.jacobian.log10Spectral.forEach((v, i) =>
      assertClose(v!, (i + 1) * log10c, 0, `log10‖J(${i + 1})‖₂`, (i + 1) * (relative + 1e-12)),
    );
    assert.equal(r.verdict.regime, c < 1 ? 'vanishing' : 'exploding');
    assertClose(r.verdict.slopeLog10PerStep!, log10c, 0, 'slope', 1e-9);
    assert.equal(r.verdict.zeroFromLag, null);
    assert.equal(r.verdict.horizon, c < 1 ? 0 : STEPS);
    assertReadable(r);
  });
}

test('all entries 1e308 in a 4×4: ρ = σ_max = 4e308, beyond float64, and the verdict is exploding', () => {
  const r = analyzeAtRest(Array.from({ length: 4 }, () => [1e308, 1e308, 1e308, 1e308]));
  const expected = Math.log10(4) + 308; // rank one: 1e308·11ᵀ has σ = ρ = 4·1e308
  assert.equal(r.spectrum.spectralRadius, null);
  assert.equal(r.spectrum.sigmaMax, null);
  assert.equal(r.spectrum.gammaSigmaMax, null);
  assertClose(r.spectrum.log10SpectralRadius!, expected, 1e-14, 'log10 ρ');
  assertClose(r.spectrum.log10SigmaMax!, expected, 1e-14, 'log10 σ_max');
  assertClose(r.jacobian.log10Spectral[STEPS - 1]!, STEPS * expected, 1e-13, 'log10‖J(L)‖₂');
  assertClose(r.jacobian.bounds.log10SpectralRadius[STEPS - 1], STEPS * expected, 1e-13, 'l·log10 ρ');
  assert.equal(r.verdict.regime, 'exploding');
  assert.ok(r.verdict.summary.includes('4e+308'), r.verdict.summary);
  assertReadable(r);
});

test('the estimated curve too: c^l for c·Q with c = 1e-310 and 1e300 (the spectral lower bound is exact here)', () => {
  for (const c of [1e-310, 1e300]) {
    const r = estimateAtRest(scaled(c < 1e-300 ? P3 : Q3, c));
    assert.equal(r.jacobian.exact, false);
    r.jacobian.log10Spectral.forEach((v, i) =>
      assertClose(v!, (i + 1) * Math.log10(c), 0, `c = ${c}: log10‖J(${i + 1})‖₂`, (i + 1) * 1e-11),
    );
    assert.equal(r.verdict.regime, c < 1 ? 'vanishing' : 'exploding');
  }
});

test('a diagonal from 1e300 down to subnormal: ρ = σ_max = the largest entry, powers grow as its powers', () => {
  const r = analyzeAtRest([
    [1e300, 0, 0],
    [0, 3e-310, 0],
    [0, 0, 0.5],
  ]);
  assertClose(r.spectrum.spectralRadius!, 1e300, 1e-15, 'ρ');
  assertClose(r.spectrum.sigmaMax!, 1e300, 1e-15, 'σ_max');
  const moduli = r.spectrum.eigenvalues.map(([re, im]) => Math.hypot(re, im));
  assertClose(moduli[1], 0.5, 1e-15, 'the middle eigenvalue');
  // Beside ρ = 1e300 a backward-stable method promises the smallest only to ρ·ε: it may underflow to 0.
  assert.ok(moduli[2] <= 1e300 * Number.EPSILON, `the smallest eigenvalue ${moduli[2]}`);
  assertClose(r.jacobian.log10Spectral[STEPS - 1]!, STEPS * 300, 1e-14, 'log10‖J(L)‖₂');
  assert.equal(r.verdict.regime, 'exploding');
});

test('a diagonal of subnormal entries: ρ keeps its digits as log10, the verdict is vanishing', () => {
  const r = analyzeAtRest([
    [3e-310, 0],
    [0, -1e-315],
  ]);
  assertClose(r.spectrum.log10SpectralRadius!, Math.log10(3e-310), 0, 'log10 ρ', 1e-9);
  assertClose(r.jacobian.log10Spectral[STEPS - 1]!, STEPS * Math.log10(3e-310), 0, 'log10‖J(L)‖₂', 1e-8);
  assert.equal(r.verdict.regime, 'vanishing');
  assertReadable(r);
});

for (const c of [1e-300, 1, 1e300]) {
  test(`a nilpotent c·N with c = ${c}: ρ = 0, σ_max = c, ‖J(2)‖₂ = c², J(3) = 0, horizon 2 at most`, () => {
    const r = analyzeAtRest(
      scaled(
        P3.map((row, i) => (i === 2 ? [0, 0, 0] : row)),
        c,
      ),
    ); // the shift N
    assert.equal(r.spectrum.spectralRadius, 0);
    assert.equal(r.spectrum.log10SpectralRadius, null);
    assertClose(r.spectrum.log10SigmaMax!, Math.log10(c), 0, 'log10 σ_max', 1e-12);
    assertClose(r.jacobian.log10Spectral[0]!, Math.log10(c), 0, 'log10‖J(1)‖₂', 1e-12);
    assertClose(r.jacobian.log10Spectral[1]!, 2 * Math.log10(c), 0, 'log10‖J(2)‖₂', 1e-12);
    assert.deepEqual(r.jacobian.log10Spectral.slice(2), new Array(STEPS - 2).fill(null));
    assert.equal(r.verdict.zeroFromLag, 3);
    assert.equal(r.verdict.regime, 'vanishing');
    assert.equal(r.verdict.horizon, c >= 1 ? 2 : 0);
    assert.ok(r.verdict.summary.includes('exactly 0 from lag 3'), r.verdict.summary);
    assertReadable(r);
  });
}

test('the zero matrix: J(1) = 0, no slope (null), zeroFromLag 1, vanishing, horizon 0, said in words', () => {
  const r = analyzeAtRest(scaled(Q3, 0));
  assert.equal(r.spectrum.spectralRadius, 0);
  assert.equal(r.spectrum.sigmaMax, 0);
  assert.equal(r.spectrum.log10SigmaMax, null);
  assert.equal(r.verdict.slopeLog10PerStep, null);
  assert.equal(r.verdict.growthPerStep, 0);
  assert.equal(r.verdict.zeroFromLag, 1);
  assert.equal(r.verdict.regime, 'vanishing');
  assert.equal(r.verdict.horizon, 0);
  assert.match(r.verdict.summary, /J\(1\).*= 0.*nothing reaches back even one step/);
  assertReadable(r);
});

test('σ′ subnormal (sigmoid at a = −720): ‖J(l)‖₂ = σ′(−720)^l ≈ e^(−720 l), not NaN', () => {
  const r = analyzeAtRest(Q3, 'sigmoid', -720);
  const log10Derivative = -720 * Math.LOG10E; // σ'(a) = e^a / (1 + e^a)² and e^−720 ≪ 1
  r.jacobian.log10Spectral.forEach((v, i) =>
    assertClose(v!, (i + 1) * log10Derivative, 0, `log10‖J(${i + 1})‖₂`, (i + 1) * 1e-8),
  );
  assert.equal(r.verdict.regime, 'vanishing');
});

test('a huge W_hh with inputs: the forward pass saturates instead of producing NaN', () => {
  const n = 3;
  const model = modelFromFixture({
    W_hh: scaled(Q3, 1e308),
    W_xh: [[1], [-1], [0.5]],
    b_h: [0, 0, 0],
    activation: 'tanh',
  });
  const sequence = {
    inputs: Array.from({ length: STEPS }, (_, t) => Float64Array.of(Math.sin(t + 1))),
    h0: new Float64Array(n),
  };
  const r = analyzeModel(model, sequence, { inputs: { kind: 'zeros', steps: STEPS }, threads: false });
  for (const v of r.jacobian.log10Spectral) assert.ok(v === null || Number.isFinite(v), String(v));
  assertClose(r.spectrum.log10SigmaMax!, 308, 0, 'log10 σ_max', 1e-12);
  assertReadable(r);
});

test('relu and linear units pushed past float64 are refused, saying gradients explode, in the CLI', () => {
  const scratch = scratchFolder('extreme');
  try {
    for (const activation of ['relu', 'linear']) {
      const name = `${activation}.json`;
      const file = join(scratch.dir, name);
      // h_1 = σ(W_xh x_1 + b) is O(1); h_2 ≈ 1e300, h_3 beyond float64 (Q has entries of at most 2/3 and ‖Q‖ = 1).
      const weights = { activation, W_hh: scaled(Q3, 1e300), W_xh: [[1], [-1], [0.5]], b_h: [0.1, 0.2, -0.3] };
      writeFileSync(file, JSON.stringify(weights));
      const run = runCliBounded(['analyze', file, '--steps', '20']);
      assertRefused(run, { code: 2, file: name, message: /leaves float64 at step \d+.*gradients explode/ });
    }
  } finally {
    scratch.remove();
  }
});

test('the hover and the inspector give the subnormal and the huge ρ from their log10, never NaN or ∞', () => {
  const tiny = JSON.stringify({ W_hh: [[5e-324]] });
  const summary = summarizeRecurrent(tiny, 'tiny.json', 'W_hh');
  assert.equal(summary.regime, 'vanishing');
  assertClose(summary.log10SpectralRadius!, Math.log10(5e-324), 0, 'log10 ρ', 1e-12);
  const data = new Float64Array(16).fill(1e308);
  const stats = tensorStatistics({ name: 'W_hh', shape: [4, 4], dtype: 'F64', data } as never);
  assertClose(stats.log10SpectralRadius!, Math.log10(4) + 308, 1e-14, 'inspector log10 ρ');
  assertClose(stats.log10SigmaMax!, Math.log10(4) + 308, 1e-14, 'inspector log10 σ_max');
});

test('the CLI on subnormal, huge and zero W_hh: right verdicts, readable numbers, documented JSON', () => {
  const scratch = scratchFolder('extreme');
  try {
    const write = (name: string, W_hh: number[][]): string => {
      const file = join(scratch.dir, name);
      writeFileSync(file, JSON.stringify({ W_hh }));
      return file;
    };
    const cases = [
      {
        name: 'smallest.json',
        W_hh: [[5e-324]],
        regime: 'vanishing',
        log10Rho: Math.log10(5e-324),
        shown: '4.941e-324',
      },
      { name: 'subnormal.json', W_hh: scaled(Q3, 1e-310), regime: 'vanishing', log10Rho: -310, shown: '1e-310' },
      {
        name: 'huge.json',
        W_hh: Array.from({ length: 4 }, () => [1e308, 1e308, 1e308, 1e308]),
        regime: 'exploding',
        log10Rho: Math.log10(4) + 308,
        shown: '4e+308',
      },
      { name: 'zero.json', W_hh: scaled(Q3, 0), regime: 'vanishing', log10Rho: null, shown: '0' },
    ];
    for (const c of cases) {
      const file = write(c.name, c.W_hh);
      const text = runCliBounded(['analyze', file, '--steps', '20']);
      assertRefused(text, { code: 0 }); // the same checks as a refusal, with exit 0: in time, no signal, no stack trace
      assert.ok(text.stdout.includes(`ρ(W_hh) = ${c.shown}`), `${c.name}: ${text.stdout}`);
      assert.doesNotMatch(text.stdout, /NaN|∞/, `${c.name}: ${text.stdout}`);
      assert.match(text.stdout, c.regime === 'vanishing' ? /Gradients vanish/ : /Gradients explode/);
      const json = runCliBounded(['analyze', file, '--steps', '20', '--json']);
      assertRefused(json, { code: 0 });
      const r = JSON.parse(json.stdout) as AnalysisResult;
      assert.equal(r.verdict.regime, c.regime, c.name);
      if (c.log10Rho === null) assert.equal(r.spectrum.log10SpectralRadius, null);
      else assertClose(r.spectrum.log10SpectralRadius!, c.log10Rho, 0, `${c.name} log10 ρ`, 1e-9);
      if (c.name === 'huge.json') assert.equal(r.spectrum.spectralRadius, null);
      if (c.name === 'zero.json') {
        assert.equal(r.verdict.slopeLog10PerStep, null);
        assert.equal(r.verdict.zeroFromLag, 1);
        assert.match(text.stdout, /nothing reaches back even one step/);
      }
    }
  } finally {
    scratch.remove();
  }
});
