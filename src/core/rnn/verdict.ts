// The verdict: vanishing, exploding or at the edge, with the reason in numbers and the gradient horizon.
import { fmt, fmtMagnitude, fmtPow10 } from '../format-number';
import { plain } from '../notation';
import type { AnalysisResult, Regime } from '../analysis/types';

/** Within ±2 % change per step counts as the edge of stability. */
const EDGE_GROWTH_PER_STEP = 1.02;

export interface VerdictInput {
  log10Spectral: (number | null)[];
  /** null beyond float64, with its log10 beside (null when the value is 0). */
  spectralRadius: number | null;
  log10SpectralRadius: number | null;
  sigmaMax: number | null;
  log10SigmaMax: number | null;
  gamma: number;
  log10GammaSigmaMax: number | null;
  activation: string;
  threshold: number;
  meanDerivative: number;
  transientGrowth: boolean;
}

/** −1, 0 or 1: within 5e-4 of 1 (what 3 significant digits show as "1") counts as 1: an orthogonal matrix saved with
 *  6 decimals has ρ = 1 ± 1e-6, and "1 > 1" would be nonsense to a reader. null (beyond float64) is above 1. */
function compareToOne(x: number | null): number {
  if (x === null) return 1;
  return Math.abs(x - 1) < 5e-4 ? 0 : x < 1 ? -1 : 1;
}

function peakOf(values: (number | null)[]): { lag: number; value: number } | undefined {
  let best: { lag: number; value: number } | undefined;
  values.forEach((v, i) => {
    if (v !== null && (!best || v > best.value)) best = { lag: i + 1, value: v };
  });
  return best;
}

