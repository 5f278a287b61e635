// Diagnostics for a weights JSON file as plain data with exact ranges: the problems inside tensors (from
// parseWeightsJson), a non-square recurrent matrix, shapes that disagree between tensors, and tied tensors
// whose constraint w1 = w2 is broken (with the largest difference and where it is).
import { fmt } from '../format-number';
import { weightsLayout, type LayerGroup, type WeightsLayout } from '../model/layout';
import {
  ACTIVATION_KEYS,
  CANONICAL_GATES,
  CELL_KEY,
  OURS,
  recurrentShape,
  recurrentShapesText,
  TIED_KEY,
  tiedMember,
  type CellKind,
} from '../model/naming';
import type { LocatedTensor, TextRange, WeightsDiagnostic, WeightsJsonDocument } from './weights-json';
import { rangeOf } from './weights-json';

/** Relative tolerance for "equal", as in the analysis's tied check: float32 round trips differ by ~6e-8. */
const TIED_EQUAL_TOLERANCE = 1e-12;

export function diagnoseWeightsJson(doc: WeightsJsonDocument): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [...doc.problems];
  const layout = weightsLayout(doc.tensors.values());
  if (layout?.naming === OURS) {
    const cell = declaredCell(doc);
    if (cell === 'lstm' || cell === 'gru')
      out.push(...ourGatedLayout(layout.layers[0], cell), ...rnnSettings(doc, cell));
    else if (cell === 'rnn') out.push(...ourLayout(layout.layers[0]));
    else out.push(cell);
  } else if (layout) out.push(...stackedLayout(layout));
  out.push(...tiedChecks(doc));
  return out.sort((a, b) => a.range.start - b.range.start);
}

const shapeText = (shape: readonly number[]): string =>
  shape.length === 2 ? `${shape[0]}×${shape[1]}` : `[${shape.join(', ')}]`;

function mismatch(t: LocatedTensor, message: string): WeightsDiagnostic {
  return { range: t.keyRange, severity: 'error', code: 'shape-mismatch', message };
}

/** Our "cell" (an RNN when absent), or the diagnostic for a value that names no cell. */
function declaredCell(doc: WeightsJsonDocument): CellKind | WeightsDiagnostic {
  const entry = doc.metadata.get(CELL_KEY);
  if (!entry) return 'rnn';
  const cells = Object.keys(CANONICAL_GATES) as CellKind[];
  if (typeof entry.value === 'string' && (cells as string[]).includes(entry.value)) return entry.value as CellKind;
  return {
    range: entry.valueRange,
    severity: 'error',
    code: 'unknown-cell',
    message: `unknown cell ${JSON.stringify(entry.value)}: use "rnn", "lstm" or "gru"`,
  };
}

/** An RNN's activation in a gated file: only tanh (the candidate's) fits, anything else is refused on analysis. */
function rnnSettings(doc: WeightsJsonDocument, cell: 'lstm' | 'gru'): WeightsDiagnostic[] {
  return ACTIVATION_KEYS.flatMap((key) => {
    const entry = doc.metadata.get(key);
    if (!entry || entry.value === 'tanh') return [];
    return [
      {
        range: entry.valueRange,
        severity: 'error',
        code: 'cell-mismatch',
        message: `${key} ${JSON.stringify(entry.value)} is an RNN's setting: ${cell === 'lstm' ? 'an LSTM' : 'a GRU'}'s gates are sigmoid and its candidate tanh (leave "${key}" out)`,
      },
    ];
  });
}

/**
 * "cell": "lstm" | "gru" in PyTorch's layout: W_hh g·H × H (an LSTM with W_hr: 4H × P, W_hr P × H), W_xh g·H ×
 * input, b_ih and b_hh g·H; an LSTM's summed b_h 4H; a GRU's b_h refused (b_hn sits inside r ⊙ (…)).
 */
