// Decides what a set of named tensors means: our names (W_hh, W_xh, b_h), PyTorch nn.RNN/LSTM/GRU
// (`[prefix.]weight_hh_l0[_reverse]`), or Keras (`kernel`, `recurrent_kernel`, `bias`, where h·recurrent_kernel
// means W_hh = recurrent_kernelᵀ). LSTM and GRU are recognised (4H / 3H gate rows) but not analysed yet.
import { InputError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import { transpose } from '../linalg/matrix';
import { isActivationName, type ActivationName } from '../rnn/activations';
import type { LayerInfo, RnnModel } from '../rnn/model';
import type { Tensor, TensorFile } from '../tensors';

export interface RecognizeOptions {
  layer?: number;
  direction?: 'forward' | 'reverse';
  /** Overrides the file's activation (state_dicts do not store one). */
  activation?: ActivationName;
}

type Cell = LayerInfo['cell'];
const GATES: Record<number, Cell> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

interface LayerTensors {
  info: LayerInfo;
  W_hh: Tensor;
  /** Whether W_hh is stored transposed (Keras). */
  transposed: boolean;
  W_ih?: Tensor;
  biases: Tensor[];
}

/** Where a tensor sits, in the words a user of that file would recognise. */
export function tensorLocation(file: TensorFile, name: string): string {
  if (file.format.startsWith('json')) return /^[A-Za-z_$][\w$]*$/.test(name) ? `$.${name}` : `$[${JSON.stringify(name)}]`;
  return `tensor "${name}"`;
}

/** Every recurrent layer the file holds (RNN, LSTM, GRU), for listings and layer pickers. */
export function listLayers(file: TensorFile): LayerInfo[] {
  return findLayers(file).map((l) => l.info);
}

export function recognizeModel(file: TensorFile, options: RecognizeOptions = {}): RnnModel {
  const layers = findLayers(file);
  if (layers.length === 0) {
    const names = [...file.tensors.keys()].slice(0, 8).join(', ');
    throw new InputError(file.file, '$', `no recurrent weight found (expected W_hh, weight_hh_l0 or recurrent_kernel; found ${names})`);
  }
  const layerIndex = options.layer ?? 0;
  const direction = options.direction ?? 'forward';
  const chosen = layers.find((l) => l.info.layer === layerIndex && l.info.direction === direction);
  if (!chosen) {
    const available = layers.map((l) => `${l.info.layer}${l.info.direction === 'reverse' ? ' (reverse)' : ''}`).join(', ');
    throw new InputError(file.file, '$', `no layer ${layerIndex}${direction === 'reverse' ? ' (reverse)' : ''} in this file; layers: ${available}`);
  }
  const info = chosen.info;
  if (info.cell !== 'rnn') {
    const shapes = info.tensors.map((t) => `${t.name} [${t.shape.join('×')}]`).join(', ');
    throw new InputError(file.file, tensorLocation(file, chosen.W_hh.name),
      `${info.cell.toUpperCase()} layer recognised (hidden size ${info.hiddenSize}: ${shapes}) but not analysed yet: only vanilla RNN cells are`);
  }
  const cell = file.metadata.cell;
  if (cell !== undefined && cell !== 'rnn') {
    throw new InputError(file.file, '$.cell', `cell "${String(cell)}" is not analysed: only "rnn" is`);
  }
  const n = info.hiddenSize;
  const W_hh = matrixOf(file, chosen.W_hh, chosen.transposed);
  const W_xh = chosen.W_ih ? matrixOf(file, chosen.W_ih, chosen.transposed) : { rows: n, cols: 0, data: new Float64Array(0) };
  const b_h = new Float64Array(n);
  for (const bias of chosen.biases) {
    if (bias.shape.length !== 1 || bias.shape[0] !== n) {
      throw new InputError(file.file, tensorLocation(file, bias.name), `bias has shape [${bias.shape.join(', ')}], expected [${n}] to match W_hh (${n}×${n})`);
    }
    for (let i = 0; i < n; i++) b_h[i] += bias.data[i];
  }
  const { activation, activationSource } = chooseActivation(file, options);
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
    source: { file: file.file, format: file.format, layer: info.layer, direction: info.direction, layers: layers.map((l) => l.info) },
  };
  return model;
}

function chooseActivation(file: TensorFile, options: RecognizeOptions): Pick<RnnModel, 'activation' | 'activationSource'> {
  if (options.activation) return { activation: options.activation, activationSource: 'override' };
  const stored = file.metadata.activation ?? file.metadata.nonlinearity;
  if (stored === undefined) return { activation: 'tanh', activationSource: 'default' };
  if (!isActivationName(stored)) {
    throw new InputError(file.file, '$.activation', `unknown activation ${JSON.stringify(stored)}: use tanh, sigmoid, relu or linear`);
  }
  return { activation: stored, activationSource: 'file' };
}

