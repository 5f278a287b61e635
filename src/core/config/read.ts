// Source tree → typed config, reporting every value that is of the wrong kind or out of range.
import { ACTIVATION_NAMES, isActivationName, type ActivationName } from '../rnn/activations';
import { CLOSED_OBJECTS } from './keys';
import {
  CELL_NAMES,
  INIT_TYPES,
  type Field,
  type InitType,
  type RecurrentInitConfig,
  type RnnConfig,
  type TiedGroupConfig,
} from './model';
import { entryOf, type SourceEntry, type SourceNode, type TextRange } from './source';
import type { ConfigDiagnostic } from './types';

/** Which parameter each init type reads. */
export const INIT_PARAMETER: Readonly<Record<InitType, 'std' | 'a' | 'gain' | 'scale' | undefined>> = {
  normal: 'std',
  uniform: 'a',
  orthogonal: 'gain',
  identity: 'scale',
  xavier_uniform: 'gain',
  xavier_normal: 'gain',
  pytorch_default: undefined,
};

export interface ReadResult {
  readonly config: RnnConfig;
  readonly problems: ConfigDiagnostic[];
}

export function readConfig(root: SourceNode | undefined): ReadResult {
  const problems: ConfigDiagnostic[] = [];
  const invalid = (range: TextRange, message: string): void => {
    problems.push({ range, severity: 'error', message, code: 'invalid-value' });
  };
  if (!root) return { config: {}, problems };
  if (root.kind !== 'object') {
    invalid(root.range, 'A config is an object with the keys model, data, train, weights and tied.');
    return { config: {}, problems };
  }
  reportUnknownKeys(root, '', problems);

  const section = (key: string): SourceNode | undefined => {
    const entry = entryOf(root, key);
    if (!entry) return undefined;
    if (entry.value.kind !== 'object') {
      invalid(entry.value.range, `"${key}" must be an object.`);
      return undefined;
    }
    return entry.value;
  };
  const model = section('model');
  const data = section('data');
  const train = section('train');
  if (model) reportUnknownKeys(model, 'model', problems);

  const field = <T>(
    parent: SourceNode | undefined,
    key: string,
    check: (v: unknown, e: SourceEntry) => T | undefined,
  ): Field<T> | undefined => {
    const entry = entryOf(parent, key);
    if (!entry) return undefined;
    const raw = entry.value.kind === 'scalar' ? entry.value.value : undefined;
    const value = check(raw, entry);
    return value === undefined ? undefined : { value, range: entry.value.range, keyRange: entry.keyRange };
  };
  const positiveInteger =
    (name: string) =>
    (v: unknown, e: SourceEntry): number | undefined => {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
      invalid(e.value.range, `${name} must be a positive integer, not ${describe(e.value)}.`);
      return undefined;
    };
  const positiveNumber =
    (name: string) =>
    (v: unknown, e: SourceEntry): number | undefined => {
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
      invalid(e.value.range, `${name} must be a positive number, not ${describe(e.value)}.`);
      return undefined;
    };

  const config: RnnConfig = {
    cell: field(model, 'cell', (v, e) => {
      const known = CELL_NAMES.find((c) => c === v);
      if (known) return known;
      invalid(e.value.range, `Unsupported cell ${describe(e.value)}: the cells analysed are ${CELL_NAMES.join(', ')}.`);
      return undefined;
    }),
    forgetBias: field(model, 'forget_bias', (v, e) => {
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      invalid(e.value.range, `forget_bias must be a number, not ${describe(e.value)}.`);
      return undefined;
    }),
    hiddenSize: field(model, 'hidden_size', positiveInteger('hidden_size')),
    inputSize: field(model, 'input_size', positiveInteger('input_size')),
    activation: field(model, 'activation', (v, e): ActivationName | undefined => {
      if (isActivationName(v)) return v;
      invalid(e.value.range, `Unknown activation ${describe(e.value)}: use one of ${ACTIVATION_NAMES.join(', ')}.`);
      return undefined;
    }),
    recurrentInit: readInit(entryOf(model, 'recurrent_init'), problems),
    seqLen: field(data, 'seq_len', positiveInteger('seq_len')),
    clipGradNorm: field(train, 'clip_grad_norm', (v, e) =>
      v === null ? null : positiveNumber('clip_grad_norm')(v, e),
    ),
    lr: field(train, 'lr', positiveNumber('lr')),
    weights: field(root, 'weights', (v, e) => {
      if (typeof v === 'string' && v.trim() !== '') return v;
      invalid(e.value.range, `weights must be a path to a saved weights file, not ${describe(e.value)}.`);
      return undefined;
    }),
    tied: readTied(entryOf(root, 'tied'), problems),
  };
  const forgetBias = entryOf(model, 'forget_bias');
  if (forgetBias && config.forgetBias && config.cell?.value !== 'lstm') {
    problems.push({
      range: forgetBias.keyRange,
      severity: 'warning',
      message: `forget_bias is read for an LSTM only (model.cell: lstm); ${config.cell ? `a ${config.cell.value.toUpperCase()}` : 'this model, an RNN by default,'} has no forget gate.`,
      code: 'unknown-key',
    });
  }
  return { config, problems };
}

