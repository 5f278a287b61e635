// A weights JSON file (ours or a state_dict) read with source positions: every top-level tensor with the
// ranges of its key and value, its shape and values when well-formed, and the problems inside it.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { findTooDeep } from '../formats/nesting';
import { isMetadataKey, isNonFiniteWord } from '../model/naming';

export type { JsonNode };

export interface TextRange {
  /** Character offsets into the document text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export type WeightsSeverity = 'error' | 'warning';

export type WeightsDiagnosticCode =
  | 'ragged-rows'
  | 'not-a-number'
  | 'non-finite-string'
  | 'non-finite-literal'
  | 'empty-tensor'
  | 'non-square-recurrent'
  | 'unknown-cell'
  | 'cell-mismatch'
  | 'shape-mismatch'
  | 'tied-not-equal'
  | 'tied-shapes'
  | 'too-deep';

export interface WeightsDiagnostic {
  readonly range: TextRange;
  readonly severity: WeightsSeverity;
  readonly message: string;
  readonly code: WeightsDiagnosticCode;
}

export interface LocatedTensor {
  readonly name: string;
  readonly keyRange: TextRange;
  readonly valueRange: TextRange;
  /** From the first element at each depth; the tensor is well-formed only when `values` is set. */
  readonly shape: readonly number[];
  /** Row-major values, when every row has the right length and every entry is a finite number. */
  readonly values?: Float64Array;
  /** The number nodes in row-major order (for pointing at one element), when well-formed. */
  readonly elementRanges?: readonly TextRange[];
}

export interface MetadataEntry {
  readonly value: unknown;
  readonly keyRange: TextRange;
  readonly valueRange: TextRange;
  /** The parsed value with positions, for pointing inside it (e.g. one member of a tied group). */
  readonly node: JsonNode;
}

export interface WeightsJsonDocument {
  readonly tensors: ReadonlyMap<string, LocatedTensor>;
  /** Top-level entries that are not tensors (cell, activation, tied, …) with their value nodes' ranges. */
  readonly metadata: ReadonlyMap<string, MetadataEntry>;
  /** Problems inside the tensors (ragged rows, non-numbers, NaN/Infinity); see diagnoseWeightsJson for the rest. */
  readonly problems: readonly WeightsDiagnostic[];
  readonly rootRange: TextRange | undefined;
}

/** Enough to point at the pattern; a broken 1000×1000 matrix should not produce a million squiggles. */
const MAX_PROBLEMS_PER_TENSOR = 20;

export const rangeOf = (n: JsonNode): TextRange => ({ start: n.offset, end: n.offset + n.length });

export function parseWeightsJson(text: string): WeightsJsonDocument {
  const tooDeep = findTooDeep(text, 'jsonc');
  if (tooDeep) {
    const range = { start: tooDeep.offset, end: tooDeep.offset + 1 };
    const problem: WeightsDiagnostic = { range, severity: 'error', code: 'too-deep', message: tooDeep.message };
    return { tensors: new Map(), metadata: new Map(), problems: [problem], rootRange: undefined };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const tensors = new Map<string, LocatedTensor>();
  const metadata = new Map<string, MetadataEntry>();
  const problems: WeightsDiagnostic[] = [];
  // Bare NaN / Infinity are not JSON at all; the JSON service reports "invalid symbol", we say why it matters.
  for (const e of errors) {
    const word = /^[+-]?[A-Za-z]+/.exec(text.slice(e.offset, e.offset + 12))?.[0] ?? '';
    if (isNonFiniteWord(word)) {
      problems.push({
        range: { start: e.offset, end: e.offset + word.length },
        severity: 'error',
        code: 'non-finite-literal',
        message: `${word} is not valid JSON, and weights must be finite numbers anyway`,
      });
    }
  }
  if (!root || root.type !== 'object')
    return { tensors, metadata, problems, rootRange: root ? rangeOf(root) : undefined };
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode || typeof keyNode.value !== 'string') continue;
    const name = keyNode.value;
    if (valueNode.type === 'array' && !isMetadataKey(name)) {
      tensors.set(name, locateTensor(name, keyNode, valueNode, problems));
    } else {
      if (valueNode.type === 'string' && isNonFiniteWord(String(valueNode.value))) {
        problems.push({
          range: rangeOf(valueNode),
          severity: 'error',
          code: 'non-finite-string',
          message: `"${valueNode.value}" written as a string: NaN and Infinity are not valid weights`,
        });
      }
      metadata.set(name, {
        value: plainValue(valueNode),
        keyRange: rangeOf(keyNode),
        valueRange: rangeOf(valueNode),
        node: valueNode,
      });
    }
  }
  return { tensors, metadata, problems, rootRange: rangeOf(root) };
}

