// How weights are named, in one place: our JSON names, PyTorch's state_dict names, Keras' variable names, the
// gate blocks each framework stacks into one matrix, the keys of our JSON format that hold settings rather than
// tensors, and the words that spell a non-finite number. Recognition, diagnostics, hovers, statistics and the
// JSON sniff all ask here; a new framework or cell layout is one more table below.

export type CellKind = 'rnn' | 'gru' | 'lstm';
export type Direction = 'forward' | 'reverse';
export type FrameworkId = 'ours' | 'pytorch' | 'keras' | 'onnx';

/** What a stored tensor is in h_t = σ(W_hh h_{t−1} + W_xh x_t + b_h), y_t = W_hy h_t + b_y. */
export type TensorRole =
  | 'recurrent'
  | 'input'
  | 'bias'
  | 'inputBias'
  | 'recurrentBias'
  | 'output'
  | 'outputBias'
  /** An LSTM's projection h' = W_hr h' (PyTorch proj_size): P × H. */
  | 'projection'
  /** An LSTM's peepholes (ONNX P): i, o, f stacked, 3H. */
  | 'peephole';

/** What one tensor name says: its role, the module it belongs to and, where the name writes it, its layer. */
export interface NamedPart {
  readonly role: TensorRole;
  /** The prefix naming the module (PyTorch `encoder.rnn`, Keras `bidirectional/lstm/lstm_cell`); '' when none. */
  readonly module: string;
  /** The layer index the name writes (PyTorch's `_l<k>`); undefined when the layer follows from the module. */
  readonly index?: number;
  readonly direction: Direction;
}

export interface FrameworkNaming {
  readonly id: FrameworkId;
  readonly label: string;
  /** A recurrent matrix's name as users know it from this framework, for messages. */
  readonly recurrentExample: string;
  /** The stored part names and what each one is. */
  readonly parts: ReadonlyMap<string, TensorRole>;
  /** Where a cell's gate blocks are stacked in the stored recurrent matrix: g·H × H ('rows') or H × g·H ('cols'). */
  readonly gateAxis: 'rows' | 'cols';
  /** Whether stored matrices are the transposes of ours (Keras computes h·recurrent_kernel, so W_hh = recurrent_kernelᵀ). */
  readonly transposed: boolean;
  /** Whether a bias may hold several rows that add, e.g. Keras GRU with reset_after: [2, 3H] (input, recurrent). */
  readonly stackedBias: boolean;
  /** The gate blocks of every cell the framework stores, in stored order. */
  readonly gates: Readonly<Partial<Record<CellKind, readonly string[]>>>;
  /** What the framework calls each cell. */
  readonly cellNames: Readonly<Partial<Record<CellKind, string>>>;
  parse(name: string): NamedPart | undefined;
}

const alternatives = (parts: ReadonlyMap<string, TensorRole>): string => [...parts.keys()].join('|');

const OURS_PARTS: ReadonlyMap<string, TensorRole> = new Map([
  ['W_hh', 'recurrent'],
  ['W_xh', 'input'],
  ['b_h', 'bias'],
  ['b_ih', 'inputBias'],
  ['b_hh', 'recurrentBias'],
  ['W_hr', 'projection'],
  ['W_hy', 'output'],
  ['b_y', 'outputBias'],
]);

/**
 * Our JSON format: flat top-level names, one layer and an optional linear read-out. An RNN, or with
 * "cell": "lstm" | "gru" a gated cell in PyTorch's layout (gate rows i, f, g, o / r, z, n; b_ih and b_hh, or an
 * LSTM's summed b_h; an LSTM's projection W_hr).
 */
export const OURS: FrameworkNaming = {
  id: 'ours',
  label: 'RNN weights JSON',
  recurrentExample: 'W_hh',
  parts: OURS_PARTS,
  gateAxis: 'rows',
  transposed: false,
  stackedBias: false,
  gates: { rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] },
  cellNames: { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' },
  parse(name) {
    const role = OURS_PARTS.get(name);
    return role ? { role, module: '', direction: 'forward' } : undefined;
  },
};

const TORCH_PARTS: ReadonlyMap<string, TensorRole> = new Map([
  ['weight_hh', 'recurrent'],
  ['weight_ih', 'input'],
  ['bias_ih', 'inputBias'],
  ['bias_hh', 'recurrentBias'],
  ['weight_hr', 'projection'],
]);
/** `[prefix.]weight_hh_l0[_reverse]` from nn.RNN / nn.LSTM / nn.GRU; `[prefix.]weight_hh` from the *Cell modules. */
const TORCH_NAME = new RegExp(`^(?:(.*)\\.)?(${alternatives(TORCH_PARTS)})(?:_l(\\d+)(_reverse)?)?$`);

