// Decides what a set of named tensors means, with the names and gate tables of naming.ts: which recurrent layers
// the file holds, and the vanilla RNN model of one of them (recognizeModel, which refuses LSTM and GRU layers;
// recognize-recurrent.ts builds every cell).
import { InputError } from '../errors';
import { isActivationName, type ActivationName } from '../rnn/activations';
import type { LayerInfo, RnnModel } from '../rnn/model';
import type { OnnxSummary } from '../formats/onnx';
import type { TensorFile } from '../tensors';
import { missingLayerProblem } from './describe';
import { tensorLocation } from './location';
import { checkpointOf, findLayers, matrixOf, ownEntry, type LayerTensors } from './layer-tensors';
import {
  ACTIVATION_KEYS,
  ONNX_ACTIVATIONS,
  CELL_KEY,
  FRAMEWORKS,
  OURS,
  partName,
  TIED_KEY,
  tiedMember,
} from './naming';

export interface RecognizeOptions {
  layer?: number;
  direction?: 'forward' | 'reverse';
  /** Overrides the file's activation (state_dicts do not store one). */
  activation?: ActivationName;
}

/** Every recurrent layer the file holds (RNN, LSTM, GRU), for listings and layer pickers. */
export function listLayers(file: TensorFile): LayerInfo[] {
  return findLayers(file).map((l) => l.info);
}

export function recognizeModel(file: TensorFile, options: RecognizeOptions = {}): RnnModel {
  const layers = findLayers(file);
  const chosen = chooseLayer(file, layers, options);
  const info = chosen.info;
  if (info.cell !== 'rnn') {
    const shapes = info.tensors.map((t) => `${t.name} [${t.shape.join('×')}]`).join(', ');
    throw new InputError(
      file.file,
      tensorLocation(file, chosen.W_hh.name),
      `${info.cell.toUpperCase()} layer recognised (hidden size ${info.hiddenSize}: ${shapes}): not a vanilla RNN layer, so recognizeRecurrent reads it`,
    );
  }
  const cell = ownEntry(file, CELL_KEY);
  if (cell !== undefined && cell !== 'rnn') {
    throw new InputError(file.file, `$.${CELL_KEY}`, `cell "${String(cell)}" is not analysed: only "rnn" is`);
  }
  const n = info.hiddenSize;
  const W_hh = matrixOf(file, chosen.W_hh, chosen.transposed);
  const W_xh = chosen.W_ih
    ? matrixOf(file, chosen.W_ih, chosen.transposed)
    : { rows: n, cols: 0, data: new Float64Array(0) };
  const b_h = new Float64Array(n);
  for (const bias of chosen.biases) {
    if (bias.shape.length !== 1 || bias.shape[0] !== n) {
      throw new InputError(
        file.file,
        tensorLocation(file, bias.name),
        `bias has shape [${bias.shape.join(', ')}], expected [${n}] to match W_hh (${n}×${n})`,
      );
    }
    for (let i = 0; i < n; i++) b_h[i] += bias.data[i];
  }
  const { activation, activationSource } =
    file.format === 'onnx' && !options.activation ? onnxActivation(file, info) : chooseActivation(file, options);
  const model: RnnModel = {
    cell: 'rnn',
    activation,
    activationSource,
    hiddenSize: n,
    inputSize: W_xh.cols,
    W_hh,
    W_xh,
    b_h,
    ...outputLayer(file, n),
    tied: tiedGroups(file),
    source: {
      file: file.file,
      format: file.format,
      ...checkpointOf(file),
      layer: info.layer,
      direction: info.direction,
      layers: layers.map((l) => l.info),
    },
  };
  return model;
}

/** The layer the options name (layer 0, forward by default), or why it is not in the file. */
export function chooseLayer(
  file: TensorFile,
  layers: readonly LayerTensors[],
  options: RecognizeOptions,
): LayerTensors {
  if (layers.length === 0) {
    const names = [...file.tensors.keys()].slice(0, 8).join(', ');
    const examples = FRAMEWORKS.map((f) => f.recurrentExample);
    const expected = `${examples.slice(0, -1).join(', ')} or ${examples[examples.length - 1]}`;
    throw new InputError(file.file, '$', `no recurrent weight found (expected ${expected}; found ${names})`);
  }
  const layerIndex = options.layer ?? 0;
  const direction = options.direction ?? 'forward';
  const chosen = layers.find((l) => l.info.layer === layerIndex && l.info.direction === direction);
  if (!chosen) {
    throw new InputError(
      file.file,
      '$',
      missingLayerProblem(
        { layer: layerIndex, direction },
        layers.map((l) => l.info),
      ),
    );
  }
  return chosen;
}

