// The timeline's numbers are analyze's on each file, and the reference's (numpy and torch on the saved weights).
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import type { AnalysisOptions } from '../../../src/core/analysis/types';
import { layerPoint } from '../../../src/core/timeline/point';
import { buildTimeline } from '../../../src/core/timeline/timeline';
import type { TimelinePoint } from '../../../src/core/timeline/types';
import { assertClose } from '../helpers';
import { reference, setFolder } from './timeline-fixture';

const analysis: AnalysisOptions = { inputs: { kind: 'random', seed: 3, steps: 60 } };

for (const set of ['rnn-lightning', 'lstm-state-dicts']) {
  test(`${set}: every point is analyze's result on that file, with the same probe`, () => {
    const timeline = buildTimeline([setFolder(set)], { analysis });
    assert.equal(timeline.entries.length, reference.sets[set].files.length);
    for (const entry of timeline.entries) {
      assert.ok(entry.ok, `${entry.file} was read`);
      const direct = analyzeFile(entry.file, { ...analysis, layer: 0, direction: 'forward' });
      assert.deepEqual(entry.layers, [layerPoint(direct)]);
      // And the fields themselves, against the result's own keys rather than layerPoint's reading of them.
      const [l] = entry.layers;
      assert.equal(l.horizon, direct.verdict.horizon);
      assert.equal(l.gradientNorm, direct.gradient.frobenius);
      assert.equal(l.rho, direct.spectrum.spectralRadius);
      if (set === 'lstm-state-dicts') assert.equal(l.meanGate, direct.gates?.f?.mean);
    }
  });

  test(`${set}: ρ and σ_max equal numpy/torch on the saved weights, epoch and step what was saved`, () => {
    const timeline = buildTimeline([setFolder(set)], { analysis });
    const points = timeline.entries as TimelinePoint[];
    assert.deepEqual(
      points.map((p) => basename(p.file)),
      reference.sets[set].files.map((f) => f.file),
    );
    for (const [i, ref] of reference.sets[set].files.entries()) {
      const [l] = points[i].layers;
      assertClose(l.rho as number, ref.spectralRadius, 1e-9, `${ref.file} ρ`);
      assertClose(l.sigmaMax as number, ref.sigmaMax, 1e-9, `${ref.file} σ_max`);
      if (set === 'rnn-lightning') {
        assert.equal(points[i].epoch, ref.epoch);
        assert.equal(points[i].globalStep, ref.globalStep);
        // tanh: γ = 1.
        assertClose(l.gammaSigmaMax as number, ref.sigmaMax, 1e-9, `${ref.file} γσ_max`);
      } else {
        assert.equal(points[i].epoch, undefined, 'a bare state_dict saves no epoch');
        assert.ok(l.medianTimescale !== undefined && l.meanGate !== undefined);
      }
    }
  });
}

test("--layer and the lyapunov option reach every checkpoint: λ₁ is the analysis's", () => {
  const options = { ...analysis, lyapunov: { k: 2, steps: 200, warmup: 20 } };
  const timeline = buildTimeline([setFolder('rnn-lightning')], { analysis: options, layer: 0 });
  const last = timeline.entries[timeline.entries.length - 1] as TimelinePoint;
  const direct = analyzeFile(last.file, { ...options, layer: 0, direction: 'forward' });
  assert.equal(last.layers[0].lambda1, direct.lyapunov?.exponents[0]);
  assert.ok(Number.isFinite(last.layers[0].lambda1));
});
