// YAML configs → located source tree, through the `yaml` package's document model (which keeps source ranges).
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { MAX_NESTING_DEPTH } from '../bounds';
import { findTooDeep, TOO_DEEP_MESSAGE } from '../formats/nesting';
import type { ParsedSource, SourceEntry, SourceNode, SyntaxProblem } from './source';

export function parseYamlSource(text: string): ParsedSource {
  // Flow collections ([[[…) are caught before the parser; block ones (`- - - …`) in its tree, before convert.
  const flowTooDeep = findTooDeep(text, 'yaml');
  if (flowTooDeep) return tooDeep(text, flowTooDeep.offset);
  const doc = parseDocument(text, { uniqueKeys: false });
  const deepAt = doc.contents ? tooDeepOffset(doc.contents as YamlNode) : undefined;
  if (deepAt !== undefined) return tooDeep(text, deepAt);
  const syntaxProblems: SyntaxProblem[] = doc.errors.map((e) => ({
    range: { start: Math.min(e.pos[0], text.length), end: Math.min(Math.max(e.pos[1], e.pos[0] + 1), text.length) },
    // The package appends a picture of the line; the editor shows the place already.
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));
  const root = doc.contents ? convert(doc.contents as YamlNode, syntaxProblems) : undefined;
  return { format: 'yaml', text, root, syntaxProblems };
}

function tooDeep(text: string, offset: number): ParsedSource {
  const range = { start: offset, end: Math.min(offset + 1, text.length) };
  return { format: 'yaml', text, root: undefined, syntaxProblems: [{ range, message: TOO_DEEP_MESSAGE }] };
}

/** Where the tree first nests deeper than the bound, found without recursion; undefined if it does not. */
function tooDeepOffset(root: YamlNode): number | undefined {
  const stack: [YamlNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING_DEPTH) return node.range?.[0] ?? 0;
    const children: unknown[] = node.items;
    for (const child of children) {
      if (isPair(child)) {
        for (const part of [child.key, child.value])
          if (part && typeof part === 'object') stack.push([part as YamlNode, depth + 1]);
      } else if (child && typeof child === 'object') stack.push([child as YamlNode, depth + 1]);
    }
  }
  return undefined;
}

function rangeOf(node: YamlNode, fallback: number): { start: number; end: number } {
  const r = node.range;
  // range = [start, end of value, end of node incl. trailing comment]: the value's own extent is what we mark.
  return r ? { start: r[0], end: r[1] } : { start: fallback, end: fallback };
}

function convert(node: YamlNode, problems: SyntaxProblem[], fallback = 0): SourceNode {
  const range = rangeOf(node, fallback);
  if (isMap(node)) {
    const entries: SourceEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      if (!key || !isScalar(key)) {
        if (key) problems.push({ range: rangeOf(key, range.start), message: 'a key must be a plain name' });
        continue;
      }
      const keyRange = rangeOf(key, range.start);
      const value = pair.value as YamlNode | null;
      entries.push({
        key: String(key.value),
        keyRange,
        value: value
          ? convert(value, problems, keyRange.end)
          : { kind: 'scalar', range: { start: keyRange.end, end: keyRange.end }, value: null },
      });
    }
    return { kind: 'object', range, entries };
  }
  if (isSeq(node)) {
    return { kind: 'array', range, items: node.items.map((item) => convert(item as YamlNode, problems, range.start)) };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { kind: 'scalar', range, value };
  }
  if (isAlias(node)) problems.push({ range, message: 'aliases (*name) are not supported in RNN configs' });
  return { kind: 'scalar', range, value: null };
}