function chooseActivation(
  file: TensorFile,
  options: RecognizeOptions,
): Pick<RnnModel, 'activation' | 'activationSource'> {
  if (options.activation) return { activation: options.activation, activationSource: 'override' };
  const key = ACTIVATION_KEYS.find((k) => ownEntry(file, k) != null);
  if (key === undefined) return { activation: 'tanh', activationSource: 'default' };
  const stored = ownEntry(file, key);
  if (!isActivationName(stored)) {
    throw new InputError(
      file.file,
      `$.${key}`,
      `unknown activation ${JSON.stringify(stored)}: use tanh, sigmoid, relu or linear`,
    );
  }
  return { activation: stored, activationSource: 'file' };
}

/** An ONNX RNN node's `activations` attribute (one per direction; Tanh when absent, as ONNX says). */
function onnxActivation(file: TensorFile, info: LayerInfo): Pick<RnnModel, 'activation' | 'activationSource'> {
  const summary = ownEntry(file, 'onnx') as OnnxSummary | undefined;
  const node = summary?.layers.find((l) => l.layer === info.layer);
  const stored = node?.activations ?? [];
  if (stored.length === 0) return { activation: 'tanh', activationSource: 'default' };
  const index = node?.direction === 'bidirectional' && info.direction === 'reverse' ? 1 : 0;
  const name = stored[index] ?? stored[0];
  const activation = ONNX_ACTIVATIONS.get(name);
  if (!activation) {
    throw new InputError(
      file.file,
      `node "${node?.node ?? ''}" attribute activations`,
      `activation "${name}" is not analysed: use ${[...ONNX_ACTIVATIONS.keys()].join(', ')}`,
    );
  }
  return { activation, activationSource: 'file' };
}

/** The read-out y = W_hy h + b_y, under our names whatever the framework of the layers. */
function outputLayer(file: TensorFile, n: number): Pick<RnnModel, 'W_hy' | 'b_y'> {
  const W = file.tensors.get(partName(OURS, 'output')!);
  if (!W) return {};
  const W_hy = matrixOf(file, W, false);
  if (W_hy.cols !== n) {
    throw new InputError(
      file.file,
      tensorLocation(file, W.name),
      `W_hy is ${W_hy.rows}×${W_hy.cols}, expected ${W_hy.rows}×${n} (columns = hidden size)`,
    );
  }
  const b = file.tensors.get(partName(OURS, 'outputBias')!);
  if (b && (b.shape.length !== 1 || b.shape[0] !== W_hy.rows)) {
    throw new InputError(
      file.file,
      tensorLocation(file, b.name),
      `b_y has shape [${b.shape.join(', ')}], expected [${W_hy.rows}] to match W_hy`,
    );
  }
  return { W_hy, ...(b ? { b_y: b.data } : {}) };
}

function tiedGroups(file: TensorFile): string[][] {
  const tied = ownEntry(file, TIED_KEY);
  if (tied === undefined) return [];
  const bad = (where: string, what: string) => new InputError(file.file, where, what);
  const at = `$.${TIED_KEY}`;
  if (!Array.isArray(tied)) throw bad(at, 'expected an array of groups, e.g. [["W_xh", "W_hy^T"]]');
  return tied.map((group, g) => {
    if (!Array.isArray(group) || group.length < 2)
      throw bad(`${at}[${g}]`, 'a tied group lists at least two tensor names');
    return group.map((member, i) => {
      if (typeof member !== 'string') throw bad(`${at}[${g}][${i}]`, 'expected a tensor name');
      const { name } = tiedMember(member);
      if (!file.tensors.has(name)) throw bad(`${at}[${g}][${i}]`, `no tensor named "${name}" in this file`);
      return member;
    });
  });
}
