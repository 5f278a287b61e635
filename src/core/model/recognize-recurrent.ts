// Every cell a file holds as the canonical model of src/core/rnn/gated-model.ts: an RNN (through recognizeModel),
// or an LSTM or GRU with its gate blocks put in PyTorch's order by the tables of naming.ts, its biases kept as the
// model wants them, and the layout's settings (Keras' reset_after and activations, ONNX's attributes and
// peepholes) read and checked. recognizeStack gives every layer, and checks that their sizes chain.
import { InputError } from '../errors';
import type { OnnxLayerSummary, OnnxSummary } from '../formats/onnx';
import { KERAS_GATED_KEY, type KerasGatedLayer } from '../formats/keras/config';
import type { Matrix } from '../linalg/matrix';
import type { GruModel, LstmModel, RecurrentModel, RecurrentStack } from '../rnn/gated-model';
import { outputSizeOf } from '../rnn/gated-model';
import type { ModelSource } from '../rnn/model';
import type { Tensor, TensorFile } from '../tensors';
import { canonicalGateRows, canonicalGateVector } from './gate-blocks';
import { checkpointOf, findLayers, matrixOf, ownEntry, type LayerTensors } from './layer-tensors';
import { tensorLocation } from './location';
import {
  ACTIVATION_KEYS,
  CELL_KEY,
  KERAS,
  KERAS_GATED_ACTIVATIONS,
  ONNX,
  ONNX_GATED_ACTIVATIONS,
  ONNX_PEEPHOLE_GATES,
  OURS,
  recurrentShapesText,
  storedGateOrder,
  type CellKind,
} from './naming';
import { chooseLayer, recognizeModel, type RecognizeOptions } from './recognize';

const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

/** The model of one layer and direction (layer 0, forward by default), whatever its cell. */
export function recognizeRecurrent(file: TensorFile, options: RecognizeOptions = {}): RecurrentModel {
  const layers = findLayers(file);
  const chosen = chooseLayer(file, layers, options);
  checkDeclaredCell(file, chosen);
  if (chosen.info.cell === 'rnn') return recognizeModel(file, options);
  if (options.activation) {
    throw new InputError(
      file.file,
      tensorLocation(file, chosen.W_hh.name),
      `an activation override applies to RNN cells only: this layer is ${article(chosen.info.cell)} ${chosen.info.cell.toUpperCase()}, whose gates are sigmoid and candidate tanh`,
    );
  }
  const source: ModelSource = {
    file: file.file,
    format: file.format,
    ...checkpointOf(file),
    layer: chosen.info.layer,
    direction: chosen.info.direction,
    layers: layers.map((l) => l.info),
  };
  return chosen.info.cell === 'lstm' ? lstmModel(file, chosen, source) : gruModel(file, chosen, source);
}

/** A gated layer's recurrent part: W_hh in canonical gate order (and an LSTM's projection W_hr). */
export interface GatedRecurrent {
  readonly cell: 'lstm' | 'gru';
  readonly hiddenSize: number;
  readonly W_hh: Matrix;
  readonly W_hr?: Matrix;
  /** The stored tensors read, for a caller that releases their data afterwards. */
  readonly tensors: readonly Tensor[];
}

/**
 * Only the recurrent matrices of a gated layer, in canonical order: what the inspector's gate blocks need,
 * without decoding the layer's other tensors or checking its settings. Undefined for an RNN layer.
 */
export function gatedRecurrent(file: TensorFile, options: RecognizeOptions = {}): GatedRecurrent | undefined {
  const chosen = chooseLayer(file, findLayers(file), options);
  const { cell, hiddenSize } = chosen.info;
  if (cell === 'rnn') return undefined;
  const W_hr = chosen.parts.get('projection');
  return {
    cell,
    hiddenSize,
    W_hh: gateMatrix(file, chosen, chosen.W_hh, storedGateOrder(chosen.naming, cell)),
    ...(W_hr ? { W_hr: matrixOf(file, W_hr, false) } : {}),
    tensors: W_hr ? [chosen.W_hh, W_hr] : [chosen.W_hh],
  };
}

export type StackOptions = Pick<RecognizeOptions, 'activation'>;

