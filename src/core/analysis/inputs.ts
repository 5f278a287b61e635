// The input sequence x_1..x_T and h_0 (and an LSTM's c_0): from a JSON file, zeros, or seeded N(0, 1).
import { InputError } from '../errors';
import { assertNestingWithin } from '../formats/nesting';
import { SeededNormal } from '../random';
import { outputSizeOf, type RecurrentModel } from '../rnn/gated-model';
import { assertSequenceWithinBounds } from './sequence-bounds';
import type { InputsSpec } from './types';

export interface InputSequence {
  inputs: Float64Array[];
  /** h_0, of the size of h (an LSTM's projection size P when it has one). */
  h0: Float64Array;
  /** LSTM: c_0 (hidden size n); zeros when absent. */
  c0?: Float64Array;
}

export function generatedInputs(spec: Exclude<InputsSpec, { kind: 'file' }>, model: RecurrentModel): InputSequence {
  if (!Number.isInteger(spec.steps) || spec.steps < 1)
    throw new InputError('--steps', '', `steps must be a positive integer, got ${spec.steps}`);
  assertSequenceWithinBounds(model, spec.steps);
  const rng = spec.kind === 'random' ? new SeededNormal(spec.seed) : undefined;
  const inputs = Array.from({ length: spec.steps }, () => {
    const x = new Float64Array(model.inputSize);
    if (rng) for (let j = 0; j < x.length; j++) x[j] = rng.normal();
    return x;
  });
  return { inputs, h0: new Float64Array(outputSizeOf(model)) };
}

/** Where the rows of an inputs file go, for a deep layer of a stack. */
export type InputsFeed = 'first-layer' | 'this-layer';

/**
 * A JSON array of T rows of m numbers, or `{"inputs": [...], "h0": [...]}` (an LSTM's may add `"c0": [...]`); h0 and
 * c0 are the analysed layer's. For a deep layer pass the stack's first layer: rows as wide as its inputs feed it
 * (and the layers below run on them); rows as wide as only the analysed layer's inputs are that layer's own.
 */
export function readInputsJson(
  text: string,
  file: string,
  model: RecurrentModel,
  firstLayer?: RecurrentModel,
): InputSequence & { feeds?: InputsFeed } {
  assertNestingWithin(text, file, 'json');
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, '', `malformed JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  let rows: unknown = root;
  let rowsPath = '$';
  let h0: Float64Array = new Float64Array(outputSizeOf(model));
  let c0: Float64Array | undefined;
  if (root !== null && typeof root === 'object' && !Array.isArray(root)) {
    const obj = root as Record<string, unknown>;
    // Own keys only: the file's object is data, whatever its prototype chain says.
    if (!Object.hasOwn(obj, 'inputs'))
      throw new InputError(file, '$', 'expected an array of input rows or {"inputs": [...], "h0": [...]}');
    rows = obj.inputs;
    rowsPath = '$.inputs';
    if (Object.hasOwn(obj, 'h0') && obj.h0 !== undefined)
      h0 = numberRow(
        obj.h0,
        outputSizeOf(model),
        file,
        '$.h0',
        model.cell === 'lstm' && model.W_hr ? 'h0 (projection size)' : 'h0 (hidden size)',
      );
    if (Object.hasOwn(obj, 'c0') && obj.c0 !== undefined) {
      if (model.cell !== 'lstm')
        throw new InputError(
          file,
          '$.c0',
          `c0 is an LSTM's cell state; this model is ${model.cell === 'gru' ? 'a GRU' : 'a vanilla RNN'}, whose state is h alone`,
        );
      c0 = numberRow(obj.c0, model.hiddenSize, file, '$.c0', 'c0 (hidden size)');
    }
  }
  if (!Array.isArray(rows)) throw new InputError(file, rowsPath, 'expected an array of input rows');
  if (rows.length === 0) throw new InputError(file, rowsPath, 'no input rows: the sequence needs at least one step');
  assertSequenceWithinBounds(model, rows.length, file);
  const feeds = firstLayer ? feedOf(rows[0], firstLayer, model) : undefined;
  const rowsModel = feeds === 'first-layer' && firstLayer ? firstLayer : model;
  const widthNote = feeds ? `, of layer ${feeds === 'first-layer' ? 1 : model.source.layer + 1}` : '';
  const inputs = rows.map((row, t) =>
    numberRow(
      row,
      rowsModel.inputSize,
      file,
      `${rowsPath}[${t}]`,
      `input size (columns of ${rowsModel.cell === 'rnn' ? 'W_xh' : 'W_ih'}${widthNote})`,
    ),
  );
  return { inputs, h0, ...(c0 ? { c0 } : {}), ...(feeds ? { feeds } : {}) };
}

function numberRow(row: unknown, length: number, file: string, path: string, what: string): Float64Array {
  if (!Array.isArray(row)) throw new InputError(file, path, `expected an array of ${length} numbers`);
  if (row.length !== length)
    throw new InputError(file, path, `has ${row.length} entries, expected ${length}, the ${what}`);
  const out = new Float64Array(length);
  row.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InputError(file, `${path}[${j}]`, `expected a finite number, found ${JSON.stringify(v)}`);
    out[j] = v;
  });
  return out;
}

/** Rows as wide as the first layer's inputs feed it; rows as wide as only this layer's are its own. */
function feedOf(firstRow: unknown, firstLayer: RecurrentModel, model: RecurrentModel): InputsFeed {
  const width = Array.isArray(firstRow) ? firstRow.length : -1;
  return width !== firstLayer.inputSize && width === model.inputSize ? 'this-layer' : 'first-layer';
}
