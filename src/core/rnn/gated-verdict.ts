// The verdict for a gated cell, in the gates' terms: the regime and horizon of the full state's ‖J(l)‖₂ (as for a
// vanilla RNN), then which path carries the gradient (an LSTM's cell path through the forget gates, a GRU's
// update gate), the gates that saturate, and the units' memory timescales, each with its numbers.
import type { AnalysisResult, GateStatistics, NormCurve } from '../analysis/types';
import { fmt, fmtCount, fmtMagnitude, fmtPercent, fmtPow10 } from '../format-number';
import { plain } from '../notation';
import type { GateName } from './gated-model';
import { medianTimescale } from './cells/timescales';
import { leastSquaresSlope } from './verdict';

const EDGE_GROWTH_PER_STEP = 1.02;
/** A gate saturated in at least this share of its values is worth a sentence. */
const NOTABLE_SATURATION = 0.2;

const GATE_WORDS: Record<GateName, string> = {
  i: 'input gates',
  f: 'forget gates',
  g: 'candidate values g',
  o: 'output gates',
  r: 'reset gates',
  z: 'update gates',
  n: 'candidate values n',
};

export interface GatedVerdictInput {
  cell: 'lstm' | 'gru';
  full: Pick<NormCurve, 'log10Spectral'>;
  /** LSTM: the c→c block's curve. */
  cellPath?: Pick<NormCurve, 'log10Spectral'>;
  threshold: number;
  gates: Partial<Record<GateName, GateStatistics>>;
  timescales: (number | null)[];
  log10SpectralRadius: number | null;
  spectralRadius: number | null;
  estimated: boolean;
}

function horizonOf(curve: (number | null)[], threshold: number): number {
  const logThreshold = Math.log10(threshold);
  let horizon = 0;
  curve.forEach((y, i) => {
    if (y !== null && y >= logThreshold) horizon = i + 1;
  });
  return horizon;
}

/** Steps until ‖·‖ falls below the threshold at this slope, from the last lag measured (null when not falling). */
function extrapolatedHorizon(curve: (number | null)[], slope: number | null, threshold: number): number | null {
  const last = curve[curve.length - 1];
  if (slope === null || slope >= 0 || last === null) return null;
  const more = (Math.log10(threshold) - last) / slope;
  return more > 0 ? Math.floor(curve.length + more) : horizonOf(curve, threshold);
}