/** Every layer in order (layer 0 fed by the inputs), both directions, with the sizes between layers checked. */
export function recognizeStack(file: TensorFile, options: StackOptions = {}): RecurrentStack {
  const found = findLayers(file);
  if (found.length === 0) recognizeRecurrent(file, options); // says what the file lacks
  const count = Math.max(...found.map((l) => l.info.layer)) + 1;
  const layers: { forward: RecurrentModel; reverse?: RecurrentModel }[] = [];
  for (let layer = 0; layer < count; layer++) {
    const here = found.filter((l) => l.info.layer === layer);
    refuseTwoModules(file, here);
    const has = (direction: 'forward' | 'reverse') => here.find((l) => l.info.direction === direction);
    if (!has('forward')) {
      const what = here.length ? `layer ${layer} runs in reverse only` : `layer ${layer} is missing`;
      throw new InputError(
        file.file,
        '$',
        `${what}: a stack needs a forward direction in every layer 0 … ${count - 1}`,
      );
    }
    const forward = recognizeRecurrent(file, { ...options, layer, direction: 'forward' });
    const reverse = has('reverse') ? recognizeRecurrent(file, { ...options, layer, direction: 'reverse' }) : undefined;
    if (layer > 0) {
      const below = layers[layer - 1];
      const width = outputSizeOf(below.forward) * (below.reverse ? 2 : 1);
      if (forward.inputSize !== width) refuseUnchained(file, has('forward')!, forward.inputSize, width, below);
      if (reverse && reverse.inputSize !== width)
        refuseUnchained(file, has('reverse')!, reverse.inputSize, width, below);
    }
    layers.push(reverse ? { forward, reverse } : { forward });
  }
  return { layers };
}

/** Two modules with a layer of the same number (an encoder's and a decoder's l0) are no one stack. */
function refuseTwoModules(file: TensorFile, here: readonly LayerTensors[]): void {
  for (const direction of ['forward', 'reverse'] as const) {
    const same = here.filter((l) => l.info.direction === direction);
    if (same.length < 2) continue;
    const names = same.map((l) => l.W_hh.name).join(' and ');
    throw new InputError(
      file.file,
      tensorLocation(file, same[1].W_hh.name),
      `${names} are both layer ${same[0].info.layer}${direction === 'reverse' ? ' (reverse)' : ''}, of different modules: a stack is the layers of one module`,
    );
  }
}

function refuseUnchained(
  file: TensorFile,
  layer: LayerTensors,
  inputSize: number,
  width: number,
  below: { forward: RecurrentModel; reverse?: RecurrentModel },
): never {
  const { info } = layer;
  const input = layer.W_ih ?? layer.W_hh;
  const gives = below.reverse ? `${outputSizeOf(below.forward)} × 2 directions = ${width}` : `${width}`;
  throw new InputError(
    file.file,
    tensorLocation(file, input.name),
    `layer ${info.layer}${info.direction === 'reverse' ? ' (reverse)' : ''} takes ${inputSize} inputs per step (${input.name} [${input.shape.join(', ')}]), but layer ${info.layer - 1} gives ${gives}: the layers do not chain`,
  );
}

const article = (cell: CellKind): string => (cell === 'lstm' ? 'an' : 'a');

/** Our JSON's "cell" must name the cell W_hh's shape is (absent means "rnn"). */
function checkDeclaredCell(file: TensorFile, chosen: LayerTensors): void {
  const declared = ownEntry(file, CELL_KEY);
  if (declared === undefined && chosen.naming !== OURS) return;
  const cell = declared ?? 'rnn';
  if (typeof cell !== 'string' || !(CELLS as readonly string[]).includes(cell)) {
    throw new InputError(
      file.file,
      `$.${CELL_KEY}`,
      `unknown cell ${JSON.stringify(cell)}: use "rnn", "lstm" or "gru"`,
    );
  }
  if (cell === chosen.info.cell) return;
  const W = chosen.W_hh;
  const said = declared === undefined ? 'no "cell" (an RNN)' : `"cell": "${cell}"`;
  throw new InputError(
    file.file,
    tensorLocation(file, W.name),
    `the file declares ${said}, but ${W.name} [${W.shape.join(', ')}] is the recurrent matrix of ${article(chosen.info.cell)} ${chosen.info.cell.toUpperCase()} (shapes: ${recurrentShapesText(chosen.naming)})`,
  );
}

/** A stored matrix (Keras: transposed) with its gate blocks in canonical order; no input matrix: m = 0. */
function gateMatrix(file: TensorFile, chosen: LayerTensors, t: Tensor | undefined, order: readonly number[]): Matrix {
  const H = chosen.info.hiddenSize;
  if (!t) return { rows: order.length * H, cols: 0, data: new Float64Array(0) };
  return canonicalGateRows(matrixOf(file, t, chosen.transposed), order, H);
}