function readInit(entry: SourceEntry | undefined, problems: ConfigDiagnostic[]): RecurrentInitConfig | undefined {
  if (!entry) return undefined;
  const node = entry.value;
  const invalid = (range: TextRange, message: string): void => {
    problems.push({ range, severity: 'error', message, code: 'invalid-value' });
  };
  if (node.kind !== 'object') {
    invalid(node.range, 'recurrent_init must be an object such as {"type": "orthogonal", "gain": 1}.');
    return undefined;
  }
  reportUnknownKeys(node, 'model.recurrent_init', problems);
  const typeEntry = entryOf(node, 'type');
  let type: Field<InitType> | undefined;
  if (!typeEntry) {
    invalid(entry.keyRange, `recurrent_init needs a type: ${INIT_TYPES.join(', ')}.`);
  } else {
    const v = typeEntry.value.kind === 'scalar' ? typeEntry.value.value : undefined;
    if (typeof v === 'string' && (INIT_TYPES as readonly string[]).includes(v)) {
      type = { value: v as InitType, range: typeEntry.value.range, keyRange: typeEntry.keyRange };
    } else {
      invalid(
        typeEntry.value.range,
        `Unknown init type ${describe(typeEntry.value)}: use one of ${INIT_TYPES.join(', ')}.`,
      );
    }
  }
  const parameter = (key: 'std' | 'a' | 'gain' | 'scale', nonNegative: boolean): Field<number> | undefined => {
    const p = entryOf(node, key);
    if (!p) return undefined;
    const v = p.value.kind === 'scalar' ? p.value.value : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      invalid(p.value.range, `${key} must be a number, not ${describe(p.value)}.`);
      return undefined;
    }
    if (nonNegative && v < 0) {
      invalid(
        p.value.range,
        `${key} must be ≥ 0, not ${v}${key === 'std' ? ': a standard deviation cannot be negative' : ''}.`,
      );
      return undefined;
    }
    if (type && INIT_PARAMETER[type.value] !== key) {
      const uses = INIT_PARAMETER[type.value];
      problems.push({
        range: p.keyRange,
        severity: 'warning',
        message: `${key} is ignored by a ${type.value} init${uses ? `, which reads ${uses}` : ', which has no parameter'}.`,
        code: 'unknown-key',
      });
    }
    return { value: v, range: p.value.range, keyRange: p.keyRange };
  };
  const result: RecurrentInitConfig = {
    range: node.range,
    keyRange: entry.keyRange,
    type,
    std: parameter('std', true),
    a: parameter('a', true),
    gain: parameter('gain', true),
    scale: parameter('scale', false),
  };
  if (type && (type.value === 'normal' || type.value === 'uniform')) {
    const needed = INIT_PARAMETER[type.value] as 'std' | 'a';
    if (!entryOf(node, needed)) invalid(type.range, `A ${type.value} init needs ${needed}.`);
  }
  return result;
}

function readTied(entry: SourceEntry | undefined, problems: ConfigDiagnostic[]): RnnConfig['tied'] {
  if (!entry) return undefined;
  const shape = 'tied must be a list of groups of tensor names, e.g. [["W_xh", "W_hy^T"]].';
  const invalid = (range: TextRange, message: string): void => {
    problems.push({ range, severity: 'error', message, code: 'invalid-value' });
  };
  if (entry.value.kind !== 'array') {
    invalid(entry.value.range, shape);
    return undefined;
  }
  const groups: TiedGroupConfig[] = [];
  for (const group of entry.value.items) {
    if (group.kind !== 'array') {
      invalid(group.range, shape);
      continue;
    }
    const members: Field<string>[] = [];
    for (const item of group.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') {
        members.push({ value: item.value.trim(), range: item.range, keyRange: item.range });
      } else {
        invalid(item.range, `A tied member is a tensor name, not ${describe(item)}.`);
      }
    }
    if (group.items.length < 2) invalid(group.range, 'A tied group needs at least two tensor names.');
    groups.push({ range: group.range, members });
  }
  return { range: entry.value.range, groups };
}

function reportUnknownKeys(node: SourceNode, path: string, problems: ConfigDiagnostic[]): void {
  const known = Object.hasOwn(CLOSED_OBJECTS, path) ? CLOSED_OBJECTS[path] : undefined; // path comes from the file
  if (!known || node.kind !== 'object') return;
  for (const entry of node.entries) {
    if (known.includes(entry.key)) continue;
    const where = path === '' ? 'at the top level' : `in ${path}`;
    problems.push({
      range: entry.keyRange,
      severity: 'warning',
      message: `Unknown key "${entry.key}" ${where}: expected one of ${known.filter((k) => k !== '$schema').join(', ')}.`,
      code: 'unknown-key',
    });
  }
}

/** A value as the user wrote it, for messages. */
export function describe(node: SourceNode): string {
  if (node.kind === 'object') return 'an object';
  if (node.kind === 'array') return 'a list';
  const v = node.value;
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}
