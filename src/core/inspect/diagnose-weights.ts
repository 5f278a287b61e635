// Diagnostics for a weights JSON file as plain data with exact ranges: the problems inside tensors (from
// parseWeightsJson), a non-square recurrent matrix, shapes that disagree between tensors, and tied tensors
// whose constraint w1 = w2 is broken (with the largest difference and where it is).
import { fmt } from '../format-number';
import type { LocatedTensor, TextRange, WeightsDiagnostic, WeightsJsonDocument } from './weights-json';
import { rangeOf } from './weights-json';

/** Relative tolerance for "equal", as in the analysis's tied check: float32 round trips differ by ~6e-8. */
const TIED_EQUAL_TOLERANCE = 1e-12;
const TORCH = /^(?:(.*)\.)?(weight_hh|weight_ih|bias_ih|bias_hh)_l(\d+)(_reverse)?$/;
const KERAS = /^(?:(.*)[./])?(recurrent_kernel|kernel|bias)(?::0)?$/;
const GATE_CELLS: Record<number, string> = { 1: 'RNN', 3: 'GRU', 4: 'LSTM' };

export function diagnoseWeightsJson(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [...doc.problems];
  if (doc.tensors.has('W_hh')) out.push(...ourLayout(doc));
  else if ([...doc.tensors.keys()].some((k) => TORCH.test(k))) out.push(...torchLayout(doc));
  else out.push(...kerasLayout(doc));
  out.push(...tiedChecks(doc));
  return out.sort((a, b) => a.range.start - b.range.start);
}

const shapeText = (shape: readonly number[]): string => (shape.length === 2 ? `${shape[0]}×${shape[1]}` : `[${shape.join(', ')}]`);

function mismatch(t: LocatedTensor, message: string): WeightsDiagnostic {
  return { range: t.keyRange, severity: 'error', code: 'shape-mismatch', message };
}

function ourLayout(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [];
  const W = doc.tensors.get('W_hh')!;
  if (W.shape.length !== 2 || W.shape[0] !== W.shape[1]) {
    out.push({ range: W.keyRange, severity: 'error', code: 'non-square-recurrent', message: `W_hh must be square (hidden × hidden), found ${shapeText(W.shape)}` });
    return out;
  }
  const n = W.shape[0];
  const W_xh = doc.tensors.get('W_xh');
  if (W_xh && (W_xh.shape.length !== 2 || W_xh.shape[0] !== n)) {
    out.push(mismatch(W_xh, `W_xh is ${shapeText(W_xh.shape)}, expected ${n}×(input size): its rows must match W_hh (${n}×${n})`));
  }
  const b_h = doc.tensors.get('b_h');
  if (b_h && (b_h.shape.length !== 1 || b_h.shape[0] !== n)) out.push(mismatch(b_h, `b_h has shape ${shapeText(b_h.shape)}, expected [${n}] to match W_hh (${n}×${n})`));
  const W_hy = doc.tensors.get('W_hy');
  if (W_hy && (W_hy.shape.length !== 2 || W_hy.shape[1] !== n)) {
    out.push(mismatch(W_hy, `W_hy is ${shapeText(W_hy.shape)}, expected (output size)×${n}: its columns must match the hidden size`));
  }
  const b_y = doc.tensors.get('b_y');
  if (W_hy && b_y && W_hy.shape.length === 2 && (b_y.shape.length !== 1 || b_y.shape[0] !== W_hy.shape[0])) {
    out.push(mismatch(b_y, `b_y has shape ${shapeText(b_y.shape)}, expected [${W_hy.shape[0]}] to match W_hy (${shapeText(W_hy.shape)})`));
  }
  return out;
}

function torchLayout(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [];
  const layers = new Map<string, Map<string, LocatedTensor>>();
  for (const [name, t] of doc.tensors) {
    const m = TORCH.exec(name);
    if (!m) continue;
    const key = `${m[1] ?? ''}|${m[3]}|${m[4] ? 'reverse' : 'forward'}`;
    if (!layers.has(key)) layers.set(key, new Map());
    layers.get(key)!.set(m[2], t);
  }
  const hiddenOf = new Map<string, number>();
  for (const [key, parts] of layers) {
    const W = parts.get('weight_hh');
    if (!W) continue;
    const [rows, cols] = W.shape;
    const gates = W.shape.length === 2 && cols > 0 && rows % cols === 0 ? GATE_CELLS[rows / cols] : undefined;
    if (!gates) {
      out.push({ range: W.keyRange, severity: 'error', code: 'non-square-recurrent', message: `${W.name} must be H×H (RNN), 3H×H (GRU) or 4H×H (LSTM), found ${shapeText(W.shape)}` });
      continue;
    }
    hiddenOf.set(key, cols);
    const W_ih = parts.get('weight_ih');
    if (W_ih && (W_ih.shape.length !== 2 || W_ih.shape[0] !== rows)) {
      out.push(mismatch(W_ih, `${W_ih.name} is ${shapeText(W_ih.shape)}, expected ${rows}×(input size) to match ${W.name} (${shapeText(W.shape)}, ${gates})`));
    }
    for (const b of ['bias_ih', 'bias_hh'].map((p) => parts.get(p))) {
      if (b && (b.shape.length !== 1 || b.shape[0] !== rows)) out.push(mismatch(b, `${b.name} has shape ${shapeText(b.shape)}, expected [${rows}] to match ${W.name} (${shapeText(W.shape)})`));
    }
  }
  // Layer k > 0 reads the previous layer's output: H inputs, or 2H when that layer is bidirectional.
  for (const [key, parts] of layers) {
    const [prefix, layerText, direction] = key.split('|');
    const layer = Number(layerText);
    const W_ih = parts.get('weight_ih');
    if (layer === 0 || !W_ih || W_ih.shape.length !== 2) continue;
    const below = hiddenOf.get(`${prefix}|${layer - 1}|forward`);
    if (below === undefined) continue;
    const width = below * (layers.has(`${prefix}|${layer - 1}|reverse`) ? 2 : 1);
    if (W_ih.shape[1] !== width) {
      out.push(mismatch(W_ih, `${W_ih.name} has ${W_ih.shape[1]} columns, but layer ${layer - 1} outputs ${width} values per step (${direction} direction reads them)`));
    }
  }
  return out;
}