function lstmModel(file: TensorFile, chosen: LayerTensors, source: ModelSource): LstmModel {
  const H = chosen.info.hiddenSize;
  const order = storedGateOrder(chosen.naming, 'lstm');
  checkGatedActivations(file, chosen, 'lstm');
  if (chosen.naming === KERAS) {
    const bias = chosen.parts.get('bias');
    if (bias && bias.shape.length !== 1) {
      throw new InputError(
        file.file,
        tensorLocation(file, bias.name),
        `a Keras LSTM bias is [${4 * H}] (4 · units, columns i, f, c, o), found [${bias.shape.join(', ')}]`,
      );
    }
  }
  // Every bias of a gate row adds: PyTorch b_ih + b_hh, ONNX Wb + Rb, Keras' one bias, our b_h or b_ih + b_hh.
  const summed = new Float64Array(4 * H);
  for (const bias of chosen.biases) for (let i = 0; i < summed.length; i++) summed[i] += bias.data[i];
  const W_hr = chosen.parts.get('projection');
  const node = onnxNode(file, chosen);
  const peepholes = peepholesOf(file, chosen, H);
  return {
    cell: 'lstm',
    hiddenSize: H,
    outputSize: chosen.outputSize,
    inputSize: chosen.info.inputSize,
    W_ih: gateMatrix(file, chosen, chosen.W_ih, order),
    W_hh: gateMatrix(file, chosen, chosen.W_hh, order),
    b: canonicalGateVector(summed, order, H),
    ...(W_hr ? { W_hr: matrixOf(file, W_hr, false) } : {}),
    ...(peepholes ? { peepholes } : {}),
    ...(node?.inputForget ? { coupledInputForget: true } : {}),
    ...(node?.clip !== undefined ? { clip: node.clip } : {}),
    source,
  };
}

/** ONNX P (3H, gates i, o, f) as the canonical {i, f, o}. */
function peepholesOf(file: TensorFile, chosen: LayerTensors, H: number): LstmModel['peepholes'] {
  const P = chosen.parts.get('peephole');
  if (!P) return undefined;
  if (P.shape.length !== 1 || P.shape[0] !== 3 * H) {
    throw new InputError(
      file.file,
      tensorLocation(file, P.name),
      `peepholes ${P.name} have shape [${P.shape.join(', ')}], expected [${3 * H}] (3·H: gates i, o, f)`,
    );
  }
  const at = (gate: 'i' | 'f' | 'o') => {
    const k = ONNX_PEEPHOLE_GATES.indexOf(gate);
    return P.data.slice(k * H, (k + 1) * H);
  };
  return { i: at('i'), f: at('f'), o: at('o') };
}

function gruModel(file: TensorFile, chosen: LayerTensors, source: ModelSource): GruModel {
  const H = chosen.info.hiddenSize;
  const order = storedGateOrder(chosen.naming, 'gru');
  checkGatedActivations(file, chosen, 'gru');
  const { b_ih, b_hh, resetAfter } = chosen.naming === KERAS ? kerasGruBias(file, chosen) : gruBias(file, chosen);
  const node = onnxNode(file, chosen);
  return {
    cell: 'gru',
    hiddenSize: H,
    inputSize: chosen.info.inputSize,
    W_ih: gateMatrix(file, chosen, chosen.W_ih, order),
    W_hh: gateMatrix(file, chosen, chosen.W_hh, order),
    b_ih: canonicalGateVector(b_ih, order, H),
    b_hh: canonicalGateVector(b_hh, order, H),
    resetAfter,
    ...(node?.clip !== undefined ? { clip: node.clip } : {}),
    source,
  };
}

interface GruBias {
  b_ih: Float64Array;
  b_hh: Float64Array;
  resetAfter: boolean;
}

/** PyTorch, ONNX and ours: the input and recurrent biases stored apart (zero when left out). */
function gruBias(file: TensorFile, chosen: LayerTensors): GruBias {
  const width = 3 * chosen.info.hiddenSize;
  const summed = chosen.parts.get('bias');
  if (summed) {
    throw new InputError(
      file.file,
      tensorLocation(file, summed.name),
      `a GRU needs its input and recurrent biases apart (b_ih and b_hh, [${width}] each), not one summed ${summed.name}: b_hn sits inside r ⊙ (W_hn h + b_hn), so it does not add to b_in`,
    );
  }
  const vector = (role: 'inputBias' | 'recurrentBias') => {
    const t = chosen.parts.get(role);
    return t ? Float64Array.from(t.data) : new Float64Array(width);
  };
  // PyTorch and ours put b_hn inside r ⊙ (…); ONNX says where with linear_before_reset (default 0: outside).
  const resetAfter = chosen.naming === ONNX ? (onnxNode(file, chosen)?.linearBeforeReset ?? 0) !== 0 : true;
  return { b_ih: vector('inputBias'), b_hh: vector('recurrentBias'), resetAfter };
}

/**
 * Keras: reset_after=True stores [2, 3u] (input row, recurrent row), reset_after=False one [3u] bias that adds
 * to the input side (b_hh = 0). The config's reset_after decides; without a config, the bias's shape does.
 */
