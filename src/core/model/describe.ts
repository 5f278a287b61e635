// Layers and tensors in the words a user of the file would use. Layers are numbered from 0 as PyTorch names them
// (weight_hh_l0 is layer 0) and as `--layer K` and the panel pick them; a count is a count: an
// nn.RNN(num_layers=2, bidirectional=True) file has "2 layers, 2 directions each", never "4 layers".
// Pure words, no file access: the panel's page uses them too.
import type { Direction } from './naming';

export interface LayerPlace {
  readonly layer: number;
  readonly direction: Direction;
}

/** "layer 1", or "layer 1 (reverse)" for the reverse direction of a bidirectional layer. */
export function layerLabel(place: LayerPlace): string {
  return `layer ${place.layer}${place.direction === 'reverse' ? ' (reverse)' : ''}`;
}

/** The distinct layer numbers, in order, and which of them run in both directions. */
function layerNumbers(layers: readonly LayerPlace[]): { numbers: number[]; bidirectional: Set<number> } {
  const numbers = [...new Set(layers.map((l) => l.layer))].sort((a, b) => a - b);
  const bidirectional = new Set(layers.filter((l) => l.direction === 'reverse').map((l) => l.layer));
  return { numbers, bidirectional };
}

/** "1 layer", "2 layers", "2 layers, 2 directions each"; a stack where only some layers are bidirectional says which. */
export function describeLayers(layers: readonly LayerPlace[]): string {
  const { numbers, bidirectional } = layerNumbers(layers);
  const count = `${numbers.length} layer${numbers.length === 1 ? '' : 's'}`;
  if (bidirectional.size === 0) return count;
  if (bidirectional.size === numbers.length) return `${count}, 2 directions${numbers.length === 1 ? '' : ' each'}`;
  const which = [...bidirectional].sort((a, b) => a - b);
  return `${count}; ${which.length === 1 ? `layer ${which[0]} has` : `layers ${which.join(', ')} have`} a reverse direction too`;
}

/** "layer 1 (reverse) of 2 layers, 2 directions each": one layer, and what the file has around it. */
export function describeLayerChoice(chosen: LayerPlace, layers: readonly LayerPlace[]): string {
  return `${layerLabel(chosen)} of ${describeLayers(layers)}`;
}

export interface LayerSummary extends LayerPlace {
  readonly cell: string;
  readonly hiddenSize: number;
  readonly inputSize: number;
}

/**
 * "2 layers, 2 directions each — layer 0: RNN, hidden 4, input 3; layer 0 (reverse): …", for listings; a file
 * with gated layers is named first by its cell: "LSTM, hidden size 4, 2 layers, bidirectional — layer 0: …".
 */
export function describeLayerList(layers: readonly LayerSummary[]): string {
  const each = layers.map(
    (l) => `${layerLabel(l)}: ${l.cell.toUpperCase()}, hidden ${l.hiddenSize}, input ${l.inputSize}`,
  );
  const gated = layers.some((l) => l.cell !== 'rnn');
  return `${gated ? describeNetwork(layers) : describeLayers(layers)} — ${each.join('; ')}`;
}

/** "LSTM, hidden size 128, 2 layers, bidirectional": the network in one phrase, as its author would say it. */
export function describeNetwork(layers: readonly LayerSummary[]): string {
  const cells = [...new Set(layers.map((l) => l.cell.toUpperCase()))].join(' and ');
  const sizes = [...new Set(layers.map((l) => l.hiddenSize))];
  const hidden = `hidden size${sizes.length === 1 ? '' : 's'} ${sizes.join(', ')}`;
  const { numbers, bidirectional } = layerNumbers(layers);
  const count = `${numbers.length} layer${numbers.length === 1 ? '' : 's'}`;
  if (bidirectional.size === 0) return `${cells}, ${hidden}, ${count}`;
  if (bidirectional.size === numbers.length) return `${cells}, ${hidden}, ${count}, bidirectional`;
  return `${cells}, ${hidden}, ${describeLayers(layers)}`;
}

/**
 * A layer as a user counts them, from 1, for the panel: "layer 1 of 2", and "layer 2 of 2 · reverse" /
 * "… · forward" where that layer runs both ways. (layerLabel keeps the files' own 0-based numbers, as --layer.)
 */
export function layerPickerLabel(place: LayerPlace, layers: readonly LayerPlace[]): string {
  const { numbers, bidirectional } = layerNumbers(layers);
  const position = numbers.indexOf(place.layer) + 1;
  const direction = bidirectional.has(place.layer) ? ` · ${place.direction}` : '';
  return `layer ${position} of ${numbers.length}${direction}`;
}

/** Why a requested layer is not there, and what is: "no layer 2 in this file; layers: 0, 1 (2 layers, …)". */
export function missingLayerProblem(requested: LayerPlace, layers: readonly LayerPlace[]): string {
  const { numbers } = layerNumbers(layers);
  const hasLayer = numbers.includes(requested.layer);
  const what =
    hasLayer && requested.direction === 'reverse'
      ? `reverse direction of layer ${requested.layer}`
      : layerLabel(requested);
  return `no ${what} in this file; layers: ${numbers.join(', ')} (${describeLayers(layers)}, numbered from 0)`;
}
