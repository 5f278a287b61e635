// The verdict: vanishing, exploding or at the edge, with the reason in numbers and the gradient horizon.
import { fmt, fmtPow10 } from '../format-number';
import { plain } from '../notation';
import type { AnalysisResult, Regime } from '../analysis/types';

/** Within ±2 % change per step counts as the edge of stability. */
const EDGE_GROWTH_PER_STEP = 1.02;

export interface VerdictInput {
  log10Spectral: (number | null)[];
  spectralRadius: number;
  sigmaMax: number;
  gamma: number;
  activation: string;
  threshold: number;
  meanDerivative: number;
  transientGrowth: boolean;
}

/** −1, 0 or 1: within 5e-4 of 1 (what 3 significant digits show as "1") counts as 1: an orthogonal matrix saved with
 *  6 decimals has ρ = 1 ± 1e-6, and "1 > 1" would be nonsense to a reader. */
function compareToOne(x: number): number {
  return Math.abs(x - 1) < 5e-4 ? 0 : x < 1 ? -1 : 1;
}

function peakOf(values: (number | null)[]): { lag: number; value: number } | undefined {
  let best: { lag: number; value: number } | undefined;
  values.forEach((v, i) => {
    if (v !== null && (!best || v > best.value)) best = { lag: i + 1, value: v };
  });
  return best;
}

export function leastSquaresSlope(values: (number | null)[]): number {
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
  if (n === 0) return -Infinity;
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
  const growth = 10 ** slope;
  const edgeBand = Math.log10(EDGE_GROWTH_PER_STEP);
  let regime: Regime;
  if (firstZero >= 0 || slope < -edgeBand) regime = 'vanishing';
  else if (slope > edgeBand) regime = 'exploding';
  else regime = 'edge';

  const last = v.log10Spectral[L - 1];
  const reasons: string[] = [];
  const gs = v.gamma * v.sigmaMax;
  const rhoVsOne = compareToOne(v.spectralRadius);
  reasons.push(
    rhoVsOne === 0
      ? `ρ(W_hh) ≈ 1 (${fmt(v.spectralRadius, 7)}): powers of W_hh neither shrink nor grow much in the long run (orthogonal-like).`
      : `ρ(W_hh) = ${fmt(v.spectralRadius)} ${rhoVsOne < 0 ? '<' : '>'} 1: powers of W_hh ${rhoVsOne < 0 ? 'shrink' : 'grow'} like ${plain(`${fmt(v.spectralRadius)}^l`)} in the long run.`,
  );
  const gsVsOne = compareToOne(gs);
  reasons.push(
    gsVsOne < 0
      ? `γ·σ_max = ${fmt(v.gamma)} × ${fmt(v.sigmaMax)} = ${fmt(gs)} < 1: vanishing is guaranteed, ‖J(l)‖₂ ≤ ${plain(`${fmt(gs)}^l`)} (sufficient condition, Pascanu et al. 2013).`
      : gsVsOne === 0
        ? `γ·σ_max ≈ 1 (${fmt(gs, 7)}): on the boundary of Pascanu et al.'s conditions (< 1 forces vanishing, > 1 is needed to explode), so W_hh alone decides neither; σ'(a_t) along the trajectory does.`
        : `γ·σ_max = ${fmt(v.gamma)} × ${fmt(v.sigmaMax)} = ${fmt(gs)} > 1: exploding is possible (the necessary condition of Pascanu et al. 2013 holds), not certain.`,
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
  if (Number.isFinite(slope))
    reasons.push(`Fitted slope of log10‖J(l)‖₂: ${fmt(slope)} per step, i.e. ×${fmt(growth)} per step.`);

  const word = plain('‖∂h_T/∂h_{T−l}‖₂');
  let summary: string;
  if (regime === 'vanishing') {
    const at =
      firstZero >= 0
        ? `is exactly 0 from lag ${firstZero + 1}`
        : `shrinks ×${fmt(growth)} per step, to ${fmtPow10(last)} at lag ${L}`;
    summary = horizonReachesEnd
      ? `Gradients vanish slowly: ${word} ${at}, but still stays above ${fmt(v.threshold)} over all ${L} lags.`
      : `Gradients vanish: ${word} ${at}. A dependency ${horizon + 1} steps back contributes less than ${fmt(v.threshold)} of the gradient it would at lag 0: learning reaches back ${horizon} step${horizon === 1 ? '' : 's'}.`;
  } else if (regime === 'exploding') {
    summary = `Gradients explode: ${word} grows ×${fmt(growth)} per step, to ${fmtPow10(last)} at lag ${L}. Clip the gradient norm or shrink W_hh (σ_max ${fmt(v.sigmaMax)}).`;
  } else {
    summary = `Near the edge of stability: ${word} changes ×${fmt(growth)} per step (${fmtPow10(last)} at lag ${L})${horizonReachesEnd ? `, so dependencies all ${L} steps back can still be learned` : `; learning reaches back ${horizon} steps`}.`;
  }
  return {
    regime,
    horizon,
    horizonReachesEnd,
    threshold: v.threshold,
    slopeLog10PerStep: slope,
    growthPerStep: growth,
    summary,
    reasons,
  };
}