function kerasGruBias(file: TensorFile, chosen: LayerTensors): GruBias {
  const width = 3 * chosen.info.hiddenSize;
  const bias = chosen.parts.get('bias');
  const stated = kerasLayer(file, chosen)?.resetAfter;
  if (!bias) return { b_ih: new Float64Array(width), b_hh: new Float64Array(width), resetAfter: stated ?? true };
  const stacked = bias.shape.length === 2 && bias.shape[0] === 2 && bias.shape[1] === width;
  const flat = bias.shape.length === 1 && bias.shape[0] === width;
  const resetAfter = stated ?? stacked;
  if (resetAfter ? !stacked : !flat) {
    const expected = resetAfter ? `[2, ${width}] (input row, recurrent row)` : `[${width}]`;
    const why = stated === undefined ? '' : ` (the config says reset_after=${resetAfter ? 'True' : 'False'})`;
    throw new InputError(
      file.file,
      tensorLocation(file, bias.name),
      `a Keras GRU bias with reset_after=${resetAfter ? 'True' : 'False'} is ${expected}${why}, found [${bias.shape.join(', ')}]`,
    );
  }
  if (!resetAfter) return { b_ih: Float64Array.from(bias.data), b_hh: new Float64Array(width), resetAfter };
  return { b_ih: bias.data.slice(0, width), b_hh: bias.data.slice(width, 2 * width), resetAfter };
}

/** The analysis takes sigmoid gates and a tanh candidate; a file saying otherwise is refused by name. */
function checkGatedActivations(file: TensorFile, chosen: LayerTensors, cell: 'lstm' | 'gru'): void {
  const name = cell.toUpperCase();
  // Our JSON's "activation" (PyTorch's "nonlinearity") is an RNN's σ: for a gated cell only tanh, its candidate's, fits.
  // (Only a JSON's own key: a Keras file's `activation` metadata is its SimpleRNN layers'.)
  const key = file.format.startsWith('json') ? ACTIVATION_KEYS.find((k) => ownEntry(file, k) !== undefined) : undefined;
  if (key !== undefined && ownEntry(file, key) !== 'tanh') {
    throw new InputError(
      file.file,
      `$.${key}`,
      `${key} ${JSON.stringify(ownEntry(file, key))} is an RNN's setting: ${article(cell)} ${name}'s gates are sigmoid and its candidate tanh (leave "${key}" out)`,
    );
  }
  const keras = chosen.naming === KERAS ? kerasLayer(file, chosen) : undefined;
  if (keras) {
    const stated = { activation: keras.activation, recurrent_activation: keras.recurrentActivation };
    for (const [setting, wanted] of Object.entries(KERAS_GATED_ACTIVATIONS) as [keyof typeof stated, string][]) {
      const value = stated[setting];
      if (value !== undefined && value !== wanted) {
        throw new InputError(
          file.file,
          `layer "${keras.name}" setting ${setting}`,
          `${setting}="${value}" is not analysed: the ${name} analysis takes sigmoid gates and a tanh candidate (activation="tanh", recurrent_activation="sigmoid", Keras' defaults since TensorFlow 2)`,
        );
      }
    }
  }
  const node = onnxNode(file, chosen);
  if (node && node.activations.length > 0) {
    const wanted = ONNX_GATED_ACTIVATIONS[cell];
    const d = node.direction === 'bidirectional' && chosen.info.direction === 'reverse' ? 1 : 0;
    const mine = node.activations.length > wanted.length ? node.activations.slice(d * wanted.length) : node.activations;
    const stated = mine.slice(0, wanted.length);
    if (stated.some((a, i) => a !== wanted[i])) {
      throw new InputError(
        file.file,
        `node "${node.node}" attribute activations`,
        `activations ${stated.join(', ')} are not analysed: the ${name} analysis takes ${wanted.join(', ')} (ONNX's default)`,
      );
    }
  }
}

/** The ONNX node a layer came from, with its attributes. */
function onnxNode(file: TensorFile, chosen: LayerTensors): OnnxLayerSummary | undefined {
  if (file.format !== 'onnx') return undefined;
  const summary = ownEntry(file, 'onnx') as OnnxSummary | undefined;
  return summary?.layers.find((l) => l.layer === chosen.info.layer);
}

/** The Keras config's entry for a layer: the one named as the first segment of its variables' module. */
function kerasLayer(file: TensorFile, chosen: LayerTensors): KerasGatedLayer | undefined {
  const gated = ownEntry(file, KERAS_GATED_KEY);
  if (!Array.isArray(gated)) return undefined;
  const name = chosen.module.split(/[./]/)[0];
  return (gated as KerasGatedLayer[]).find((l) => l.name === name);
}