function matrixOf(file: TensorFile, t: Tensor, transposed: boolean): Matrix {
  if (t.shape.length !== 2) {
    throw new InputError(file.file, tensorLocation(file, t.name), `expected a matrix, found shape [${t.shape.join(', ')}]`);
  }
  const m: Matrix = { rows: t.shape[0], cols: t.shape[1], data: t.data };
  return transposed ? transpose(m) : m;
}

function outputLayer(file: TensorFile, n: number): Pick<RnnModel, 'W_hy' | 'b_y'> {
  const W = file.tensors.get('W_hy');
  if (!W) return {};
  const W_hy = matrixOf(file, W, false);
  if (W_hy.cols !== n) {
    throw new InputError(file.file, tensorLocation(file, 'W_hy'), `W_hy is ${W_hy.rows}×${W_hy.cols}, expected ${W_hy.rows}×${n} (columns = hidden size)`);
  }
  const b = file.tensors.get('b_y');
  if (b && (b.shape.length !== 1 || b.shape[0] !== W_hy.rows)) {
    throw new InputError(file.file, tensorLocation(file, 'b_y'), `b_y has shape [${b.shape.join(', ')}], expected [${W_hy.rows}] to match W_hy`);
  }
  return { W_hy, ...(b ? { b_y: b.data } : {}) };
}

function tiedGroups(file: TensorFile): string[][] {
  const tied = file.metadata.tied;
  if (tied === undefined) return [];
  const bad = (where: string, what: string) => new InputError(file.file, where, what);
  if (!Array.isArray(tied)) throw bad('$.tied', 'expected an array of groups, e.g. [["W_xh", "W_hy^T"]]');
  return tied.map((group, g) => {
    if (!Array.isArray(group) || group.length < 2) throw bad(`$.tied[${g}]`, 'a tied group lists at least two tensor names');
    return group.map((member, i) => {
      if (typeof member !== 'string') throw bad(`$.tied[${g}][${i}]`, 'expected a tensor name');
      const name = member.replace(/\^T$/, '');
      if (!file.tensors.has(name)) throw bad(`$.tied[${g}][${i}]`, `no tensor named "${name}" in this file`);
      return member;
    });
  });
}

const TORCH = /^(?:(.*)\.)?(weight_hh|weight_ih|bias_ih|bias_hh)_l(\d+)(_reverse)?$/;
const KERAS = /^(?:(.*)[./])?(recurrent_kernel|kernel|bias)(?::0)?$/;

function findLayers(file: TensorFile): LayerTensors[] {
  const ours = oursLayer(file);
  if (ours) return [ours];
  const torch = torchLayers(file);
  if (torch.length > 0) return torch;
  return kerasLayers(file);
}

function requireSquareRecurrent(file: TensorFile, t: Tensor, rowsPerGate: 'rows' | 'cols'): { n: number; cell: Cell } {
  if (t.shape.length !== 2) {
    throw new InputError(file.file, tensorLocation(file, t.name), `recurrent weight must be a matrix, found shape [${t.shape.join(', ')}]`);
  }
  const [r, c] = t.shape;
  const n = rowsPerGate === 'rows' ? c : r;
  const stacked = rowsPerGate === 'rows' ? r : c;
  const cell = stacked % n === 0 ? GATES[stacked / n] : undefined;
  if (!cell) {
    throw new InputError(file.file, tensorLocation(file, t.name), `recurrent weight must be square (hidden × hidden), found ${r}×${c}`);
  }
  return { n, cell };
}

function oursLayer(file: TensorFile): LayerTensors | undefined {
  const W_hh = file.tensors.get('W_hh');
  if (!W_hh) return undefined;
  if (W_hh.shape.length !== 2 || W_hh.shape[0] !== W_hh.shape[1]) {
    throw new InputError(file.file, tensorLocation(file, 'W_hh'), `W_hh must be square (hidden × hidden), found shape [${W_hh.shape.join(', ')}]`);
  }
  const n = W_hh.shape[0];
  const W_xh = file.tensors.get('W_xh');
  if (W_xh && (W_xh.shape.length !== 2 || W_xh.shape[0] !== n)) {
    throw new InputError(file.file, tensorLocation(file, 'W_xh'), `W_xh has shape [${W_xh.shape.join(', ')}], expected [${n}, input size] (rows = hidden size of W_hh)`);
  }
  const b_h = file.tensors.get('b_h');
  const tensors = [W_hh, W_xh, b_h].filter((t): t is Tensor => !!t);
  return {
    info: { layer: 0, direction: 'forward', cell: 'rnn', hiddenSize: n, inputSize: W_xh ? W_xh.shape[1] : 0, tensors: tensors.map(shapeOf) },
    W_hh,
    transposed: false,
    W_ih: W_xh,
    biases: b_h ? [b_h] : [],
  };
}

