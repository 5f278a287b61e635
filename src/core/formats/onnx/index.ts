// Reads an ONNX model's recurrent layers: for each RNN, LSTM and GRU node, in graph order, its W, R, B (and P) inputs
// (initializers or Constant nodes' values) split per direction into tensors named as naming.ts' ONNX table says,
// and the node's attributes as metadata. Nothing in the graph is run; other nodes are only looked at to say
// where a weight that is not stored comes from.
import { InputError } from '../../errors';
import { ONNX, ONNX_RECURRENT_OPS } from '../../model/naming';
import type { Tensor, TensorFile } from '../../tensors';
import { MemoryBudget } from '../limits';
import { decodeOnnxModel, type OnnxModel, type OnnxNode, type OnnxTensor } from './proto';
import { tensorValues, type ExternalReader } from './values';

/** What the metadata says about each recurrent node (under the key 'onnx'). */
export interface OnnxLayerSummary {
  readonly layer: number;
  readonly node: string;
  readonly opType: string;
  readonly direction: 'forward' | 'reverse' | 'bidirectional';
  readonly hiddenSize: number;
  /** The `activations` attribute as stored ([] when absent). */
  readonly activations: readonly string[];
  /** `clip`: every gate pre-activation bounded to [−clip, clip] (absent: no clipping). */
  readonly clip?: number;
  /** LSTM `input_forget` (1: f = 1 − i). */
  readonly inputForget?: number;
  /** GRU `linear_before_reset` (ONNX's default 0: r multiplies h before R_h). */
  readonly linearBeforeReset?: number;
}

export interface OnnxSummary {
  readonly irVersion?: number;
  readonly producer?: string;
  readonly opset?: number;
  readonly layers: readonly OnnxLayerSummary[];
}

export interface OnnxReadOptions {
  readonly budget?: MemoryBudget;
  /** Reads external data beside the model; without it, a model with external data is refused. */
  readonly readExternal?: ExternalReader;
}

const GATES_OF = (op: string): number => ONNX.gates[ONNX_RECURRENT_OPS.get(op)!]!.length;

