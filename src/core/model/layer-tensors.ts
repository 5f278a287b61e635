// One recurrent layer's tensors, found by name (layout.ts) and checked by shape against the recurrent matrix, whose
// gate blocks decide the cell: what recognize.ts and recognize-recurrent.ts build models from.
import { InputError } from '../errors';
import type { Matrix } from '../linalg/matrix';
import { transpose } from '../linalg/matrix';
import type { LayerInfo } from '../rnn/model';
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import type { Tensor, TensorFile } from '../tensors';
import { tensorLocation } from './location';
import { weightsLayout, type LayerGroup } from './layout';
import { partName, recurrentShape, recurrentShapesText, type FrameworkNaming, type TensorRole } from './naming';

export interface LayerTensors {
  readonly info: LayerInfo;
  readonly W_hh: Tensor;
  /** Whether W_hh is stored transposed (Keras). */
  readonly transposed: boolean;
  readonly W_ih?: Tensor;
  /** Every bias of the gate-stacked width (a Keras [k, g·H] bias as its k rows). */
  readonly biases: Tensor[];
  /** Every tensor of the layer by its role, as stored. */
  readonly parts: ReadonlyMap<TensorRole, Tensor>;
  readonly naming: FrameworkNaming;
  readonly module: string;
  /** The size of h: an LSTM projection's P, else the hidden size. */
  readonly outputSize: number;
}

export function matrixOf(file: TensorFile, t: Tensor, transposed: boolean): Matrix {
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

/** A PyTorch reader's summary of the checkpoint (only from that reader: a JSON key of the same name is not one). */
export function checkpointOf(file: TensorFile): { checkpoint?: CheckpointSummary } {
  if (!file.format.startsWith('pytorch-')) return {};
  const checkpoint = ownEntry(file, 'checkpoint') as CheckpointSummary | undefined;
  return checkpoint ? { checkpoint } : {};
}

/** A metadata entry the file itself holds (never one inherited from Object.prototype). */
export function ownEntry(file: TensorFile, key: string): unknown {
  return Object.hasOwn(file.metadata, key) ? file.metadata[key] : undefined;
}

export function findLayers(file: TensorFile): LayerTensors[] {
  const layout = weightsLayout(file.tensors.values());
  if (!layout) return [];
  return layout.layers.map((group) => layerTensors(file, layout.naming, group));
}

const shapeOf = (t: Tensor): { name: string; shape: readonly number[] } => ({ name: t.name, shape: t.shape });

/** One layer's tensors, their shapes checked against the recurrent matrix: its gate blocks decide the cell. */
function layerTensors(file: TensorFile, naming: FrameworkNaming, group: LayerGroup<Tensor>): LayerTensors {
  const W_hh = group.parts.get('recurrent')!;
  for (const t of group.parts.values()) refuseEmpty(file, t, t === W_hh);
  const projection = group.parts.get('projection');
  const recurrent = projection
    ? projectedShape(file, W_hh, projection)
    : (recurrentShape(naming, W_hh.shape) ?? refuseRecurrentShape(file, naming, W_hh));
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
  const extras = (['projection', 'peephole'] as const).map((role) => group.parts.get(role));
  const tensors = [W_hh, W_ih, ...biasTensors, ...extras].filter((t): t is Tensor => !!t);
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
    parts: group.parts,
    naming,
    module: group.module,
    outputSize: projection ? projection.shape[0] : hidden,
  };
}

/** An LSTM with a projection (PyTorch proj_size): W_hr is P × H and W_hh 4H × P. */
function projectedShape(file: TensorFile, W_hh: Tensor, W_hr: Tensor): { cell: 'lstm'; hidden: number } {
  const [rows, P] = W_hh.shape;
  if (W_hh.shape.length !== 2 || rows % 4 !== 0) {
    throw new InputError(
      file.file,
      tensorLocation(file, W_hh.name),
      `${W_hh.name} has shape [${W_hh.shape.join(', ')}]: beside the projection ${W_hr.name} it must be [4H, P] (an LSTM's gate rows i, f, g, o)`,
    );
  }
  const hidden = rows / 4;
  if (W_hr.shape.length !== 2 || W_hr.shape[0] !== P || W_hr.shape[1] !== hidden) {
    throw new InputError(
      file.file,
      tensorLocation(file, W_hr.name),
      `projection ${W_hr.name} has shape [${W_hr.shape.join(', ')}], expected [${P}, ${hidden}] (P × H: ${W_hh.name} is [${rows}, ${P}], so H = ${hidden} and P = ${P})`,
    );
  }
  return { cell: 'lstm', hidden };
}

/** Why a recurrent matrix's shape is no cell's: the shapes it may have, and what this one says. */
function refuseRecurrentShape(file: TensorFile, naming: FrameworkNaming, W_hh: Tensor): never {
  const found = `shape [${W_hh.shape.join(', ')}]`;
  let why = '';
  if (W_hh.shape.length === 2) {
    const [hidden, stacked] = naming.gateAxis === 'rows' ? [W_hh.shape[1], W_hh.shape[0]] : W_hh.shape;
    const axis = naming.gateAxis === 'rows' ? 'rows' : 'columns';
    const projection = partName(naming, 'projection');
    if (hidden > 0 && stacked % hidden !== 0) {
      why = `: its ${stacked} gate ${axis} are not a multiple of the hidden size ${hidden}`;
    }
    if (projection && naming.gateAxis === 'rows' && stacked % 4 === 0 && hidden !== stacked / 4) {
      // [4H, P] is an LSTM with a projection to P, whose P × H matrix the file lacks.
      const name = projectionNameBeside(naming, W_hh.name, projection);
      why = `${why}; if this is an LSTM of hidden size ${stacked / 4} with a projection to ${hidden} (proj_size), its projection matrix ${name} [${hidden}, ${stacked / 4}] is missing`;
    }
  }
  throw new InputError(
    file.file,
    tensorLocation(file, W_hh.name),
    `${W_hh.name} must be ${recurrentShapesText(naming)}, found ${found}${why}`,
  );
}

/** weight_hh_l0 → weight_hr_l0, W_hh → W_hr: the projection's name where the file would have put it. */
function projectionNameBeside(naming: FrameworkNaming, recurrentName: string, projection: string): string {
  const recurrent = partName(naming, 'recurrent')!;
  const at = recurrentName.lastIndexOf(recurrent);
  return at < 0 ? projection : recurrentName.slice(0, at) + projection + recurrentName.slice(at + recurrent.length);
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