function shapeOf(t: Tensor): { name: string; shape: readonly number[] } {
  return { name: t.name, shape: t.shape };
}

function torchLayers(file: TensorFile): LayerTensors[] {
  const groups = new Map<string, Map<string, Tensor>>();
  for (const [name, t] of file.tensors) {
    const m = TORCH.exec(name);
    if (!m) continue;
    const key = `${m[1] ?? ''}|${m[3]}|${m[4] ? 'reverse' : 'forward'}`;
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)!.set(m[2], t);
  }
  const layers: LayerTensors[] = [];
  for (const [key, parts] of groups) {
    const [, layerText, direction] = key.split('|');
    const W_hh = parts.get('weight_hh');
    if (!W_hh) continue;
    const { n, cell } = requireSquareRecurrent(file, W_hh, 'rows');
    const rows = W_hh.shape[0];
    const W_ih = parts.get('weight_ih');
    if (W_ih && (W_ih.shape.length !== 2 || W_ih.shape[0] !== rows)) {
      throw new InputError(file.file, tensorLocation(file, W_ih.name), `has shape [${W_ih.shape.join(', ')}], expected [${rows}, input size] to match ${W_hh.name}`);
    }
    const biases = ['bias_ih', 'bias_hh'].map((b) => parts.get(b)).filter((t): t is Tensor => !!t);
    for (const b of biases) {
      if (b.shape.length !== 1 || b.shape[0] !== rows) {
        throw new InputError(file.file, tensorLocation(file, b.name), `has shape [${b.shape.join(', ')}], expected [${rows}] to match ${W_hh.name}`);
      }
    }
    const tensors = [W_hh, W_ih, ...biases].filter((t): t is Tensor => !!t);
    layers.push({
      info: { layer: Number(layerText), direction: direction as 'forward' | 'reverse', cell, hiddenSize: n, inputSize: W_ih ? W_ih.shape[1] : 0, tensors: tensors.map(shapeOf) },
      W_hh,
      transposed: false,
      W_ih,
      biases,
    });
  }
  return layers.sort((a, b) => a.info.layer - b.info.layer || a.info.direction.localeCompare(b.info.direction));
}

function kerasLayers(file: TensorFile): LayerTensors[] {
  const groups = new Map<string, Map<string, Tensor>>();
  for (const [name, t] of file.tensors) {
    const m = KERAS.exec(name);
    if (!m) continue;
    const prefix = m[1] ?? '';
    if (!groups.has(prefix)) groups.set(prefix, new Map());
    groups.get(prefix)!.set(m[2], t);
  }
  const layers: LayerTensors[] = [];
  let index = 0;
  for (const parts of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p)) {
    const R = parts.get('recurrent_kernel');
    if (!R) continue;
    const { n, cell } = requireSquareRecurrent(file, R, 'cols');
    const K = parts.get('kernel');
    if (K && (K.shape.length !== 2 || K.shape[1] !== R.shape[1])) {
      throw new InputError(file.file, tensorLocation(file, K.name), `kernel has shape [${K.shape.join(', ')}], expected [input size, ${R.shape[1]}] to match ${R.name}`);
    }
    const bias = parts.get('bias');
    const biases = bias ? splitKerasBias(file, bias, R.shape[1]) : [];
    const tensors = [K, R, bias].filter((t): t is Tensor => !!t);
    layers.push({
      info: { layer: index++, direction: 'forward', cell, hiddenSize: n, inputSize: K ? K.shape[0] : 0, tensors: tensors.map(shapeOf) },
      W_hh: R,
      transposed: true,
      W_ih: K,
      biases,
    });
  }
  return layers;
}

/** Keras GRU (reset_after) stores the bias as 2 × 3H: input and recurrent biases, which add. */
function splitKerasBias(file: TensorFile, bias: Tensor, width: number): Tensor[] {
  if (bias.shape.length === 1 && bias.shape[0] === width) return [bias];
  if (bias.shape.length === 2 && bias.shape[1] === width) {
    return Array.from({ length: bias.shape[0] }, (_, i) => ({ ...bias, shape: [width], data: bias.data.subarray(i * width, (i + 1) * width) }));
  }
  throw new InputError(file.file, tensorLocation(file, bias.name), `bias has shape [${bias.shape.join(', ')}], expected [${width}]`);
}
