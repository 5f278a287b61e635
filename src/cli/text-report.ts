// The readable summary `rnn-gradients analyze` prints without --json, with a small text chart of log10‖J(l)‖₂.
import { longRunReason } from '../core/analysis/long-run-reason';
import type { AnalysisResult } from '../core/analysis/types';
import { fmt, fmtMagnitude, fmtPercent, fmtPow10 } from '../core/format-number';
import { binTimescales } from '../core/rnn/cells/timescales';
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
  } else lines.push(...gatedCellLines(r));
  lines.push('');
  lines.push(`  ${r.verdict.summary}`);
  // The long run's reason is said once, in its own block below (as the panel does).
  const longRun = r.lyapunov ? longRunReason(r.lyapunov) : undefined;
  for (const reason of r.verdict.reasons) if (reason !== longRun) lines.push(`   - ${reason}`);
  lines.push('');
  const curveName = m.cell === 'lstm' ? '‖∂s_T/∂s_{T−l}‖₂ (s = (h, c))' : '‖∂h_T/∂h_{T−l}‖₂';
  lines.push(
    `  ${plain(curveName)} against the lag l on a log scale (T = ${r.jacobian.steps}, inputs ${describeInputs(r)}):`,
  );
  lines.push(...sparkChart(r));
  lines.push(...pathLines(r));
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
  if (g.gates) {
    const parts = Object.entries(g.gates).map(([gate, v]) => `${gate} ${fmt(v.frobenius)}`);
    lines.push(`    by gate rows of W_hh: ${parts.join(' · ')}`);
  }
  if (r.stack) lines.push(...stackLines(r.stack, r.jacobian.lags.length));
  if (r.lyapunov) lines.push(...lyapunovLines(r.lyapunov));
  for (const t of r.tied)
    lines.push(
      `  tied ${t.members.join(' = ')}: ${t.equal ? `equal; gradient ‖Σ‖_F = ${t.gradientFrobenius === null ? 'n/a' : fmt(t.gradientFrobenius)}` : t.problem}`,
    );
  return lines.join('\n');
}

function describeInputs(r: AnalysisResult): string {
  const i = r.inputs;
  const what = i.kind === 'random' ? `N(0,1) seed ${i.seed}` : i.kind === 'zeros' ? 'zeros' : (i.file ?? 'file');
  if (i.feeds === 'first-layer') return `${what}, fed to layer 1; the layers below run on them`;
  if (i.feeds === 'this-layer') return `${what}, this layer's own inputs`;
  return what;
}

/** The cell, its state, the origin-linearised spectrum, its gate blocks, the gates and the memory timescales. */
function gatedCellLines(r: AnalysisResult): string[] {
  const m = r.model;
  const s = r.spectrum;
  const lines: string[] = [];
  const state =
    m.cell === 'lstm'
      ? `state ${m.stateSize} = h ${m.projSize ?? m.hiddenSize} + c ${m.hiddenSize}${m.projSize ? ' (projection)' : ''}`
      : `reset gate ${m.resetAfter === false ? 'before W_hn: W_hn (r ⊙ h)' : 'after W_hn: r ⊙ (W_hn h + b_hn)'}`;
  lines.push(`  ${m.cell.toUpperCase()}, hidden ${m.hiddenSize}, input ${m.inputSize}, ${state}`);
  lines.push(
    `  ${plain('at s = 0, x = 0: ρ(∂s_t/∂s_{t−1})')} = ${fmtMagnitude(s.spectralRadius, s.log10SpectralRadius)}   σ_max = ${fmtMagnitude(s.sigmaMax, s.log10SigmaMax)}   sup bound per step = ${fmtMagnitude(s.gammaSigmaMax, s.log10GammaSigmaMax)}`,
  );
  if (s.gates) {
    const blocks = Object.entries(s.gates).map(
      ([gate, b]) =>
        `W_h${gate} ρ ${fmtMagnitude(b.spectralRadius, b.log10SpectralRadius)} σ ${fmtMagnitude(b.sigmaMax, b.log10SigmaMax)}`,
    );
    lines.push(`  gate blocks: ${blocks.join(' · ')}`);
  }
  if (r.gates) {
    const gates = Object.entries(r.gates).map(
      ([gate, g]) => `${gate} ${fmt(g.mean)} (${fmtPercent(g.saturatedLow)} low, ${fmtPercent(g.saturatedHigh)} high)`,
    );
    lines.push(`  gates along the trajectory, mean (saturated): ${gates.join(' · ')}`);
  }
  if (r.timescales) {
    const bins = binTimescales(r.timescales).bins.map((b) => `${b.label}: ${b.count}`);
    lines.push(
      `  units by memory timescale of the ${m.cell === 'lstm' ? 'forget' : 'update'} gate (steps): ${bins.join(' · ')}`,
    );
  }
  return lines;
}

