// The numbers a timeline keeps of one analysis: what each checkpoint's row and chart point show.
import type { AnalysisResult } from '../analysis/types';
import { medianTimescale } from '../rnn/cells/timescales';
import type { TimelineLayerPoint } from './types';

export function layerPoint(result: AnalysisResult): TimelineLayerPoint {
  const { model, spectrum, verdict } = result;
  const gate = model.cell === 'lstm' ? result.gates?.f : model.cell === 'gru' ? result.gates?.z : undefined;
  const lambda1 = result.lyapunov?.exponents[0];
  return {
    layer: model.layer,
    direction: model.direction,
    cell: model.cell,
    rho: spectrum.spectralRadius,
    sigmaMax: spectrum.sigmaMax,
    gammaSigmaMax: spectrum.gammaSigmaMax,
    regime: verdict.regime,
    horizon: verdict.horizon,
    horizonReachesEnd: verdict.horizonReachesEnd,
    gradientNorm: result.gradient.frobenius,
    ...(gate ? { meanGate: gate.mean } : {}),
    ...(result.timescales ? { medianTimescale: finiteOrNull(medianTimescale(result.timescales)) } : {}),
    ...(lambda1 !== undefined ? { lambda1: finiteOrNull(lambda1) } : {}),
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** What makes two checkpoints comparable on one line: the cell and every layer's shape. */
export function architectureOf(result: AnalysisResult): string {
  const m = result.model;
  const layers = new Set(m.layers.map((l) => l.layer)).size;
  const first = m.layers[0];
  const shapes = new Set(m.layers.map((l) => `${l.cell} ${l.inputSize}→${l.hiddenSize}`));
  const cell = m.cell.toUpperCase();
  const proj = m.projSize !== undefined ? `, projection ${m.projSize}` : '';
  const where = shapes.size === 1 ? `${first.inputSize} → ${first.hiddenSize} units` : [...shapes].join(', ');
  const directions = m.layers.some((l) => l.direction === 'reverse') ? ', bidirectional' : '';
  return `${cell}, ${where}${proj}, ${layers} layer${layers === 1 ? '' : 's'}${directions}`;
}