function plainValue(n: JsonNode): unknown {
  if (n.type === 'array') return (n.children ?? []).map(plainValue);
  if (n.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of n.children ?? []) {
      if (!p.children?.[0]) continue;
      // defineProperty, not assignment: a key "__proto__" from the file stays a plain entry.
      const value = p.children[1] ? plainValue(p.children[1]) : undefined;
      Object.defineProperty(out, String(p.children[0].value), {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return n.value;
}

function locateTensor(
  name: string,
  keyNode: JsonNode,
  valueNode: JsonNode,
  problems: WeightsDiagnostic[],
): LocatedTensor {
  const shape: number[] = [];
  for (let probe: JsonNode | undefined = valueNode; probe?.type === 'array'; probe = probe.children?.[0]) {
    shape.push(probe.children?.length ?? 0);
    if (!probe.children?.length) break;
  }
  const base = { name, keyRange: rangeOf(keyNode), valueRange: rangeOf(valueNode), shape };
  if (shape.includes(0)) {
    problems.push({
      range: rangeOf(valueNode),
      severity: 'error',
      code: 'empty-tensor',
      message: `${name} is empty (shape [${shape.join(', ')}])`,
    });
    return base;
  }
  const found: WeightsDiagnostic[] = [];
  let more = 0;
  const report = (d: WeightsDiagnostic): void => {
    if (found.length < MAX_PROBLEMS_PER_TENSOR) found.push(d);
    else more++;
  };
  const leaves: JsonNode[] = [];
  const walk = (node: JsonNode, depth: number, path: string): void => {
    if (depth < shape.length) {
      if (node.type !== 'array') {
        report({
          range: rangeOf(node),
          severity: 'error',
          code: 'ragged-rows',
          message: `${name}${path} should be a row of ${shape[depth]} entries, found ${describe(node)} (ragged rows)`,
        });
        return;
      }
      const children = node.children ?? [];
      if (children.length !== shape[depth]) {
        report({
          range: rangeOf(node),
          severity: 'error',
          code: 'ragged-rows',
          message: `${name}${path} has ${children.length} entries, expected ${shape[depth]} like ${name}${'[0]'.repeat(depth)} (ragged rows)`,
        });
      }
      children.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
      return;
    }
    if (node.type === 'number' && Number.isFinite(node.value)) {
      leaves.push(node);
    } else if (node.type === 'number') {
      report({
        range: rangeOf(node),
        severity: 'error',
        code: 'not-a-number',
        message: `${name}${path} overflows float64 (it reads as ${node.value})`,
      });
    } else if (node.type === 'string' && isNonFiniteWord(String(node.value))) {
      report({
        range: rangeOf(node),
        severity: 'error',
        code: 'non-finite-string',
        message: `${name}${path} is "${node.value}" written as a string: NaN and Infinity are not valid weights`,
      });
    } else if (node.type === 'array') {
      report({
        range: rangeOf(node),
        severity: 'error',
        code: 'ragged-rows',
        message: `${name}${path} should be a number, found a list (rows nested unevenly)`,
      });
    } else {
      report({
        range: rangeOf(node),
        severity: 'error',
        code: 'not-a-number',
        message: `${name}${path} is ${describe(node)}, not a number`,
      });
    }
  };
  walk(valueNode, 0, '');
  if (more > 0) {
    found.push({
      range: rangeOf(keyNode),
      severity: 'error',
      code: found[found.length - 1].code,
      message: `${name}: ${more} more problems like the ones marked`,
    });
  }
  problems.push(...found);
  const count = shape.reduce((a, b) => a * b, 1);
  if (found.length > 0 || leaves.length !== count) return base;
  return { ...base, values: Float64Array.from(leaves, (n) => n.value as number), elementRanges: leaves.map(rangeOf) };
}

function describe(n: JsonNode): string {
  switch (n.type) {
    case 'string':
      return `the string ${JSON.stringify(String(n.value).slice(0, 30))}`;
    case 'number':
      return `the number ${n.value}`;
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return String(n.value);
  }
}
