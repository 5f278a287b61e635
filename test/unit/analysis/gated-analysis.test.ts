// analyzeModel on LSTM and GRU models built from PyTorch state_dicts: every added key against autograd through
// nn.LSTM / nn.GRU (scripts/fixtures/gated.py), the two-thread analysis bit for bit as one thread's, the estimate
// labelled, cancel and progress.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeModel } from '../../../src/core/analysis/analyze';
import { readInputsJson } from '../../../src/core/analysis/inputs';
import { InputError } from '../../../src/core/errors';
import { runCell } from '../../../src/core/rnn/cells';
import { stateSize } from '../../../src/core/rnn/gated-model';
import { binTimescales } from '../../../src/core/rnn/cells/timescales';
import { assertClose } from '../helpers';
import {
  GATED_CASES,
  fixtureInputs,
  modelFromStateDict,
  readGatedFixture,
  seededLstm,
  seededSequence,
} from '../rnn/gated-fixture';

const inputs = { kind: 'file' as const, file: 'fixture', steps: 0 };

for (const name of GATED_CASES) {
  test(`${name}: the analysis's curves, gradient and gates match autograd, and two threads give the same bits`, () => {
    const f = readGatedFixture(name);
    const model = modelFromStateDict(f);
    const sequence = {
      inputs: fixtureInputs(f),
      h0: Float64Array.from(f.h0),
      ...(f.c0 ? { c0: Float64Array.from(f.c0) } : {}),
    };
    const T = sequence.inputs.length;
    const r = analyzeModel(model, sequence, { inputs: { ...inputs, steps: T } });
    const e = f.expected;
    assert.equal(r.model.cell, f.cell);
    assert.equal(r.model.stateSize, stateSize(model));
    assert.equal(r.model.projSize, f.projSize || undefined);
    assert.equal(r.model.resetAfter, f.cell === 'gru' ? f.resetAfter : undefined);
    assert.equal(r.jacobian.exact, true);
    for (let l = 0; l < T; l++) {
      assertClose(r.jacobian.frobenius[l], e.jacobianFrobenius[l], 1e-10, `‖J(${l + 1})‖_F`);
      assertClose(r.jacobian.spectral[l], e.jacobianSpectral[l], 1e-10, `‖J(${l + 1})‖₂`);
      assertClose(r.jacobian.hidden!.spectral[l], e.hiddenSpectral[l], 1e-10, `hidden ‖·‖₂ at ${l + 1}`);
      if (f.cell === 'lstm') assertClose(r.jacobian.cell!.frobenius[l], e.cellFrobenius[l], 1e-10, `cell at ${l + 1}`);
      assertClose(r.gradient.byLag[l], e.gradientByLag[l], 1e-10, `‖G_{T−${l}}‖_F`, 1e-300);
    }
    assert.equal(r.jacobian.cell === undefined, f.cell === 'gru');
    assertClose(r.gradient.frobenius, e.gradientFrobenius, 1e-10, '‖∂E/∂W_hh‖_F');
    for (const [gate, frob] of Object.entries(e.gradientGatesFrobenius))
      assertClose(r.gradient.gates![gate as 'i']!.frobenius, frob, 1e-10, `‖∂E/∂W_h${gate}‖_F`);
    for (const [gate, stats] of Object.entries(e.gates)) {
      const ours = r.gates![gate as 'i']!;
      assertClose(ours.mean, stats.mean, 1e-12, `mean ${gate}`);
      assert.equal(ours.saturatedLow, stats.saturatedLow, `${gate} saturated low`);
      assert.equal(ours.saturatedHigh, stats.saturatedHigh, `${gate} saturated high`);
    }
    const memory = e.gates[f.cell === 'lstm' ? 'f' : 'z'];
    if (memory)
      memory.unitMeans.forEach((m, k) => assertClose(r.timescales![k]!, -1 / Math.log(m), 1e-10, `τ of unit ${k}`));
    assert.ok(r.spectrum.of && r.jacobian.bounds.pascanuAssumes && r.jacobian.bounds.spectralRadiusAssumes);
    // The sup bound must hold at every lag (that is what it claims).
    r.jacobian.log10Spectral.forEach((y, i) =>
      assert.ok(y! <= r.jacobian.bounds.log10Pascanu[i] + 1e-9, `lag ${i + 1}`),
    );
    const single = analyzeModel(model, sequence, { inputs: { ...inputs, steps: T }, threads: false });
    assert.deepEqual({ ...single, timingsMs: {} }, { ...r, timingsMs: {} });
  });
}

