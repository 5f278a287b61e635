// The long run in one sentence, from λ₁ and its standard error: what the verdict's reasons, the CLI and the
// panel say. Pure (numbers and notation only), so the panel's page can import it.
import { fmt } from '../../format-number';
import { math, type NotationStyle } from '../../notation';

/**
 * "chaotic: λ₁ = +0.12 per step — gradients grow without bound at long lags; clipping limits the step, not the
 * cause", "λ₁ = -0.02 per step: a gradient halves every 35 steps", or, when λ₁ is within two standard errors of 0,
 * the edge of chaos.
 */
export function lyapunovSentence(
  lambda1: number,
  standardError: number | null,
  style: NotationStyle = 'plain',
): string {
  const l1 = math('λ_1', style);
  const value = lambda1 > 0 ? `+${fmt(lambda1, 2)}` : fmt(lambda1, 2);
  const pm = standardError !== null && standardError > 0 ? ` ± ${fmt(standardError, 1)}` : '';
  if (lambda1 === -Infinity)
    return `${l1} = -∞ per step: the step Jacobians map some direction to zero within a step, so gradients vanish at once`;
  if (standardError !== null && Math.abs(lambda1) <= 2 * standardError)
    return `${l1} = ${value}${pm} per step, not distinguishable from 0 on this run: at the edge of chaos, gradients neither vanish nor explode at long lags`;
  if (lambda1 > 0)
    return `chaotic: ${l1} = ${value} per step — gradients grow without bound at long lags; clipping limits the step, not the cause`;
  if (lambda1 === 0) return `${l1} = 0 per step: gradients neither vanish nor explode at long lags`;
  const halving = Math.LN2 / -lambda1;
  return `${l1} = ${value} per step: a gradient halves every ${fmt(halving, 2)} step${halving === 1 ? '' : 's'}`;
}