export const PYTORCH: FrameworkNaming = {
  id: 'pytorch',
  label: 'PyTorch',
  recurrentExample: 'weight_hh_l0',
  parts: TORCH_PARTS,
  gateAxis: 'rows',
  transposed: false,
  stackedBias: false,
  gates: { rnn: ['h'], gru: ['r', 'z', 'n'], lstm: ['i', 'f', 'g', 'o'] },
  cellNames: { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' },
  parse(name) {
    const m = TORCH_NAME.exec(name);
    if (!m) return undefined;
    return {
      role: TORCH_PARTS.get(m[2])!,
      module: m[1] ?? '',
      ...(m[3] === undefined ? {} : { index: Number(m[3]) }),
      direction: m[4] ? 'reverse' : 'forward',
    };
  },
};

const KERAS_PARTS: ReadonlyMap<string, TensorRole> = new Map([
  ['recurrent_kernel', 'recurrent'],
  ['kernel', 'input'],
  ['bias', 'bias'],
]);
/**
 * `simple_rnn/simple_rnn_cell/recurrent_kernel:0` (Keras 2 variable names), with `.` or `/` between parts, and
 * `layer_with_weights-0/cell/recurrent_kernel/.ATTRIBUTES/VARIABLE_VALUE` (TensorFlow checkpoint keys).
 */
const KERAS_NAME = new RegExp(
  `^(?:(.*)[./])?(${alternatives(KERAS_PARTS)})(?::\\d+)?(?:/\\.ATTRIBUTES/VARIABLE_VALUE)?$`,
);
/** Keras' Bidirectional wrapper names its two copies `forward_<layer>` and `backward_<layer>`. */
const KERAS_DIRECTION = /^(forward|backward)_(.+)$/;

export const KERAS: FrameworkNaming = {
  id: 'keras',
  label: 'Keras',
  recurrentExample: 'recurrent_kernel',
  parts: KERAS_PARTS,
  gateAxis: 'cols',
  transposed: true,
  stackedBias: true,
  gates: { rnn: ['h'], gru: ['z', 'r', 'h'], lstm: ['i', 'f', 'c', 'o'] },
  cellNames: { rnn: 'SimpleRNN', gru: 'GRU', lstm: 'LSTM' },
  parse(name) {
    const m = KERAS_NAME.exec(name);
    if (!m) return undefined;
    let direction: Direction = 'forward';
    // Both copies of a bidirectional layer get one module name, so that they make one layer with two directions.
    const module = (m[1] ?? '')
      .split(/([./])/)
      .map((segment) => {
        const d = KERAS_DIRECTION.exec(segment);
        if (!d) return segment;
        if (d[1] === 'backward') direction = 'reverse';
        return d[2];
      })
      .join('');
    return { role: KERAS_PARTS.get(m[2])!, module, direction };
  },
};

const ONNX_PARTS: ReadonlyMap<string, TensorRole> = new Map([
  ['R', 'recurrent'],
  ['W', 'input'],
  ['Wb', 'inputBias'],
  ['Rb', 'recurrentBias'],
  ['P', 'peephole'],
]);
/**
 * The ONNX reader names each direction's slice of an RNN/LSTM/GRU node's inputs `<node name>.R_l<k>[_reverse]`,
 * k the node's place among the graph's recurrent nodes (W, R, B are [directions, g·H, …]; B = [Wb, Rb]; an LSTM's
 * peepholes P are [directions, 3H], gates i, o, f).
 */
const ONNX_NAME = new RegExp(`^(?:(.*)\\.)?(${alternatives(ONNX_PARTS)})_l(\\d+)(_reverse)?$`);

export const ONNX: FrameworkNaming = {
  id: 'onnx',
  label: 'ONNX',
  recurrentExample: 'an RNN node',
  parts: ONNX_PARTS,
  gateAxis: 'rows',
  transposed: false,
  stackedBias: false,
  gates: { rnn: ['h'], gru: ['z', 'r', 'h'], lstm: ['i', 'o', 'f', 'c'] },
  cellNames: { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' },
  parse(name) {
    const m = ONNX_NAME.exec(name);
    if (!m) return undefined;
    return {
      role: ONNX_PARTS.get(m[2])!,
      module: m[1] ?? '',
      index: Number(m[3]),
      direction: m[4] ? 'reverse' : 'forward',
    };
  },
};

/** ONNX operators of recurrent layers and the cell each one is. */
export const ONNX_RECURRENT_OPS: ReadonlyMap<string, CellKind> = new Map([
  ['RNN', 'rnn'],
  ['GRU', 'gru'],
  ['LSTM', 'lstm'],
]);

/** ONNX `activations` names the analysis knows, and ours for them (the others are refused). */
export const ONNX_ACTIVATIONS: ReadonlyMap<string, 'tanh' | 'relu' | 'sigmoid'> = new Map([
  ['Tanh', 'tanh'],
  ['Relu', 'relu'],
  ['Sigmoid', 'sigmoid'],
]);

/** What ONNX assumes when a node has no `activations` attribute: Tanh for RNN (one per direction). */
export const ONNX_DEFAULT_RNN_ACTIVATION = 'Tanh';

/** What ONNX assumes for a gated node without `activations`, per direction; the only ones the analysis takes. */
export const ONNX_GATED_ACTIVATIONS: Readonly<Record<'lstm' | 'gru', readonly string[]>> = {
  lstm: ['Sigmoid', 'Tanh', 'Tanh'],
  gru: ['Sigmoid', 'Tanh'],
};

/** Keras' settings of a gated layer the analysis takes: sigmoid gates, a tanh candidate. */
export const KERAS_GATED_ACTIVATIONS: Readonly<Record<'activation' | 'recurrent_activation', string>> = {
  activation: 'tanh',
  recurrent_activation: 'sigmoid',
};

// ---- gate order ----------------------------------------------------------------------------------------------

/** The canonical gate order of each cell (PyTorch's): what every layout is permuted to. */
export const CANONICAL_GATES: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['h'],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};

/** Keras and ONNX call the candidate c (LSTM) and h (GRU) where PyTorch says g and n. */
const CANDIDATE_SYNONYMS: Readonly<Partial<Record<CellKind, ReadonlyMap<string, string>>>> = {
  lstm: new Map([['c', 'g']]),
  gru: new Map([['h', 'n']]),
};

/**
 * Where each canonical gate block sits in the framework's stored matrix: order[k] is the stored block index of
 * CANONICAL_GATES[cell][k] (Keras GRU z, r, h → [1, 0, 2]; ONNX LSTM i, o, f, c → [0, 2, 3, 1]).
 */
export function storedGateOrder(framework: FrameworkNaming, cell: CellKind): number[] {
  const stored = (framework.gates[cell] ?? []).map((g) => CANDIDATE_SYNONYMS[cell]?.get(g) ?? g);
  return CANONICAL_GATES[cell].map((gate) => {
    const index = stored.indexOf(gate);
    if (index < 0) throw new Error(`${framework.label} has no ${cell} gate ${gate}`);
    return index;
  });
}

/** The canonical gate blocks of W_hh as people write them: W_hi, W_hf, W_hg, W_ho / W_hr, W_hz, W_hn. */
export function gateBlockNames(cell: CellKind): string[] {
  return cell === 'rnn' ? ['W_hh'] : CANONICAL_GATES[cell].map((g) => `W_h${g}`);
}

/** ONNX peepholes P hold the gates i, o, f in that order. */
export const ONNX_PEEPHOLE_GATES: readonly ('i' | 'f' | 'o')[] = ['i', 'o', 'f'];

/** In the order a file is tried: the first framework that names a recurrent matrix in it owns the file. */
export const FRAMEWORKS: readonly FrameworkNaming[] = [OURS, PYTORCH, KERAS, ONNX];

export interface ParsedName extends NamedPart {
  readonly framework: FrameworkNaming;
}

/** What a tensor name means in the first framework that knows it. */
export function parseWeightName(name: string): ParsedName | undefined {
  for (const framework of FRAMEWORKS) {
    const part = framework.parse(name);
    if (part) return { ...part, framework };
  }
  return undefined;
}

/** The stored name of a role in a framework whose names carry no prefix or index (ours): `W_hy` for 'output'. */
export function partName(framework: FrameworkNaming, role: TensorRole): string | undefined {
  for (const [name, r] of framework.parts) if (r === role) return name;
  return undefined;
}

/** Names of hidden-to-hidden matrices (W_hh, weight_hh_l*, recurrent_kernel), whatever their shape. */
export function isRecurrentName(name: string): boolean {
  return parseWeightName(name)?.role === 'recurrent';
}

/** The cell whose gate blocks number `count` in this framework, if any. */
export function cellOfGateCount(framework: FrameworkNaming, count: number): CellKind | undefined {
  for (const [cell, gates] of Object.entries(framework.gates) as [CellKind, readonly string[]][]) {
    if (gates.length === count) return cell;
  }
  return undefined;
}

/**
 * The cell a stored recurrent matrix of this shape holds, and its hidden size: g·H × H (or H × g·H) with g the
 * number of gate blocks of a known cell. Undefined for any other shape.
 */
export function recurrentShape(
  framework: FrameworkNaming,
  shape: readonly number[],
): { cell: CellKind; hidden: number } | undefined {
  if (shape.length !== 2) return undefined;
  const [hidden, stacked] = framework.gateAxis === 'rows' ? [shape[1], shape[0]] : [shape[0], shape[1]];
  if (!(hidden > 0) || stacked % hidden !== 0) return undefined;
  const cell = cellOfGateCount(framework, stacked / hidden);
  return cell ? { cell, hidden } : undefined;
}

/** The shapes a recurrent matrix may have, for messages: "H×H (RNN), 3H×H (GRU) or 4H×H (LSTM)". */
export function recurrentShapesText(framework: FrameworkNaming): string {
  if (Object.keys(framework.gates).length === 1) return 'square (hidden × hidden)';
  // Ours is an RNN unless "cell" says otherwise: square first, then what each cell value asks for.
  if (framework.id === 'ours')
    return `square (hidden × hidden) for an RNN, 3H×H for "cell": "gru" or 4H×H for "cell": "lstm"`;
  const shapes = (Object.entries(framework.gates) as [CellKind, readonly string[]][])
    .sort(([, a], [, b]) => a.length - b.length)
    .map(([cell, gates]) => {
      const stacked = `${gates.length === 1 ? '' : gates.length}H`;
      const shape = framework.gateAxis === 'rows' ? `${stacked}×H` : `H×${stacked}`;
      return `${shape} (${framework.cellNames[cell] ?? cell.toUpperCase()})`;
    });
  return shapes.length === 1 ? shapes[0] : `${shapes.slice(0, -1).join(', ')} or ${shapes[shapes.length - 1]}`;
}

// ---- our JSON format's settings ------------------------------------------------------------------------------

/** The key naming the cell type: "rnn" (when absent), "lstm" or "gru". */
export const CELL_KEY = 'cell';
/** Keys naming the activation, in the order they are read: ours, then PyTorch's constructor argument. */
export const ACTIVATION_KEYS: readonly string[] = ['activation', 'nonlinearity'];
/** The key listing groups of tensors constrained equal, e.g. [["W_xh", "W_hy^T"]]. */
export const TIED_KEY = 'tied';

/** Keys of a weights JSON that hold settings, not tensors, even when their value is a list. */
const METADATA_KEYS: ReadonlySet<string> = new Set([
  CELL_KEY,
  ...ACTIVATION_KEYS,
  TIED_KEY,
  'version',
  'name',
  'description',
]);

export function isMetadataKey(key: string): boolean {
  return METADATA_KEYS.has(key);
}

/** A tied member's name ends in `^T` when the constraint holds for its transpose. */
export function tiedMember(member: string): { name: string; transposed: boolean } {
  return member.endsWith('^T') ? { name: member.slice(0, -2), transposed: true } : { name: member, transposed: false };
}

// ---- non-finite numbers --------------------------------------------------------------------------------------

/** How NaN and ±Infinity get written where JSON has no word for them (Python's json.dumps, numpy's repr, …). */
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

/** True for "NaN", "-Infinity", " inf " and the like: a non-finite number written as a word. */
export function isNonFiniteWord(text: string): boolean {
  return NON_FINITE_WORD.test(text.trim());
}

// ---- a cheap look into JSON text -----------------------------------------------------------------------------

/** Every quoted string followed by a colon: the object keys, at any depth. */
const JSON_KEY = /"((?:[^"\\]|\\.)*)"\s*:/g;

/** True when a JSON text has a key that names a recurrent matrix, without parsing the numbers. */
export function jsonNamesRecurrentMatrix(text: string): boolean {
  for (const m of text.matchAll(JSON_KEY)) {
    let key: string;
    try {
      key = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      continue;
    }
    if (isRecurrentName(key)) return true;
  }
  return false;
}
