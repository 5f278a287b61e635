// What a hover on a tensor's key in a weights JSON file says: shape and statistics, and on the recurrent
// matrix also ρ, σ_max, γσ_max, the verdict and the gradient horizon (from the same analysis as the panel); on a
// gated cell's recurrent matrix, the cell and ρ and σ_max of each gate block.
import { analyzeModel } from '../analysis/analyze';
import { generatedInputs } from '../analysis/inputs';
import { DEFAULT_STEPS } from '../analysis/types';
import { isInputError } from '../errors';
import { readJsonWeights } from '../formats/json';
import { listLayers } from '../model/recognize';
import { recognizeRecurrent } from '../model/recognize-recurrent';
import { gateBlockSpectra } from './gate-spectra';
import { isRecurrentName } from '../model/naming';
import { fmt, fmtCount, fmtMagnitude } from '../format-number';
import { html, htmlFromPlain } from '../notation';
import { elementStatistics } from './statistics';
import type { LocatedTensor, TextRange, WeightsJsonDocument } from './weights-json';

export interface RecurrentSummary {
  /** null beyond float64, with the log10 beside (null for 0). */
  readonly spectralRadius: number | null;
  readonly log10SpectralRadius: number | null;
  readonly sigmaMax: number | null;
  readonly log10SigmaMax: number | null;
  readonly gamma: number;
  readonly gammaSigmaMax: number | null;
  readonly log10GammaSigmaMax: number | null;
  readonly activation: string;
  readonly activationSource: string;
  readonly regime: string;
  readonly summary: string;
  readonly horizon: number;
  readonly horizonReachesEnd: boolean;
  readonly steps: number;
  readonly threshold: number;
}

export interface HoverOptions {
  /** Largest hidden size analysed inside a hover (the panel takes any size, in the worker). */
  readonly maxAnalysisSize?: number;
  readonly threshold?: number;
}

/** The tensor whose key contains `offset`, if any. */
export function tensorAtKey(doc: WeightsJsonDocument, offset: number): LocatedTensor | undefined {
  for (const t of doc.tensors.values()) if (offset >= t.keyRange.start && offset <= t.keyRange.end) return t;
  return undefined;
}

export function weightsHover(
  doc: WeightsJsonDocument,
  text: string,
  file: string,
  offset: number,
  options: HoverOptions = {},
): { range: TextRange; markdown: string } | undefined {
  const t = tensorAtKey(doc, offset);
  if (!t) return undefined;
  const lines = [`**${t.name}** — ${t.shape.length === 2 ? `${t.shape[0]}×${t.shape[1]}` : `[${t.shape.join(', ')}]`}`];
  if (!t.values) {
    lines.push('', 'Not a well-formed tensor: see the problems marked in it.');
    return { range: t.keyRange, markdown: lines.join('\n') };
  }
  const s = elementStatistics(t.values);
  lines.push(
    '',
    `min ${fmt(s.min)} · max ${fmt(s.max)} · mean ${fmt(s.mean)} · std ${fmt(s.std)} · ${html('‖·‖_F')} ${fmt(s.frobenius)} (${fmtCount(s.count)} values)`,
  );
  if (isRecurrentName(t.name) && t.shape.length === 2) {
    const gated = gatedLines(text, file, t, options);
    if (gated) lines.push('', ...gated);
    else if (t.shape[0] === t.shape[1]) lines.push('', ...recurrentLines(text, file, t, options));
  }
  return { range: t.keyRange, markdown: lines.join('\n') };
}