test('the origin spectrum is that of the step Jacobian at s = 0, x = 0 and the gate blocks are W_hh’s rows', () => {
  const f = readGatedFixture('gru');
  const model = modelFromStateDict(f);
  const r = analyzeModel(model, { inputs: fixtureInputs(f), h0: new Float64Array(f.hiddenSize) }, { inputs });
  assert.equal(r.spectrum.eigenvalues.length, f.hiddenSize);
  assert.deepEqual(Object.keys(r.spectrum.gates!), ['r', 'z', 'n']);
  assert.equal(r.spectrum.gates!.z!.eigenvalues.length, f.hiddenSize);
  // At h = 0 a GRU's ∂h′/∂h has diagonal z plus terms through W_h·: its trace is Σ z + Σ (−n) σ′(z) W_hz,kk + …;
  // check the one thing independent of the formula: the eigenvalues' sum is the trace of stepJacobians' matrix,
  // against the trace of a finite-difference Jacobian of one step from zero.
  const zero = new Float64Array(f.hiddenSize);
  const x = [new Float64Array(f.inputSize)];
  let trace = 0;
  for (let k = 0; k < f.hiddenSize; k++) {
    const plus = Float64Array.from(zero);
    plus[k] = 1e-6;
    const minus = Float64Array.from(zero);
    minus[k] = -1e-6;
    trace += (runCell(model, x, plus).states[1][k] - runCell(model, x, minus).states[1][k]) / 2e-6;
  }
  const sum = r.spectrum.eigenvalues.reduce((a, [re]) => a + re, 0);
  assertClose(sum, trace, 1e-6, 'Σ eigenvalues = trace of ∂h′/∂h at the origin', 1e-9);
});

test('past the flop limit the curves are estimated, labelled so, and near the exact ones', () => {
  const model = seededLstm({ n: 24, m: 3, scale: 0.4 }, 61);
  const { inputs: xs, s0 } = seededSequence(model, 30, 4, stateSize(model));
  const sequence = { inputs: xs, h0: s0.subarray(0, 24), c0: s0.subarray(24) };
  const exact = analyzeModel(model, sequence, { inputs, threads: false });
  const estimated = analyzeModel(model, sequence, { inputs, maxExactFlops: 1, threads: false });
  assert.equal(estimated.jacobian.exact, false);
  assert.match(estimated.jacobian.method, /^estimated/);
  for (const key of ['frobenius', 'spectral'] as const) {
    estimated.jacobian[key].forEach((v, l) => {
      const ratio = v / exact.jacobian[key][l];
      assert.ok(ratio > 0.4 && ratio < 2.5, `${key} at lag ${l + 1}: estimate/exact = ${ratio}`);
    });
    estimated.jacobian.cell![key].forEach((v, l) => {
      const ratio = v / exact.jacobian.cell![key][l];
      assert.ok(ratio > 0.4 && ratio < 2.5, `cell ${key} at lag ${l + 1}: estimate/exact = ${ratio}`);
    });
  }
});

test('cancel stops the analysis, and progress rises to the end', () => {
  const model = seededLstm({ n: 30, m: 3 }, 62);
  const { inputs: xs } = seededSequence(model, 40, 5, stateSize(model));
  const sequence = { inputs: xs, h0: new Float64Array(30) };
  const seen: number[] = [];
  analyzeModel(model, sequence, { inputs }, { onProgress: (fraction) => seen.push(fraction) });
  assert.ok(seen.length > 40 && seen.every((v, i) => i === 0 || v >= seen[i - 1]) && seen[seen.length - 1] >= 0.95);
  let calls = 0;
  assert.throws(() => analyzeModel(model, sequence, { inputs }, { isCancelled: () => ++calls > 5 }), /cancelled/);
});

test('an LSTM inputs file may give c0; a GRU one may not', () => {
  const lstm = seededLstm({ n: 2, m: 1, proj: 1 }, 63);
  const seq = readInputsJson('{"inputs": [[1], [2]], "h0": [0.5], "c0": [0.1, -0.2]}', 'in.json', lstm);
  assert.deepEqual(Array.from(seq.c0!), [0.1, -0.2]);
  assert.deepEqual(Array.from(seq.h0), [0.5]);
  assert.throws(
    () => readInputsJson('{"inputs": [[1]], "h0": [0.5, 1]}', 'in.json', lstm),
    (e: unknown) => e instanceof InputError && e.location === '$.h0' && /projection size/.test(e.problem),
  );
  const f = readGatedFixture('gru');
  assert.throws(
    () => readInputsJson('{"inputs": [[1, 2, 3]], "c0": [0, 0, 0, 0, 0]}', 'in.json', modelFromStateDict(f)),
    (e: unknown) => e instanceof InputError && e.location === '$.c0',
  );
});

test('the timescale histogram counts units by ≤ 1, ≤ 10, ≤ 100, ≤ 1000 and > 1000 steps (∞ in the last)', () => {
  const { bins } = binTimescales([0.5, 1, 3, 10, 10.5, 99, 100, 1000, 1001, null]);
  assert.deepEqual(
    bins.map((b) => b.count),
    [2, 2, 3, 1, 2],
  );
  assert.deepEqual(
    bins.map((b) => b.upTo),
    [1, 10, 100, 1000, Infinity],
  );
});