function ourGatedLayout(layer: LayerGroup<LocatedTensor>, cell: 'lstm' | 'gru'): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [];
  const g = CANONICAL_GATES[cell].length;
  const name = cell.toUpperCase();
  const W = layer.parts.get('recurrent')!;
  const W_hr = cell === 'lstm' ? layer.parts.get('projection') : undefined;
  const [rows, cols] = W.shape;
  const shapeRight = W.shape.length === 2 && rows % g === 0 && (W_hr ? true : rows === g * cols);
  if (!shapeRight) {
    const found = recurrentShape(OURS, W.shape)?.cell;
    const is = found
      ? ` (${found === 'rnn' ? 'an RNN' : `${found === 'lstm' ? 'an' : 'a'} ${found.toUpperCase()}`}'s shape)`
      : '';
    out.push({
      range: W.keyRange,
      severity: 'error',
      code: 'cell-mismatch',
      message: `"cell": "${cell}" needs W_hh ${g}H×${W_hr ? 'P' : 'H'} (gate rows ${CANONICAL_GATES[cell].join(', ')}), found ${shapeText(W.shape)}${is}`,
    });
    return out;
  }
  const H = rows / g;
  const width = rows;
  if (W_hr && (W_hr.shape.length !== 2 || W_hr.shape[0] !== cols || W_hr.shape[1] !== H)) {
    out.push(
      mismatch(
        W_hr,
        `W_hr is ${shapeText(W_hr.shape)}, expected ${cols}×${H} (P × H, with W_hh ${shapeText(W.shape)})`,
      ),
    );
  }
  const W_xh = layer.parts.get('input');
  if (W_xh && (W_xh.shape.length !== 2 || W_xh.shape[0] !== width)) {
    out.push(
      mismatch(W_xh, `W_xh is ${shapeText(W_xh.shape)}, expected ${width}×(input size): its gate rows must match W_hh`),
    );
  }
  const b_h = layer.parts.get('bias');
  if (b_h && cell === 'gru') {
    out.push(
      mismatch(
        b_h,
        `a GRU needs b_ih and b_hh apart ([${width}] each), not one b_h: b_hn sits inside r ⊙ (W_hn h + b_hn)`,
      ),
    );
  } else if (b_h && (b_h.shape.length !== 1 || b_h.shape[0] !== width)) {
    out.push(mismatch(b_h, `b_h has shape ${shapeText(b_h.shape)}, expected [${width}] (4H, b_ih + b_hh summed)`));
  }
  for (const b of [layer.parts.get('inputBias'), layer.parts.get('recurrentBias')]) {
    if (b && (b.shape.length !== 1 || b.shape[0] !== width)) {
      out.push(mismatch(b, `${b.name} has shape ${shapeText(b.shape)}, expected [${width}] to match W_hh (${name})`));
    }
  }
  return out;
}

/** A file without "cell" whose W_hh has a gated cell's shape: say which "cell" it would be. */
function gatedHint(shape: readonly number[]): string {
  const cell = recurrentShape(OURS, shape)?.cell;
  return cell && cell !== 'rnn'
    ? `; for ${cell === 'lstm' ? 'an' : 'a'} ${cell.toUpperCase()} write "cell": "${cell}"`
    : '';
}

function ourLayout(layer: LayerGroup<LocatedTensor>): WeightsDiagnostic[] {
  const out: WeightsDiagnostic[] = [];
  const W = layer.parts.get('recurrent')!;
  if (W.shape.length !== 2 || W.shape[0] !== W.shape[1]) {
    out.push({
      range: W.keyRange,
      severity: 'error',
      code: 'non-square-recurrent',
      message: `W_hh must be square (hidden × hidden), found ${shapeText(W.shape)}${gatedHint(W.shape)}`,
    });
    return out;
  }
  const n = W.shape[0];
  const W_xh = layer.parts.get('input');
  if (W_xh && (W_xh.shape.length !== 2 || W_xh.shape[0] !== n)) {
    out.push(
      mismatch(
        W_xh,
        `W_xh is ${shapeText(W_xh.shape)}, expected ${n}×(input size): its rows must match W_hh (${n}×${n})`,
      ),
    );
  }
  const b_h = layer.parts.get('bias');
  if (b_h && (b_h.shape.length !== 1 || b_h.shape[0] !== n))
    out.push(mismatch(b_h, `b_h has shape ${shapeText(b_h.shape)}, expected [${n}] to match W_hh (${n}×${n})`));
  const W_hy = layer.parts.get('output');
  if (W_hy && (W_hy.shape.length !== 2 || W_hy.shape[1] !== n)) {
    out.push(
      mismatch(
        W_hy,
        `W_hy is ${shapeText(W_hy.shape)}, expected (output size)×${n}: its columns must match the hidden size`,
      ),
    );
  }
  const b_y = layer.parts.get('outputBias');
  if (W_hy && b_y && W_hy.shape.length === 2 && (b_y.shape.length !== 1 || b_y.shape[0] !== W_hy.shape[0])) {
    out.push(
      mismatch(
        b_y,
        `b_y has shape ${shapeText(b_y.shape)}, expected [${W_hy.shape[0]}] to match W_hy (${shapeText(W_hy.shape)})`,
      ),
    );
  }
  return out;
}