function kerasLayout(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [];
  const groups = new Map<string, Map<string, LocatedTensor>>();
  for (const [name, t] of doc.tensors) {
    const m = KERAS.exec(name);
    if (!m) continue;
    if (!groups.has(m[1] ?? '')) groups.set(m[1] ?? '', new Map());
    groups.get(m[1] ?? '')!.set(m[2], t);
  }
  for (const parts of groups.values()) {
    const R = parts.get('recurrent_kernel');
    if (!R) continue;
    const [rows, cols] = R.shape;
    const gates = R.shape.length === 2 && rows > 0 && cols % rows === 0 ? GATE_CELLS[cols / rows] : undefined;
    if (!gates) {
      out.push({ range: R.keyRange, severity: 'error', code: 'non-square-recurrent', message: `${R.name} must be H×H (SimpleRNN), H×3H (GRU) or H×4H (LSTM), found ${shapeText(R.shape)}` });
      continue;
    }
    const K = parts.get('kernel');
    if (K && (K.shape.length !== 2 || K.shape[1] !== cols)) out.push(mismatch(K, `${K.name} is ${shapeText(K.shape)}, expected (input size)×${cols} to match ${R.name} (${shapeText(R.shape)})`));
    const b = parts.get('bias');
    if (b && b.shape.length === 1 && b.shape[0] !== cols) out.push(mismatch(b, `${b.name} has shape ${shapeText(b.shape)}, expected [${cols}] to match ${R.name} (${shapeText(R.shape)})`));
  }
  return out;
}

interface Member {
  readonly label: string;
  readonly tensor: LocatedTensor;
  readonly transposed: boolean;
  /** Shape after the optional transpose (a vector counts as a column). */
  readonly rows: number;
  readonly cols: number;
}

function tiedChecks(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const tied = doc.metadata.get('tied');
  if (!tied || tied.node.type !== 'array') return [];
  const out: WeightsDiagnostic[] = [];
  for (const groupNode of tied.node.children ?? []) {
    if (groupNode.type !== 'array') continue;
    const members: Member[] = [];
    for (const memberNode of groupNode.children ?? []) {
      if (memberNode.type !== 'string') continue;
      const label = String(memberNode.value);
      const transposed = label.endsWith('^T');
      const tensor = doc.tensors.get(transposed ? label.slice(0, -2) : label);
      if (!tensor) {
        out.push({ range: rangeOf(memberNode), severity: 'error', code: 'tied-shapes', message: `tied member "${label}" names no tensor in this file` });
        continue;
      }
      if (!tensor.values || tensor.shape.length > 2) continue; // its own problems are reported where it is
      const [r, c] = tensor.shape.length === 2 ? tensor.shape : [tensor.shape[0], 1];
      members.push({ label, tensor, transposed, rows: transposed ? c : r, cols: transposed ? r : c });
    }
    if (members.length < 2) continue;
    const first = members[0];
    const misfit = members.find((m) => m.rows !== first.rows || m.cols !== first.cols);
    if (misfit) {
      const shapes = members.map((m) => `${m.label} is ${m.rows}×${m.cols}`).join(', ');
      out.push({ range: rangeOf(groupNode), severity: 'error', code: 'tied-shapes', message: `tied tensors must have the same shape: ${shapes}` });
      continue;
    }
    const d = largestDifference(members);
    if (d.difference > TIED_EQUAL_TOLERANCE * Math.max(d.scale, 1e-300)) {
      const m = members[d.member];
      const range: TextRange = m.tensor.elementRanges![d.storedIndex];
      const place = `${m.label}[${d.row}][${d.col}]`;
      const message = `the constraint ${members.map((x) => x.label).join(' = ')} is broken: the largest difference is ${fmt(d.difference)} at ${place} (${fmt(d.value)} vs ${fmt(d.reference)} in ${first.label})`;
      out.push({ range, severity: 'warning', code: 'tied-not-equal', message });
      out.push({ range: rangeOf(groupNode), severity: 'warning', code: 'tied-not-equal', message });
    }
  }
  return out;
}

/** Index into the stored (untransposed) row-major values of member m at logical (i, j). */
function storedIndex(m: Member, i: number, j: number): number {
  const storedCols = m.tensor.shape.length === 2 ? m.tensor.shape[1] : 1;
  return m.transposed ? j * storedCols + i : i * storedCols + j;
}

function largestDifference(members: readonly Member[]) {
  const first = members[0];
  let best = { difference: -1, member: 1, row: 0, col: 0, storedIndex: 0, value: 0, reference: 0, scale: 0 };
  let scale = 0;
  for (let i = 0; i < first.rows; i++) {
    for (let j = 0; j < first.cols; j++) {
      const reference = first.tensor.values![storedIndex(first, i, j)];
      scale = Math.max(scale, Math.abs(reference));
      for (let k = 1; k < members.length; k++) {
        const index = storedIndex(members[k], i, j);
        const value = members[k].tensor.values![index];
        const difference = Math.abs(value - reference);
        if (difference > best.difference) best = { difference, member: k, row: i, col: j, storedIndex: index, value, reference, scale: 0 };
      }
    }
  }
  return { ...best, scale };
}
