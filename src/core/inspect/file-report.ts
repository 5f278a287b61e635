// The inspector's table for a weights file: one row per tensor, which tensors make up which recurrent
// layer, and whether the file can be analysed. Rows can be listed from a safetensors header alone, before
// any data is decoded, and filled with statistics one tensor at a time.
import { isInputError } from '../errors';
import { layerLabel } from '../model/describe';
import { parseWeightName } from '../model/naming';
import { listLayers, recognizeModel } from '../model/recognize';
import type { SafetensorsHeader } from '../formats/safetensors';
import type { LayerInfo } from '../rnn/model';
import type { TensorFile } from '../tensors';
import type { TensorStatistics } from './statistics';

export interface TensorRow {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** e.g. "W_hh of layer 0 (reverse), RNN"; absent for tensors outside any recurrent layer. */
  readonly role?: string;
  readonly stats?: TensorStatistics;
}

export interface FileReport {
  readonly file: string;
  readonly format: string;
  readonly rows: readonly TensorRow[];
  readonly layers: readonly LayerInfo[];
  /** Whether "Analyze RNN gradients" will work on the default layer, and if not why. */
  readonly analysable: boolean;
  readonly problem?: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export function headerRows(header: SafetensorsHeader): TensorRow[] {
  return header.entries.map((e) => ({ name: e.name, shape: e.shape, dtype: e.dtype }));
}

export function fileReport(file: TensorFile): FileReport {
  let layers: LayerInfo[] = [];
  let problem: string | undefined;
  try {
    layers = listLayers(file);
    recognizeModel(file);
  } catch (e) {
    if (!isInputError(e)) throw e;
    problem = e.problem;
  }
  const roles = tensorRoles(layers);
  const rows = [...file.tensors.values()].map((t) => ({
    name: t.name,
    shape: t.shape,
    dtype: t.dtype,
    ...(roles.has(t.name) ? { role: roles.get(t.name) } : {}),
  }));
  return {
    file: file.file,
    format: file.format,
    rows,
    layers,
    analysable: problem === undefined,
    ...(problem ? { problem } : {}),
    metadata: file.metadata,
  };
}

function tensorRoles(layers: readonly LayerInfo[]): Map<string, string> {
  const roles = new Map<string, string>();
  for (const l of layers) {
    const where = `${layerLabel(l)}, ${l.cell.toUpperCase()}${l.cell === 'rnn' ? '' : ' (not analysed yet)'}`;
    for (const t of l.tensors) roles.set(t.name, `${roleOf(t.name)} of ${where}`);
  }
  return roles;
}

/** The matrix a tensor is in our terms; ᵀ where the framework stores the transpose (Keras). */
function roleOf(name: string): string {
  const parsed = parseWeightName(name);
  const t = parsed?.framework.transposed ? 'ᵀ' : '';
  if (parsed?.role === 'recurrent') return `W_hh${t}`;
  if (parsed?.role === 'input') return `W_xh${t}`;
  return 'bias';
}