/** PyTorch and Keras: gate-stacked matrices (g·H along the framework's gate axis), biases, and stacked layers' widths. */
function stackedLayout(layout: WeightsLayout<LocatedTensor>): WeightsDiagnostic[] {
  const { naming } = layout;
  const out: WeightsDiagnostic[] = [];
  const stacked = naming.gateAxis === 'rows' ? 0 : 1;
  const hiddenOf = new Map<LayerGroup<LocatedTensor>, number>();
  for (const layer of layout.layers) {
    const W = layer.parts.get('recurrent')!;
    const W_hr = layer.parts.get('projection');
    const recurrent = W_hr ? projectedShape(W, W_hr, out) : recurrentShape(naming, W.shape);
    if (W_hr && !recurrent) continue;
    if (!recurrent) {
      out.push({
        range: W.keyRange,
        severity: 'error',
        code: 'non-square-recurrent',
        message: `${W.name} must be ${recurrentShapesText(naming)}, found ${shapeText(W.shape)}`,
      });
      continue;
    }
    // What the layer above reads per direction: the projected size P, else the hidden size.
    hiddenOf.set(layer, W_hr ? W.shape[1] : recurrent.hidden);
    const width = W.shape[stacked];
    const cell = naming.cellNames[recurrent.cell];
    const W_ih = layer.parts.get('input');
    if (W_ih && (W_ih.shape.length !== 2 || W_ih.shape[stacked] !== width)) {
      const expected = stacked === 0 ? `${width}×(input size)` : `(input size)×${width}`;
      out.push(
        mismatch(
          W_ih,
          `${W_ih.name} is ${shapeText(W_ih.shape)}, expected ${expected} to match ${W.name} (${shapeText(W.shape)}, ${cell})`,
        ),
      );
    }
    for (const b of (['bias', 'inputBias', 'recurrentBias'] as const).map((role) => layer.parts.get(role))) {
      // A stacked bias ([k, g·H], Keras GRU with reset_after) is checked by the analysis, not here.
      if (b && (b.shape.length === 1 ? b.shape[0] !== width : !naming.stackedBias)) {
        out.push(
          mismatch(
            b,
            `${b.name} has shape ${shapeText(b.shape)}, expected [${width}] to match ${W.name} (${shapeText(W.shape)})`,
          ),
        );
      }
    }
  }
  // Layer k > 0 reads the previous layer's output: H inputs, or 2H when that layer is bidirectional.
  for (const layer of layout.layers) {
    const W_ih = layer.parts.get('input');
    if (layer.layer === 0 || !W_ih || W_ih.shape.length !== 2) continue;
    const below = layout.layers.filter((l) => l.module === layer.module && l.layer === layer.layer - 1);
    const hidden = below.find((l) => l.direction === 'forward');
    if (!hidden || !hiddenOf.has(hidden)) continue;
    const width = hiddenOf.get(hidden)! * below.length;
    const inputs = W_ih.shape[1 - stacked];
    if (inputs !== width) {
      const axis = stacked === 0 ? 'columns' : 'rows';
      out.push(
        mismatch(
          W_ih,
          `${W_ih.name} has ${inputs} ${axis}, but layer ${layer.layer - 1} outputs ${width} values per step (${layer.direction} direction reads them)`,
        ),
      );
    }
  }
  return out;
}

/** PyTorch proj_size: weight_hh 4H × P beside weight_hr P × H; undefined (with the diagnostic) otherwise. */
function projectedShape(
  W: LocatedTensor,
  W_hr: LocatedTensor,
  out: WeightsDiagnostic[],
): { cell: 'lstm'; hidden: number } | undefined {
  const [rows, P] = W.shape;
  if (W.shape.length !== 2 || rows % 4 !== 0) {
    out.push({
      range: W.keyRange,
      severity: 'error',
      code: 'non-square-recurrent',
      message: `${W.name} must be 4H×P beside the projection ${W_hr.name}, found ${shapeText(W.shape)}`,
    });
    return undefined;
  }
  if (W_hr.shape.length !== 2 || W_hr.shape[0] !== P || W_hr.shape[1] !== rows / 4) {
    out.push(
      mismatch(
        W_hr,
        `${W_hr.name} is ${shapeText(W_hr.shape)}, expected ${P}×${rows / 4} (P × H, with ${W.name} ${shapeText(W.shape)})`,
      ),
    );
    return undefined;
  }
  return { cell: 'lstm', hidden: rows / 4 };
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
  const tied = doc.metadata.get(TIED_KEY);
  if (!tied || tied.node.type !== 'array') return [];
  const out: WeightsDiagnostic[] = [];
  for (const groupNode of tied.node.children ?? []) {
    if (groupNode.type !== 'array') continue;
    const members: Member[] = [];
    for (const memberNode of groupNode.children ?? []) {
      if (memberNode.type !== 'string') continue;
      const label = String(memberNode.value);
      const { name, transposed } = tiedMember(label);
      const tensor = doc.tensors.get(name);
      if (!tensor) {
        out.push({
          range: rangeOf(memberNode),
          severity: 'error',
          code: 'tied-shapes',
          message: `tied member "${label}" names no tensor in this file`,
        });
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
      out.push({
        range: rangeOf(groupNode),
        severity: 'error',
        code: 'tied-shapes',
        message: `tied tensors must have the same shape: ${shapes}`,
      });
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
        if (difference > best.difference)
          best = { difference, member: k, row: i, col: j, storedIndex: index, value, reference, scale: 0 };
      }
    }
  }
  return { ...best, scale };
}