/** A gated layer's recurrent matrix: the cell, and ρ and σ_max of each gate block; undefined for an RNN's. */
function gatedLines(text: string, file: string, t: LocatedTensor, options: HoverOptions): string[] | undefined {
  let weights;
  try {
    weights = readJsonWeights(text, file);
  } catch (e) {
    if (isInputError(e)) return undefined; // the diagnostics say what is wrong
    throw e;
  }
  const layer = listLayersOrNone(weights).find((l) => l.tensors.some((x) => x.name === t.name));
  if (!layer || layer.cell === 'rnn') return undefined;
  const cell = layer.cell.toUpperCase();
  const limit = options.maxAnalysisSize ?? 256;
  if (layer.hiddenSize > limit) {
    return [`${cell}, hidden size ${fmtCount(layer.hiddenSize)}: run **Analyze RNN gradients** for the gate blocks.`];
  }
  try {
    const model = recognizeRecurrent(weights, { layer: layer.layer, direction: layer.direction });
    if (model.cell === 'rnn') return undefined;
    const gates = gateBlockSpectra(model);
    const projected = gates.some((g) => g.projected);
    const r = summarizeRecurrent(text, file, t.name, options.threshold);
    return [
      `**${cell}**, hidden size ${fmtCount(model.hiddenSize)}: ${html('ρ')} and ${html('σ_max')} of each gate block of ${html('W_hh')}${projected ? ` times the projection ${html('W_hr')}` : ''}:`,
      '',
      ...gates.map(
        (g) =>
          `- ${html(g.projected ? `${g.block}·W_hr` : g.block)}: ρ = ${fmtMagnitude(g.spectralRadius, g.log10SpectralRadius)} · ${html('σ_max')} = ${fmtMagnitude(g.sigmaMax, g.log10SigmaMax)}`,
      ),
      '',
      `**${r.regime[0].toUpperCase()}${r.regime.slice(1)}.** ${htmlFromPlain(r.summary)}`,
      '',
      horizonLine(r),
    ];
  } catch (e) {
    if (isInputError(e)) return [`Not analysed: ${e.problem}`];
    throw e;
  }
}

function listLayersOrNone(weights: ReturnType<typeof readJsonWeights>) {
  try {
    return listLayers(weights);
  } catch (e) {
    if (isInputError(e)) return [];
    throw e;
  }
}

function recurrentLines(text: string, file: string, t: LocatedTensor, options: HoverOptions): string[] {
  const n = t.shape[0];
  const limit = options.maxAnalysisSize ?? 256;
  if (n > limit) return [`Hidden size ${n}: run **Analyze RNN gradients** for ρ, σ_max and the verdict.`];
  try {
    const r = summarizeRecurrent(text, file, t.name, options.threshold);
    return [
      `ρ = ${fmtMagnitude(r.spectralRadius, r.log10SpectralRadius)} · ${html('σ_max')} = ${fmtMagnitude(r.sigmaMax, r.log10SigmaMax)} · ${html('γσ_max')} = ${fmtMagnitude(r.gammaSigmaMax, r.log10GammaSigmaMax)} (${r.activation}${r.activationSource === 'default' ? ', assumed' : ''}, γ = ${fmt(r.gamma)})`,
      '',
      `**${r.regime[0].toUpperCase()}${r.regime.slice(1)}.** ${htmlFromPlain(r.summary)}`,
      '',
      horizonLine(r),
    ];
  } catch (e) {
    if (isInputError(e)) return [`Not analysed: ${e.problem}`];
    throw e;
  }
}

function horizonLine(r: RecurrentSummary): string {
  return `Gradient horizon: ${r.horizonReachesEnd ? `all ${r.horizon}` : r.horizon} step${r.horizon === 1 ? '' : 's'} (‖J(l)‖₂ ≥ ${fmt(r.threshold)}, ${fmtCount(r.steps)} random input steps, seed 0).`;
}

/** Analyses the layer whose recurrent matrix is `name` (in a stacked or bidirectional file, that one). */
export function summarizeRecurrent(text: string, file: string, name: string, threshold?: number): RecurrentSummary {
  const weights = readJsonWeights(text, file);
  const layer = listLayers(weights).find((l) => l.tensors.some((t) => t.name === name));
  const model = recognizeRecurrent(weights, layer ? { layer: layer.layer, direction: layer.direction } : {});
  const sequence = generatedInputs({ kind: 'random', seed: 0, steps: DEFAULT_STEPS }, model);
  const result = analyzeModel(model, sequence, {
    threshold,
    inputs: { kind: 'random', seed: 0, steps: DEFAULT_STEPS },
  });
  return {
    spectralRadius: result.spectrum.spectralRadius,
    log10SpectralRadius: result.spectrum.log10SpectralRadius,
    sigmaMax: result.spectrum.sigmaMax,
    log10SigmaMax: result.spectrum.log10SigmaMax,
    gamma: result.spectrum.gamma,
    gammaSigmaMax: result.spectrum.gammaSigmaMax,
    log10GammaSigmaMax: result.spectrum.log10GammaSigmaMax,
    activation: result.model.activation,
    activationSource: result.model.activationSource,
    regime: result.verdict.regime,
    summary: result.verdict.summary,
    horizon: result.verdict.horizon,
    horizonReachesEnd: result.verdict.horizonReachesEnd,
    steps: DEFAULT_STEPS,
    threshold: result.verdict.threshold,
  };
}
