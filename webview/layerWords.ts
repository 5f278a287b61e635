// Layers in the layer picker as a user counts them: "layer 1 of 2 · reverse · LSTM, 32 units". The core numbers
// layers from 0 (weight_hh_l0, --layer 0); a person counts from 1, and says which way a bidirectional layer runs.
import type { AnalysisResult } from '../src/core/analysis/types';
import { layerPickerLabel } from '../src/core/model/describe';

type Layer = AnalysisResult['model']['layers'][number];

/** The cell as people write it: LSTM, GRU, RNN (whatever case the file or the core used). */
export function cellWord(cell: string): string {
  return cell.toUpperCase();
}

/** "layer 2 of 3 · reverse · GRU, 64 units". */
export function layerOptionLabel(layer: Layer, layers: readonly Layer[]): string {
  const units = `${layer.hiddenSize} unit${layer.hiddenSize === 1 ? '' : 's'}`;
  return `${layerChoiceLabel(layer, layers)} · ${cellWord(layer.cell)}, ${units}`;
}

/** "layer 2 of 3 · reverse": the layer analysed, as the picker names it (the core's words). */
export function layerChoiceLabel(chosen: Pick<Layer, 'layer' | 'direction'>, layers: readonly Layer[]): string {
  return layerPickerLabel(chosen, layers);
}

/** The whole stack is analysed only for a unidirectional stack of more than one layer. */
export function stackAvailable(layers: readonly Layer[]): boolean {
  return new Set(layers.map((l) => l.layer)).size > 1 && layers.every((l) => l.direction === 'forward');
}
