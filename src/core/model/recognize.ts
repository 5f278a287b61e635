// Decides what a set of named tensors means, with the names and gate tables of naming.ts: which recurrent layers
// the file holds, and the vanilla RNN model of one of them. LSTM and GRU layers are recognised from their gate
// blocks but not analysed yet.
import { InputError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import { transpose } from '../linalg/matrix';
import { isActivationName, type ActivationName } from '../rnn/activations';
import type { LayerInfo, RnnModel } from '../rnn/model';
import type { OnnxSummary } from '../formats/onnx';
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import type { Tensor, TensorFile } from '../tensors';
import { missingLayerProblem } from './describe';
import { tensorLocation } from './location';
import { weightsLayout, type LayerGroup } from './layout';
import {
  ACTIVATION_KEYS,
  ONNX_ACTIVATIONS,
  CELL_KEY,
  FRAMEWORKS,
  OURS,
  partName,
  recurrentShape,
  recurrentShapesText,
  TIED_KEY,
  tiedMember,
  type FrameworkNaming,
} from './naming';

export interface RecognizeOptions {
  layer?: number;
  direction?: 'forward' | 'reverse';
  /** Overrides the file's activation (state_dicts do not store one). */
  activation?: ActivationName;
}

interface LayerTensors {
  info: LayerInfo;
  W_hh: Tensor;
  /** Whether W_hh is stored transposed (Keras). */
  transposed: boolean;
  W_ih?: Tensor;
  biases: Tensor[];
}

/** Every recurrent layer the file holds (RNN, LSTM, GRU), for listings and layer pickers. */
export function listLayers(file: TensorFile): LayerInfo[] {
  return findLayers(file).map((l) => l.info);
}

export function recognizeModel(file: TensorFile, options: RecognizeOptions = {}): RnnModel {
  const layers = findLayers(file);
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
  const info = chosen.info;
  if (info.cell !== 'rnn') {
    const shapes = info.tensors.map((t) => `${t.name} [${t.shape.join('×')}]`).join(', ');
    throw new InputError(
      file.file,
      tensorLocation(file, chosen.W_hh.name),
      `${info.cell.toUpperCase()} layer recognised (hidden size ${info.hiddenSize}: ${shapes}) but not analysed yet: only vanilla RNN cells are`,
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

function matrixOf(file: TensorFile, t: Tensor, transposed: boolean): Matrix {
  if (t.shape.length !== 2) {
    throw new InputError(
      file.file,
      tensorLocation(file, t.name),
      `expected a matrix, found shape [${t.shape.join(', ')}]`,
    );
  }
  const m: Matrix = { rows: t.shape[0], cols: t.shape[1], data: t.data };
  return transposed ? transpose(m) : m;
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

/** A metadata entry the file itself holds (never one inherited from Object.prototype). */
/** A PyTorch reader's summary of the checkpoint (only from that reader: a JSON key of the same name is not one). */
function checkpointOf(file: TensorFile): { checkpoint?: CheckpointSummary } {
  if (!file.format.startsWith('pytorch-')) return {};
  const checkpoint = ownEntry(file, 'checkpoint') as CheckpointSummary | undefined;
  return checkpoint ? { checkpoint } : {};
}

function ownEntry(file: TensorFile, key: string): unknown {
  return Object.hasOwn(file.metadata, key) ? file.metadata[key] : undefined;
}

function findLayers(file: TensorFile): LayerTensors[] {
  const layout = weightsLayout(file.tensors.values());
  if (!layout) return [];
  return layout.layers.map((group) => layerTensors(file, layout.naming, group));
}

const shapeOf = (t: Tensor): { name: string; shape: readonly number[] } => ({ name: t.name, shape: t.shape });

/** One layer's tensors, their shapes checked against the recurrent matrix: its gate blocks decide the cell. */
function layerTensors(file: TensorFile, naming: FrameworkNaming, group: LayerGroup<Tensor>): LayerTensors {
  const W_hh = group.parts.get('recurrent')!;
  for (const t of group.parts.values()) refuseEmpty(file, t, t === W_hh);
  const recurrent = recurrentShape(naming, W_hh.shape);
  if (!recurrent) {
    const found = `shape [${W_hh.shape.join(', ')}]`;
    throw new InputError(
      file.file,
      tensorLocation(file, W_hh.name),
      `${W_hh.name} must be ${recurrentShapesText(naming)}, found ${found}`,
    );
  }
  const { cell, hidden } = recurrent;
  // The gate-stacked axis of the stored matrices: rows for ours and PyTorch (gH × in), columns for Keras (in × gH).
  const stacked = naming.gateAxis === 'rows' ? 0 : 1;
  const width = W_hh.shape[stacked];
  const W_ih = group.parts.get('input');
  if (W_ih && (W_ih.shape.length !== 2 || W_ih.shape[stacked] !== width)) {
    const expected = stacked === 0 ? `[${width}, input size]` : `[input size, ${width}]`;
    throw new InputError(
      file.file,
      tensorLocation(file, W_ih.name),
      `${W_ih.name} has shape [${W_ih.shape.join(', ')}], expected ${expected} to match ${W_hh.name}`,
    );
  }
  const biasTensors = (['bias', 'inputBias', 'recurrentBias'] as const)
    .map((role) => group.parts.get(role))
    .filter((t): t is Tensor => !!t);
  const biases = biasTensors.flatMap((b) => biasRows(file, naming, b, width, W_hh.name));
  const tensors = [W_hh, W_ih, ...biasTensors].filter((t): t is Tensor => !!t);
  const inputSize = W_ih ? W_ih.shape[1 - stacked] : 0;
  return {
    info: {
      layer: group.layer,
      direction: group.direction,
      cell,
      hiddenSize: hidden,
      inputSize,
      tensors: tensors.map(shapeOf),
    },
    W_hh,
    transposed: naming.transposed,
    W_ih,
    biases,
  };
}

/**
 * A layer's tensor with no entries (shape [0, 0], [n, 0]) is refused here, whatever format it came in (the JSON
 * reader refuses every empty tensor at once): a hidden size of 0 has nothing to analyse, and an input size of 0
 * is written by leaving the input matrix out.
 */
function refuseEmpty(file: TensorFile, t: Tensor, recurrent: boolean): void {
  if (!t.shape.includes(0)) return;
  const why = recurrent ? 'a recurrent layer needs a hidden size of at least 1' : 'leave it out instead';
  throw new InputError(file.file, tensorLocation(file, t.name), `empty tensor (shape [${t.shape.join(', ')}]): ${why}`);
}

/** A bias of the gate-stacked width; where the framework stacks biases (Keras GRU, reset_after: [2, 3H]), its rows, which add. */
function biasRows(
  file: TensorFile,
  naming: FrameworkNaming,
  bias: Tensor,
  width: number,
  recurrentName: string,
): Tensor[] {
  if (bias.shape.length === 1 && bias.shape[0] === width) return [bias];
  if (naming.stackedBias && bias.shape.length === 2 && bias.shape[1] === width) {
    return Array.from({ length: bias.shape[0] }, (_, i) => ({
      ...bias,
      shape: [width],
      data: bias.data.subarray(i * width, (i + 1) * width),
    }));
  }
  throw new InputError(
    file.file,
    tensorLocation(file, bias.name),
    `bias has shape [${bias.shape.join(', ')}], expected [${width}] to match ${recurrentName}`,
  );
}
