// The sentence saying where ∂E/∂W_hh comes from, on the two examples' real analyses (default panel settings:
// T = 100, random inputs, seed 0), checked against the per-lag norms ‖G_(T−l)‖_F summed directly here (those norms
// are checked against PyTorch autograd in test/unit/rnn/autograd.test.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { gradientSourceSentence, percentText } from '../../../src/core/analysis/gradient-source';
import { DEFAULT_STEPS } from '../../../src/core/analysis/types';
import { REPO } from '../helpers';

function analyseExample(name: string) {
  return analyzeFile(join(REPO, 'examples', name), {
    inputs: { kind: 'random', seed: 0, steps: DEFAULT_STEPS },
    lags: DEFAULT_STEPS,
  });
}

/** Shares from the norms, and the fewest steps from either end that hold 90 %: plain loops, no shared code. */
function directShares(byLag: readonly number[]) {
  let total = 0;
  for (const g of byLag) total += g;
  const shares = byLag.map((g) => g / total);
  const holding = (order: number[]) => {
    let sum = 0;
    for (let k = 0; k < order.length; k++) {
      sum += shares[order[k]];
      if (sum >= 0.9) return { steps: k + 1, share: sum };
    }
    return { steps: order.length, share: sum };
  };
  const lags = shares.map((_, l) => l);
  const half = Math.floor(shares.length / 2);
  let far = 0;
  for (let l = half + 1; l < shares.length; l++) far += shares[l];
  return { shares, half, far, recent: holding(lags), oldest: holding([...lags].reverse()) };
}

test('vanishing example: the gradient comes from the most recent steps, with how many and how much', () => {
  const result = analyseExample('vanishing.json');
  assert.equal(result.verdict.regime, 'vanishing');
  const direct = directShares(result.gradient.byLag);
  const sentence = gradientSourceSentence(result.gradient.shareByLag, result.verdict.regime);
  const percent = percentText(direct.recent.share);
  assert.ok(direct.recent.steps <= 5, `a vanishing gradient sits in a few recent steps (${direct.recent.steps})`);
  assert.equal(
    sentence,
    `${percent} of ∂E/∂W_hh comes from the ${direct.recent.steps} most recent steps (lags 0–${direct.recent.steps - 1}); ` +
      `steps more than ${direct.half} back give ${percentText(direct.far)}.`,
  );
  assert.match(percent, /^9\d\u00a0%$/);
  assert.equal(percentText(direct.far), 'less than 0.1\u00a0%');
});

test('exploding example: the gradient comes from far back, the signature of explosion', () => {
  const result = analyseExample('exploding.json');
  assert.equal(result.verdict.regime, 'exploding');
  const direct = directShares(result.gradient.byLag);
  const sentence = gradientSourceSentence(result.gradient.shareByLag, result.verdict.regime);
  const last = direct.shares.length - 1;
  assert.ok(direct.far > 0.99, `${direct.far} of the gradient lies more than ${direct.half} steps back`);
  assert.equal(
    sentence,
    `Over 99.9\u00a0% of ∂E/∂W_hh comes from more than ${direct.half} steps back — the signature of explosion; ` +
      `lags ${last - direct.oldest.steps + 1}–${last} alone give ${percentText(direct.oldest.share)}.`,
  );
  assert.doesNotMatch(sentence, /the last \d+ of \d+ steps/);
});

test('percentages never round to a false 0 % or 100 %; spread and zero gradients are said so', () => {
  assert.equal(percentText(0.999987), 'over 99.9\u00a0%');
  assert.equal(percentText(0.9952), '99.5\u00a0%');
  assert.equal(percentText(0.9406), '94\u00a0%');
  assert.equal(percentText(0.004), '0.4\u00a0%');
  assert.equal(percentText(3e-19), 'less than 0.1\u00a0%');
  assert.equal(percentText(1), '100\u00a0%');
  assert.match(
    gradientSourceSentence(new Array(10).fill(0.1), 'edge'),
    /^The gradient ∂E\/∂W_hh is spread over the window: the 9 most recent steps give 90\u00a0%/,
  );
  assert.equal(
    gradientSourceSentence([0, 0, 0], 'vanishing'),
    'The gradient ∂E/∂W_hh is exactly zero here, so no lag contributes.',
  );
  assert.equal(
    gradientSourceSentence([1, 0, 0], 'vanishing'),
    '100\u00a0% of ∂E/∂W_hh comes from the most recent step (lag 0); steps more than 1 back give 0\u00a0%.',
  );
});
