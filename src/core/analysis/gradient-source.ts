// Where the gradient of the tied weight W_hh comes from, in one sentence: from the last few steps (vanishing),
// from far back (the signature of explosion), or spread over the window. Shares are per lag l = 0..T−1, the
// contribution of the step l back from the last, as in AnalysisResult.gradient.shareByLag.
import { NOTATION } from '../notation';
import type { Regime } from './types';

/** The part of the gradient a sentence speaks of: the recent steps holding it, and what lies far back. */
export interface GradientSource {
  /** The fewest most recent steps holding RECENT_FRACTION of the gradient, and their share. */
  recentSteps: number;
  recentShare: number;
  /** Steps more than this far back count as far back: half the window. */
  farAfter: number;
  farShare: number;
  /** The fewest oldest steps holding RECENT_FRACTION, and their share. */
  oldestSteps: number;
  oldestShare: number;
}

/** The fraction the "most recent" and "oldest" step counts hold. */
export const RECENT_FRACTION = 0.9;

/** Keeps a number and its % sign on one line. */
const PERCENT = '\u00a0%';

/** Shares as a person reads them: whole percent, one decimal near 0 and 100, never a rounded 0 % or 100 %. */
export function percentText(share: number): string {
  const p = 100 * share;
  if (p <= 0) return `0${PERCENT}`;
  if (p >= 100) return `100${PERCENT}`;
  if (p < 0.1) return `less than 0.1${PERCENT}`;
  if (p >= 99.95) return `over 99.9${PERCENT}`;
  return `${p < 1 || p >= 99 ? p.toFixed(1) : Math.round(p)}${PERCENT}`;
}

function fewestHolding(
  shares: readonly number[],
  fraction: number,
  fromEnd: boolean,
): { steps: number; share: number } {
  let sum = 0;
  for (let k = 1; k <= shares.length; k++) {
    sum += shares[fromEnd ? shares.length - k : k - 1];
    if (sum >= fraction - 1e-12) return { steps: k, share: sum };
  }
  return { steps: shares.length, share: sum };
}

/** undefined when the shares say nothing (no lags, a non-finite share, or a zero gradient). */
export function gradientSource(shares: readonly number[]): GradientSource | undefined {
  if (shares.length === 0 || !shares.every(Number.isFinite)) return undefined;
  const total = shares.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return undefined;
  const farAfter = Math.floor(shares.length / 2);
  const farShare = shares.slice(farAfter + 1).reduce((a, b) => a + b, 0);
  const recent = fewestHolding(shares, RECENT_FRACTION, false);
  const oldest = fewestHolding(shares, RECENT_FRACTION, true);
  return {
    recentSteps: recent.steps,
    recentShare: recent.share,
    farAfter,
    farShare,
    oldestSteps: oldest.steps,
    oldestShare: oldest.share,
  };
}

const capitalised = (text: string) => text[0].toUpperCase() + text.slice(1);
const lagRange = (from: number, to: number) => (from === to ? `lag ${from}` : `lags ${from}–${to}`);

/** The sentence, in the notation's source form (∂E/∂W_hh). */
export function gradientSourceSentence(shares: readonly number[], regime: Regime): string {
  const gradient = NOTATION.tiedGradient;
  const source = gradientSource(shares);
  if (!source) return `The gradient ${gradient} is exactly zero here, so no lag contributes.`;
  const { recentSteps, recentShare, farAfter, farShare, oldestSteps, oldestShare } = source;
  const last = shares.length - 1;
  if (farShare >= 0.5) {
    const why = regime === 'exploding' ? ' — the signature of explosion' : '';
    return (
      `${capitalised(percentText(farShare))} of ${gradient} comes from more than ${farAfter} steps back${why}; ` +
      `${lagRange(last - oldestSteps + 1, last)} alone give ${percentText(oldestShare)}.`
    );
  }
  const steps = recentSteps === 1 ? 'the most recent step' : `the ${recentSteps} most recent steps`;
  if (recentSteps <= Math.max(1, farAfter)) {
    return (
      `${capitalised(percentText(recentShare))} of ${gradient} comes from ${steps} (${lagRange(0, recentSteps - 1)}); ` +
      `steps more than ${farAfter} back give ${percentText(farShare)}.`
    );
  }
  return (
    `The gradient ${gradient} is spread over the window: ${steps} give ${percentText(recentShare)}, ` +
    `steps more than ${farAfter} back ${percentText(farShare)}.`
  );
}