/** null when every value is null (J(1) = 0: there is nothing to fit). */
export function leastSquaresSlope(values: (number | null)[]): number | null {
  let n = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  values.forEach((y, i) => {
    if (y === null) return;
    const x = i + 1;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  });
  if (n === 0) return null;
  if (n === 1) return sy; // one lag: log10‖J(1)‖ is the whole trend
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

export function decideVerdict(v: VerdictInput): AnalysisResult['verdict'] {
  const L = v.log10Spectral.length;
  const logThreshold = Math.log10(v.threshold);
  let horizon = 0;
  v.log10Spectral.forEach((y, i) => {
    if (y !== null && y >= logThreshold) horizon = i + 1;
  });
  const horizonReachesEnd = horizon === L;
  const firstZero = v.log10Spectral.indexOf(null);
  const slope = leastSquaresSlope(v.log10Spectral);
  const growth = slope === null ? 0 : 10 ** slope;
  const edgeBand = Math.log10(EDGE_GROWTH_PER_STEP);
  let regime: Regime;
  if (firstZero >= 0 || slope === null || slope < -edgeBand) regime = 'vanishing';
  else if (slope > edgeBand) regime = 'exploding';
  else regime = 'edge';

  const last = v.log10Spectral[L - 1];
  const reasons: string[] = [];
  const gs = v.sigmaMax === null ? null : v.gamma * v.sigmaMax;
  const rhoText = fmtMagnitude(v.spectralRadius, v.log10SpectralRadius);
  const sigmaText = fmtMagnitude(v.sigmaMax, v.log10SigmaMax);
  const gsText = fmtMagnitude(gs, v.log10GammaSigmaMax);
  const rhoVsOne = compareToOne(v.spectralRadius);
  reasons.push(
    rhoVsOne === 0
      ? `ρ(W_hh) ≈ 1 (${fmt(v.spectralRadius ?? NaN, 7)}): powers of W_hh neither shrink nor grow much in the long run (orthogonal-like).`
      : `ρ(W_hh) = ${rhoText} ${rhoVsOne < 0 ? '<' : '>'} 1: powers of W_hh ${rhoVsOne < 0 ? 'shrink' : 'grow'} like ${plain(`${rhoText}^l`)} in the long run.`,
  );
  const gsVsOne = compareToOne(gs);
  reasons.push(
    gsVsOne < 0
      ? `γ·σ_max = ${fmt(v.gamma)} × ${sigmaText} = ${gsText} < 1: vanishing is guaranteed, ‖J(l)‖₂ ≤ ${plain(`${gsText}^l`)} (sufficient condition, Pascanu et al. 2013).`
      : gsVsOne === 0
        ? `γ·σ_max ≈ 1 (${fmt(gs ?? NaN, 7)}): on the boundary of Pascanu et al.'s conditions (< 1 forces vanishing, > 1 is needed to explode), so W_hh alone decides neither; σ'(a_t) along the trajectory does.`
        : `γ·σ_max = ${fmt(v.gamma)} × ${sigmaText} = ${gsText} > 1: exploding is possible (the necessary condition of Pascanu et al. 2013 holds), not certain.`,
  );
  if (v.transientGrowth) {
    const peak = peakOf(v.log10Spectral);
    reasons.push(
      `W_hh is non-normal with ρ < 1 < σ_max: ‖J(l)‖ can grow for a while before it decays (transient growth)${peak && peak.lag > 1 ? `; here it peaks at lag ${peak.lag} (${fmtPow10(peak.value)})` : ''}.`,
    );
  }
  reasons.push(
    `Along this trajectory the mean σ'(a_t) is ${fmt(v.meanDerivative)} (${v.activation}, γ = ${fmt(v.gamma)})${v.meanDerivative < 0.5 * v.gamma ? ': units saturate and damp the gradient' : ''}.`,
  );
  if (slope !== null) {
    const over = firstZero > 0 ? ` over lags 1–${firstZero} (J(l) = 0 from lag ${firstZero + 1})` : '';
    reasons.push(
      `Fitted slope of log10‖J(l)‖₂${over}: ${fmt(slope)} per step, i.e. ×${fmtMagnitude(growth, slope)} per step.`,
    );
  }

  const word = plain('‖∂h_T/∂h_{T−l}‖₂');
  let summary: string;
  if (firstZero === 0) {
    summary = `Gradients vanish at once: ${plain('J(1) = ∂h_T/∂h_{T−1}')} = 0, so nothing reaches back even one step.`;
  } else if (regime === 'vanishing') {
    const at =
      firstZero >= 0
        ? `is exactly 0 from lag ${firstZero + 1}`
        : `shrinks ×${fmtMagnitude(growth, slope)} per step, to ${fmtPow10(last)} at lag ${L}`;
    summary = horizonReachesEnd
      ? `Gradients vanish slowly: ${word} ${at}, but still stays above ${fmt(v.threshold)} over all ${L} lags.`
      : `Gradients vanish: ${word} ${at}. A dependency ${horizon + 1} step${horizon === 0 ? '' : 's'} back contributes less than ${fmt(v.threshold)} of the gradient it would at lag 0: learning reaches back ${horizon} step${horizon === 1 ? '' : 's'}.`;
  } else if (regime === 'exploding') {
    summary = `Gradients explode: ${word} grows ×${fmtMagnitude(growth, slope)} per step, to ${fmtPow10(last)} at lag ${L}. Clip the gradient norm or shrink W_hh (σ_max ${sigmaText}).`;
  } else {
    summary = `Near the edge of stability: ${word} changes ×${fmtMagnitude(growth, slope)} per step (${fmtPow10(last)} at lag ${L})${horizonReachesEnd ? `, so dependencies all ${L} steps back can still be learned` : `; learning reaches back ${horizon} steps`}.`;
  }
  return {
    regime,
    horizon,
    horizonReachesEnd,
    threshold: v.threshold,
    slopeLog10PerStep: slope,
    growthPerStep: growth,
    zeroFromLag: firstZero >= 0 ? firstZero + 1 : null,
    summary,
    reasons,
  };
}