/** The hidden and cell paths beside the full state, at the first and last lag. */
function pathLines(r: AnalysisResult): string[] {
  const L = r.jacobian.lags.length;
  const at = (c: { log10Spectral: (number | null)[] }) =>
    `${fmtPow10(c.log10Spectral[0])} at l = 1, ${fmtPow10(c.log10Spectral[L - 1])} at l = ${L}`;
  const lines: string[] = [];
  if (r.model.cell === 'lstm' && r.jacobian.hidden)
    lines.push(`  hidden path ${plain('‖∂h_T/∂h_{T−l}‖₂')} (c held): ${at(r.jacobian.hidden)}`);
  if (r.jacobian.cell) lines.push(`  cell path ${plain('‖∂c_T/∂c_{T−l}‖₂')} (h held): ${at(r.jacobian.cell)}`);
  return lines;
}

function stackLines(stack: NonNullable<AnalysisResult['stack']>, L: number): string[] {
  const at = (c: { log10Spectral: (number | null)[] }) =>
    `${fmtPow10(c.log10Spectral[0])} at l = 1, ${fmtPow10(c.log10Spectral[L - 1])} at l = ${L}`;
  return [
    `  whole stack of ${stack.layers} layers: ${plain('‖∂S_T/∂S_{T−l}‖₂')} ${at(stack.jacobian)}`,
    `    first layer to top: ${plain('‖∂h^{top}_T/∂h^0_{T−l}‖₂')} ${at(stack.topToBottom)}`,
  ];
}

/** Exponents shown in the text report; the JSON has all k. */
const SHOWN_EXPONENTS = 8;

function lyapunovLines(ly: NonNullable<AnalysisResult['lyapunov']>): string[] {
  const i = ly.inputs;
  const inputs =
    i.kind === 'random'
      ? `N(0,1) seed ${i.seed}`
      : i.kind === 'zeros'
        ? 'zeros'
        : `${i.file} (${i.rows} rows${ly.inputsCycled ? ', cycled' : ''})`;
  const signed = (v: number): string => (v > 0 ? `+${fmt(v)}` : fmt(v));
  const shown = ly.exponents.slice(0, SHOWN_EXPONENTS).map((l, k) => {
    const se = ly.standardError[k];
    return se === null ? signed(l) : `${signed(l)} ± ${fmt(se, 2)}`;
  });
  const more = ly.k > SHOWN_EXPONENTS ? ` … (${ly.k} in all, --json for every one)` : '';
  const ky = `${ly.kaplanYorkeAtLeast ? '≥ ' : ''}${fmt(ly.kaplanYorkeDimension)}`;
  const measured = ly.measuredHorizonReachesEnd ? `≥ ${ly.measuredHorizon} (every lag)` : `${ly.measuredHorizon}`;
  const predicted =
    ly.predictedHorizon === null
      ? `none (${plain('λ_1')} ≥ 0: no decay at long lags)`
      : `${fmt(ly.predictedHorizon)} steps (${plain('ln(threshold)/λ_1')})`;
  return [
    `  Lyapunov spectrum of ${ly.of}:`,
    `    T = ${ly.steps} steps after a warm-up of ${ly.warmup}${ly.stoppedEarly ? ' (stopped early: every standard error below the tolerance)' : ''}, QR every ${ly.reorthonormalizeEvery}, inputs ${inputs}`,
    `    ${plain('λ_1 … λ_k')} (k = ${ly.k}, per step, natural log): ${shown.join(', ')}${more}`,
    `    positive exponents ${ly.positiveCount} · entropy rate ${fmt(ly.entropyRate)} nats per step · Kaplan–Yorke dimension ${ky}`,
    `    gradient horizon (‖J(l)‖₂ ≥ ${fmt(ly.threshold)}) predicted from ${plain('λ_1')}: ${predicted}; measured on the curve: ${measured}`,
    `    ${ly.summary}`,
  ];
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