export function decideGatedVerdict(v: GatedVerdictInput): AnalysisResult['verdict'] {
  const curve = v.full.log10Spectral;
  const L = curve.length;
  const horizon = horizonOf(curve, v.threshold);
  const horizonReachesEnd = horizon === L;
  const firstZero = curve.indexOf(null);
  const slope = leastSquaresSlope(curve);
  const growth = slope === null ? 0 : 10 ** slope;
  const edgeBand = Math.log10(EDGE_GROWTH_PER_STEP);
  const regime =
    firstZero >= 0 || slope === null || slope < -edgeBand ? 'vanishing' : slope > edgeBand ? 'exploding' : 'edge';
  const norm = plain(v.cell === 'lstm' ? '‖∂s_T/∂s_{T−l}‖₂' : '‖∂h_T/∂h_{T−l}‖₂');
  const last = curve[L - 1];
  const rate = `×${fmtMagnitude(growth, slope)} per step`;
  const sentences: string[] = [];
  if (firstZero === 0) sentences.push(`Gradients vanish at once: ${plain('J(1)')} = 0.`);
  else if (regime === 'vanishing')
    sentences.push(
      horizonReachesEnd
        ? `Gradients vanish slowly: ${norm} shrinks ${rate}, to ${fmtPow10(last)} at lag ${L}, above ${fmt(v.threshold)} over all ${L} lags.`
        : `Gradients vanish: ${norm} shrinks ${rate}, to ${fmtPow10(last)} at lag ${L}; learning reaches back ${horizon} step${horizon === 1 ? '' : 's'}.`,
    );
  else if (regime === 'exploding')
    sentences.push(`Gradients explode: ${norm} grows ${rate}, to ${fmtPow10(last)} at lag ${L}.`);
  else sentences.push(`Near the edge of stability: ${norm} changes ${rate} (${fmtPow10(last)} at lag ${L}).`);

  const reasons: string[] = [];
  const gatePath = v.cell === 'lstm' ? v.gates.f : v.gates.z;
  if (v.cell === 'lstm' && v.cellPath && gatePath) {
    const c = v.cellPath.log10Spectral;
    const cSlope = leastSquaresSlope(c);
    const cGrowth = cSlope === null ? 0 : 10 ** cSlope;
    const cHorizon = extrapolatedHorizon(c, cSlope, v.threshold);
    const cellNorm = plain('‖∂c_T/∂c_{T−l}‖₂');
    const forget = `mean forget gate ${fmt(gatePath.mean)}`;
    const carries = cSlope !== null && cSlope >= -edgeBand;
    const horizonText =
      cHorizon === null
        ? `above ${fmt(v.threshold)} at every lag measured`
        : cHorizon > c.length
          ? `horizon about ${fmtCount(cHorizon)} steps (extrapolated from the slope past the ${fmtCount(c.length)} lags measured)`
          : `horizon ${fmtCount(cHorizon)} steps`;
    const sentence = `${carries ? 'The cell path carries gradients' : 'The cell path fades'}: ${cellNorm} ${cGrowth < 1 ? 'shrinks' : 'changes'} ×${fmtMagnitude(cGrowth, cSlope)} per step (${forget}); ${horizonText}.`;
    sentences.push(sentence);
  } else if (v.cell === 'gru' && gatePath) {
    reasons.push(
      `The update gate keeps ${fmt(gatePath.mean)} of h per step on average (mean z): ${plain('h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}')}, so the state's own path decays like ${plain(`${fmt(gatePath.mean)}^l`)} where the candidate does not feed back.`,
    );
  }
  for (const [name, stats] of Object.entries(v.gates) as [GateName, GateStatistics][]) {
    const tanhGate = name === 'g' || name === 'n';
    if (stats.saturatedLow >= NOTABLE_SATURATION)
      reasons.push(
        tanhGate
          ? `${fmtPercent(stats.saturatedLow, 3)} of ${GATE_WORDS[name]} are saturated at −1 (< −0.95): tanh′ ≈ 0 there.`
          : `${fmtPercent(stats.saturatedLow, 3)} of ${GATE_WORDS[name]} are saturated closed (< 0.05).`,
      );
    if (stats.saturatedHigh >= NOTABLE_SATURATION)
      reasons.push(
        tanhGate
          ? `${fmtPercent(stats.saturatedHigh, 3)} of ${GATE_WORDS[name]} are saturated at 1 (> 0.95): tanh′ ≈ 0 there.`
          : `${fmtPercent(stats.saturatedHigh, 3)} of ${GATE_WORDS[name]} are saturated open (> 0.95).`,
      );
  }
  const infinite = v.timescales.filter((t) => t === null).length;
  if (v.timescales.length > 0) {
    const median = medianTimescale(v.timescales);
    const long = v.timescales.filter((t) => t === null || t > 100).length;
    reasons.push(
      `Memory timescales ${plain('τ = −1/ln(mean gate)')} of the ${v.cell === 'lstm' ? 'forget' : 'update'} gates: median ${fmt(median)} steps; ${fmtCount(long)} of ${fmtCount(v.timescales.length)} units remember past 100 steps${infinite > 0 ? ` (${fmtCount(infinite)} with τ = ∞)` : ''}.`,
    );
  }
  if (v.log10SpectralRadius !== null || v.spectralRadius !== null)
    reasons.push(
      `Linearised at the origin (s = 0, x = 0), the step Jacobian has ρ = ${fmtMagnitude(v.spectralRadius, v.log10SpectralRadius)}: near the origin, ${plain('‖J(l)‖')} behaves like ρ^l.`,
    );
  if (slope !== null)
    reasons.push(
      `Fitted slope of log10${norm}: ${fmt(slope)} per step, i.e. ${rate}${v.estimated ? ' (estimated)' : ''}.`,
    );
  return {
    regime,
    horizon,
    horizonReachesEnd,
    threshold: v.threshold,
    slopeLog10PerStep: slope,
    growthPerStep: growth,
    zeroFromLag: firstZero >= 0 ? firstZero + 1 : null,
    summary: sentences.join(' '),
    reasons,
  };
}