export function readOnnx(bytes: Uint8Array, file: string, options: OnnxReadOptions = {}): TensorFile {
  const model = decodeOnnxModel(bytes, file);
  const budget = options.budget ?? new MemoryBudget();
  const readExternal: ExternalReader =
    options.readExternal ??
    ((_location, _offset, _length, where) => {
      throw new InputError(file, where, 'external data cannot be read here');
    });
  const stored = storedTensors(model);
  const producers = new Map<string, OnnxNode>();
  for (const node of model.nodes) for (const out of node.outputs) producers.set(out, node);
  const graphInputs = new Set(model.inputs);
  const tensors = new Map<string, Tensor>();
  const layers: OnnxLayerSummary[] = [];
  const recurrent = model.nodes.filter((n) => ONNX_RECURRENT_OPS.has(n.opType));
  recurrent.forEach((node, layer) => {
    const where = (what: string) => `${node.path} "${node.name}"${what}`;
    const fail = (what: string, problem: string) => new InputError(file, where(what), problem);
    const attribute = node.attributes.get('hidden_size');
    const directionText = node.attributes.get('direction')?.s ?? 'forward';
    if (directionText !== 'forward' && directionText !== 'reverse' && directionText !== 'bidirectional') {
      throw fail('.direction', `unknown direction "${directionText}"`);
    }
    const dirs = directionText === 'bidirectional' ? 2 : 1;
    const gates = GATES_OF(node.opType);
    const valuesOf = (index: number, role: string) => {
      const name = node.inputs[index];
      if (name === undefined || name === '') return undefined;
      const t = stored.get(name);
      if (t) return { ...tensorValues(t, file, readExternal, budget), dims: t.dims, name };
      const producer = producers.get(name);
      if (producer) {
        throw fail(
          `.input[${index}]`,
          `${role} "${name}" is computed by a ${producer.opType} node, not stored: export with constant folding (torch.onnx.export(..., do_constant_folding=True))`,
        );
      }
      if (graphInputs.has(name))
        throw fail(`.input[${index}]`, `${role} "${name}" is a graph input, not stored in the file`);
      throw fail(`.input[${index}]`, `${role} "${name}" is neither an initializer nor a node's output`);
    };
    const W = valuesOf(1, 'W');
    const R = valuesOf(2, 'R');
    if (!W || !R) throw fail('.input', `${node.opType} node without ${W ? 'R' : 'W'}`);
    const [rDirs, rRows, hidden] = R.dims;
    if (R.dims.length !== 3 || rDirs !== dirs || rRows !== gates * hidden) {
      throw fail('.input[2]', `R has dims [${R.dims.join(', ')}], expected [${dirs}, ${gates}·H, H]`);
    }
    if (attribute?.i !== undefined && attribute.i !== hidden) {
      throw fail('.hidden_size', `hidden_size ${attribute.i} disagrees with R [${R.dims.join(', ')}]`);
    }
    if (W.dims.length !== 3 || W.dims[0] !== dirs || W.dims[1] !== gates * hidden) {
      throw fail('.input[1]', `W has dims [${W.dims.join(', ')}], expected [${dirs}, ${gates * hidden}, input size]`);
    }
    const B = valuesOf(3, 'B');
    if (B && (B.dims.length !== 2 || B.dims[0] !== dirs || B.dims[1] !== 2 * gates * hidden)) {
      throw fail('.input[3]', `B has dims [${B.dims.join(', ')}], expected [${dirs}, ${2 * gates * hidden}]`);
    }
    // LSTM peepholes: input 7, [directions, 3H] with the gates i, o, f.
    const P = node.opType === 'LSTM' ? valuesOf(7, 'P') : undefined;
    if (P && (P.dims.length !== 2 || P.dims[0] !== dirs || P.dims[1] !== 3 * hidden)) {
      throw fail(
        '.input[7]',
        `peepholes P "${P.name}" have dims [${P.dims.join(', ')}], expected [${dirs}, ${3 * hidden}] (directions, 3·H: gates i, o, f)`,
      );
    }
    const module = node.name || `${node.opType}_${layer}`;
    const width = gates * hidden;
    const inputSize = W.dims[2];
    for (let d = 0; d < dirs; d++) {
      const reverse = directionText === 'reverse' || d === 1;
      const suffix = `_l${layer}${reverse ? '_reverse' : ''}`;
      const put = (part: string, shape: number[], data: Float64Array, dtype: Tensor['dtype']) => {
        const name = `${module}.${part}${suffix}`;
        tensors.set(name, { name, shape, dtype, data });
      };
      put('R', [width, hidden], R.data.subarray(d * width * hidden, (d + 1) * width * hidden), R.dtype);
      put('W', [width, inputSize], W.data.subarray(d * width * inputSize, (d + 1) * width * inputSize), W.dtype);
      if (B) {
        put('Wb', [width], B.data.subarray(2 * d * width, (2 * d + 1) * width), B.dtype);
        put('Rb', [width], B.data.subarray((2 * d + 1) * width, (2 * d + 2) * width), B.dtype);
      }
      if (P) put('P', [3 * hidden], P.data.subarray(d * 3 * hidden, (d + 1) * 3 * hidden), P.dtype);
    }
    layers.push({
      layer,
      node: node.name,
      opType: node.opType,
      direction: directionText,
      hiddenSize: hidden,
      activations: node.attributes.get('activations')?.strings ?? [],
      ...numberAttribute('clip', node.attributes.get('clip')?.f),
      ...numberAttribute('inputForget', node.attributes.get('input_forget')?.i),
      ...numberAttribute('linearBeforeReset', node.attributes.get('linear_before_reset')?.i),
    });
  });
  const opset = model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  const onnx: OnnxSummary = {
    ...(model.irVersion === undefined ? {} : { irVersion: model.irVersion }),
    ...(model.producerName ? { producer: `${model.producerName} ${model.producerVersion ?? ''}`.trim() } : {}),
    ...(opset === undefined ? {} : { opset }),
    layers,
  };
  return { file, format: 'onnx', tensors, metadata: { onnx } };
}

function numberAttribute<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** Initializers and Constant nodes' values, by name (a Map: names come from the file). */
function storedTensors(model: OnnxModel): Map<string, OnnxTensor> {
  const stored = new Map<string, OnnxTensor>();
  for (const t of model.initializers) stored.set(t.name, t);
  for (const node of model.nodes) {
    const value = node.attributes.get('value')?.t;
    if (node.opType === 'Constant' && value && node.outputs[0] !== undefined) {
      stored.set(node.outputs[0], { ...value, name: node.outputs[0] });
    }
  }
  return stored;
}
