// The readable summary `rnn-gradients analyze` prints without --json, with a small text chart of log10‖J(l)‖₂.
import type { AnalysisResult } from '../core/analysis/types';
import { fmt, fmtMagnitude, fmtPow10 } from '../core/format-number';
import { describeLayerChoice } from '../core/model/describe';
import { plain } from '../core/notation';

export function textReport(r: AnalysisResult): string {
  const m = r.model;
  const s = r.spectrum;
  const lines: string[] = [];
  lines.push(`${m.file}  (${m.format}${m.layers.length > 1 ? `, ${describeLayerChoice(m, m.layers)}` : ''})`);
  if (m.cell === 'rnn') {
    lines.push(
      `  vanilla RNN, hidden ${m.hiddenSize}, input ${m.inputSize}, activation ${m.activation}${m.activationSource === 'default' ? ' (not stored in the file: assumed; --activation to change)' : ''}`,
    );
    lines.push(
      `  ρ(W_hh) = ${fmtMagnitude(s.spectralRadius, s.log10SpectralRadius)}   σ_max = ${fmtMagnitude(s.sigmaMax, s.log10SigmaMax)}   γ = ${fmt(s.gamma)}   γ·σ_max = ${fmtMagnitude(s.gammaSigmaMax, s.log10GammaSigmaMax)}`,
    );
  } else {
    lines.push(...gatedHeader(r));
  }
  lines.push('');
  lines.push(`  ${r.verdict.summary}`);
  for (const reason of r.verdict.reasons) lines.push(`   - ${reason}`);
  lines.push('');
  const curveName = m.cell === 'lstm' ? '‖∂s_T/∂s_{T−l}‖₂, s = (h, c),' : '‖∂h_T/∂h_{T−l}‖₂';
  lines.push(
    `  ${plain(curveName)} against the lag l on a log scale (T = ${r.jacobian.steps}, inputs ${describeInputs(r)}):`,
  );
  lines.push(...sparkChart(r));
  if (!r.jacobian.exact) lines.push(`  note: ${r.jacobian.method}`);
  const h = r.verdict;
  lines.push(
    `  gradient horizon (‖J(l)‖₂ ≥ ${fmt(h.threshold)}): ${h.horizonReachesEnd ? `all ${r.jacobian.lags.length} lags` : `${h.horizon} step${h.horizon === 1 ? '' : 's'}`}`,
  );
  const g = r.gradient;
  const firstTiny = g.shareByLag.findIndex((share) => share < 1e-3);
  lines.push(
    `  ‖∂E/∂W_hh‖_F = ${fmt(g.frobenius)} for E = ½‖h_T‖²${firstTiny > 0 ? `; steps ${firstTiny} or more back give < 0.1 % each` : ''}`,
  );
  for (const t of r.tied)
    lines.push(
      `  tied ${t.members.join(' = ')}: ${t.equal ? `equal; gradient ‖Σ‖_F = ${t.gradientFrobenius === null ? 'n/a' : fmt(t.gradientFrobenius)}` : t.problem}`,
    );
  return lines.join('\n');
}

/** An LSTM's or GRU's sizes, its origin-linearised spectrum and its gates, each in one line. */
function gatedHeader(r: AnalysisResult): string[] {
  const m = r.model;
  const s = r.spectrum;
  const cell =
    m.cell === 'lstm'
      ? `LSTM, hidden ${m.hiddenSize}${m.projSize ? `, projection ${m.projSize}` : ''}, state ${m.stateSize} (h, c)`
      : `GRU, hidden ${m.hiddenSize}, reset gate ${m.resetAfter === false ? 'before' : 'after'} W_hn`;
  const gates = Object.entries(r.gates ?? {})
    .map(([name, g]) => `${name} ${fmt(g.mean, 3)}`)
    .join(', ');
  return [
    `  ${cell}, input ${m.inputSize}`,
    `  step Jacobian at the origin: ρ = ${fmtMagnitude(s.spectralRadius, s.log10SpectralRadius)}   σ_max = ${fmtMagnitude(s.sigmaMax, s.log10SigmaMax)}   sup bound per step = ${fmtMagnitude(s.gammaSigmaMax, s.log10GammaSigmaMax)}`,
    `  mean gates: ${gates}`,
  ];
}

function describeInputs(r: AnalysisResult): string {
  const i = r.inputs;
  return i.kind === 'random' ? `N(0,1) seed ${i.seed}` : i.kind === 'zeros' ? 'zeros' : (i.file ?? 'file');
}

/** Rows of lags, one '█' bar per lag, its length the log10 norm relative to the range drawn. */
function sparkChart(r: AnalysisResult): string[] {
  const values = r.jacobian.log10Spectral;
  const finite = values.filter((v): v is number => v !== null);
  if (finite.length === 0) return ['    (every J(l) is exactly zero)'];
  const hi = Math.max(...finite);
  const lo = Math.min(...finite);
  const width = 40;
  const picks = pickLags(values.length, 12);
  return picks.map((i) => {
    const v = values[i];
    const bar = v === null ? '' : '█'.repeat(Math.max(1, Math.round(((v - lo) / (hi - lo || 1)) * width)));
    return `    l=${String(i + 1).padStart(4)}  ${fmtPow10(v).padStart(10)}  ${bar}`;
  });
}

function pickLags(count: number, most: number): number[] {
  if (count <= most) return Array.from({ length: count }, (_, i) => i);
  const picks = new Set<number>();
  for (let k = 0; k < most; k++) picks.add(Math.round((k * (count - 1)) / (most - 1)));
  return [...picks];
}
