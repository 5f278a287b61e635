// What mean-field theory expects of the long run before anyone trains: for h_t = tanh(W h_{t−1}) with iid entries
// of variance g²/n and no input, the origin is stable and λ₁ = ln g < 0 below g = 1 (ordered), and the network is
// chaotic (λ₁ > 0) above it (Sompolinsky, Crisanti & Sommers 1988). A prediction for the training config's hover,
// to be checked on the trained weights with `analyze --lyapunov`.
import { fmt } from '../../format-number';
import { html } from '../../notation';

const LAMBDA_1 = html('λ_1');

export type MeanFieldRegime = 'ordered' | 'edge' | 'chaotic';

/** |g − 1| within this counts as the edge of chaos: finite n and T blur the transition there. */
export const EDGE_OF_CHAOS = 0.05;

export function meanFieldRegime(gain: number): MeanFieldRegime {
  if (Math.abs(gain - 1) <= EDGE_OF_CHAOS) return 'edge';
  return gain < 1 ? 'ordered' : 'chaotic';
}

/** One line for a hover (markdown, formulas as HTML): the regime the gain predicts, and how to check it. */
export function meanFieldSentence(gain: number): string {
  const regime = meanFieldRegime(gain);
  const g = `g = ${fmt(gain)}`;
  const words =
    regime === 'ordered'
      ? `**ordered**: ${g} < 1, so the activity decays to the origin and ${LAMBDA_1} ≈ ln g = ${fmt(Math.log(gain))} per step`
      : regime === 'chaotic'
        ? `**chaotic**: ${g} > 1, so ${LAMBDA_1} > 0 and gradients grow without bound at long lags`
        : `**the edge of chaos**: ${g} ≈ 1, ${LAMBDA_1} ≈ 0`;
  return (
    `Long run, inputs off (mean-field theory for a random tanh network, Sompolinsky, Crisanti & Sommers 1988): ${words}. ` +
    'A prediction for the untrained weights: inputs and training move it; `rnn-gradients analyze --lyapunov` measures ' +
    `${LAMBDA_1} on a weights file.`
  );
}
