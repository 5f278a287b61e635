// The inspector's table for a weights file: one row per tensor, which tensors make up which recurrent
// layer, and whether the file can be analysed. Rows can be listed from a safetensors header alone, before
// any data is decoded, and filled with statistics one tensor at a time. A gated layer's W_hh row gets ρ and
// σ_max per gate block here, from the canonical model (the per-tensor statistics cannot split a matrix).
import { isInputError } from '../errors';
import { layerLabel } from '../model/describe';
import { parseWeightName } from '../model/naming';
import { listLayers } from '../model/recognize';
import { gatedRecurrent, recognizeRecurrent, type GatedRecurrent } from '../model/recognize-recurrent';
import { releaseTensorData } from '../formats/lazyTensor';
import type { SafetensorsHeader } from '../formats/safetensors';
import type { LayerInfo } from '../rnn/model';
import type { TensorFile } from '../tensors';
import { gateBlockSpectra, type GateBlockSpectrum } from './gate-spectra';
import type { TensorStatistics } from './statistics';

export interface TensorRow {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** e.g. "W_hh of layer 0 (reverse), RNN"; absent for tensors outside any recurrent layer. */
  readonly role?: string;
  readonly stats?: TensorStatistics;
  /** A gated layer's recurrent matrix: ρ and σ_max of each canonical gate block (W_hi … / W_hr, W_hz, W_hn). */
  readonly gates?: readonly GateBlockSpectrum[];
  /** Why a gated recurrent matrix has no gate blocks' numbers here (too large, or the layer is refused). */
  readonly gatesNote?: string;
}

export interface FileReportOptions {
  /** Gate blocks' ρ and σ_max up to this hidden size (default 256: the report waits for them). */
  readonly maxGateSpectrumSize?: number;
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

export function fileReport(file: TensorFile, options: FileReportOptions = {}): FileReport {
  let layers: LayerInfo[] = [];
  let problem: string | undefined;
  try {
    layers = listLayers(file);
    recognizeRecurrent(file);
  } catch (e) {
    if (!isInputError(e)) throw e;
    problem = e.problem;
  }
  const roles = tensorRoles(layers);
  const gates = gateRows(file, layers, options.maxGateSpectrumSize ?? 256);
  const rows = [...file.tensors.values()].map((t) => ({
    name: t.name,
    shape: t.shape,
    dtype: t.dtype,
    ...(roles.has(t.name) ? { role: roles.get(t.name) } : {}),
    ...gates.get(t.name),
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
    const where = `${layerLabel(l)}, ${l.cell.toUpperCase()}`;
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
  if (parsed?.role === 'projection') return 'W_hr (projection)';
  if (parsed?.role === 'peephole') return 'peepholes';
  return 'bias';
}

/** Each gated layer's W_hh row: its gate blocks' ρ and σ_max, or why they are not here. */
function gateRows(
  file: TensorFile,
  layers: readonly LayerInfo[],
  limit: number,
): Map<string, Pick<TensorRow, 'gates' | 'gatesNote'>> {
  const out = new Map<string, Pick<TensorRow, 'gates' | 'gatesNote'>>();
  for (const l of layers) {
    if (l.cell === 'rnn') continue;
    const recurrent = l.tensors.find((t) => parseWeightName(t.name)?.role === 'recurrent');
    if (!recurrent) continue;
    if (l.hiddenSize > limit) {
      out.set(recurrent.name, { gatesNote: 'in the analysis panel' });
      continue;
    }
    // W_hh (and W_hr) only, released at once: the per-tensor statistics decode one tensor at a time after this.
    let read: GatedRecurrent | undefined;
    try {
      read = gatedRecurrent(file, { layer: l.layer, direction: l.direction });
      if (read) out.set(recurrent.name, { gates: gateBlockSpectra(read) });
    } catch (e) {
      if (!isInputError(e)) throw e;
      out.set(recurrent.name, { gatesNote: `not computed: ${e.problem}` });
    } finally {
      for (const t of read?.tensors ?? []) releaseTensorData(t);
    }
  }
  return out;
}
