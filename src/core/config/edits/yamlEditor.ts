// Edits YAML configs through the positions the `yaml` package's document model gives each node: a scalar is
// replaced in place, a new key becomes a new line at its siblings' indentation (or an entry of a flow map),
// a removed key takes its lines with it. Everything else in the file, comments included, is untouched.
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { SourcePath } from '../source';
import type { TextEdit } from '../types';
import { minimalEdit, NumberText, type ConfigEditor, type EditValue } from './editor';

export class YamlConfigEditor implements ConfigEditor {
  private text: string;

  constructor(private readonly original: string) {
    this.text = original;
  }

  set(path: SourcePath, value: EditValue): void {
    const doc = parseDocument(this.text, { uniqueKeys: false });
    // Walk down to the deepest map that exists, then set or insert the rest of the path there.
    let map: YAMLMap | undefined = isMap(doc.contents) ? (doc.contents as YAMLMap) : undefined;
    if (!map && doc.contents && !(isScalar(doc.contents) && doc.contents.value === null)) {
      throw new Error('the document is not a map');
    }
    for (let depth = 0; map; depth++) {
      const key = String(path[depth]);
      const pair = findPair(map, key);
      let rest: EditValue = value;
      for (let i = path.length - 1; i > depth; i--) rest = { [String(path[i])]: rest };
      if (!pair) return this.insertPair(map, key, rest);
      const child = pair.value as YamlNode | null;
      if (depth === path.length - 1 || isEmpty(child) || (isScalar(child) && child.value === null))
        return this.replaceValue(map, pair, rest, path.slice(0, depth + 1));
      if (!isMap(child)) throw new Error(`${key} is not a map`);
      map = child as YAMLMap;
    }
    this.insertPair(undefined, String(path[0]), nest(path.slice(1), value));
  }

  /** An existing key gets a new value: a scalar in place of the old one, or (for an empty value) a block under the key. */
  private replaceValue(map: YAMLMap, pair: Pair, value: EditValue, pairPath: SourcePath): void {
    const key = pair.key as YamlNode;
    const old = pair.value as YamlNode | null;
    const isObject = typeof value === 'object' && !(value instanceof NumberText);
    if (!isEmpty(old)) {
      if (isObject && isMap(old)) {
        // Merge key by key, so the map keeps its other entries and comments.
        for (const [k, v] of Object.entries(value)) this.set([...pairPath, k], v);
        return;
      }
      if (!isScalar(old) && isObject) throw new Error('cannot replace a list by a map');
      this.splice(old!.range![0], old!.range![1] - old!.range![0], isObject ? renderFlow(value) : renderScalar(value));
      return;
    }
    const colon = this.text.indexOf(':', key.range![1]);
    if (!isObject || map.flow) {
      this.splice(colon + 1, 0, ` ${isObject ? renderFlow(value) : renderScalar(value)}`);
      return;
    }
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    const indent = ' '.repeat(columnOf(this.text, key.range![0])) + indentStep(this.text);
    const lines = Object.entries(value).map(([k, v]) => renderBlockPair(k, v, indent, indentStep(this.text), eol));
    this.splice(endOfLine(this.text, colon + 1), 0, `${eol}${lines.join(eol)}`);
  }

  remove(path: SourcePath): void {
    const doc = parseDocument(this.text, { uniqueKeys: false });
    const parent = doc.getIn(path.slice(0, -1) as (string | number)[], true) as YamlNode | undefined;
    const map =
      path.length === 1 && isMap(doc.contents)
        ? (doc.contents as YAMLMap)
        : parent && isMap(parent)
          ? (parent as YAMLMap)
          : undefined;
    if (!map) return;
    const key = String(path[path.length - 1]);
    const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
    if (index < 0) return;
    const pair = map.items[index];
    const [start, end] = pairExtent(pair);
    if (map.flow) {
      // Take the comma that separates it from a neighbour.
      const after = /^\s*,\s*/.exec(this.text.slice(end));
      if (after) this.splice(start, end + after[0].length - start, '');
      else {
        const before = /,\s*$/.exec(this.text.slice(0, start));
        const from = before ? start - before[0].length : start;
        this.splice(from, end - from, '');
      }
      return;
    }
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = endOfLine(this.text, end);
    const next = lineEnd < this.text.length ? lineEnd + (this.text.startsWith('\r\n', lineEnd) ? 2 : 1) : lineEnd;
    this.splice(lineStart, next - lineStart, '');
  }

  edits(): TextEdit[] {
    return minimalEdit(this.original, this.text);
  }

  private insertPair(map: YAMLMap | undefined, key: string, value: EditValue): void {
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    const step = indentStep(this.text);
    if (!map || !map.range) {
      // No top-level map (an empty file): start one at the end.
      const lead = this.text.length === 0 || this.text.endsWith('\n') ? '' : eol;
      this.splice(this.text.length, 0, `${lead}${renderBlockPair(key, value, '', step, eol)}${eol}`);
      return;
    }
    if (map.flow) {
      const close = this.text.lastIndexOf('}', map.range[1] - 1);
      const empty = map.items.length === 0;
      const item = `${key}: ${typeof value === 'object' && !(value instanceof NumberText) ? renderFlow(value) : renderScalar(value)}`;
      let at = close;
      while (at > 0 && /\s/.test(this.text[at - 1])) at--;
      this.splice(at, 0, empty ? item : `, ${item}`);
      return;
    }
    const first = map.items[0];
    const last = map.items[map.items.length - 1] as Pair;
    const firstKey = first?.key as YamlNode | undefined;
    const indent = firstKey?.range ? ' '.repeat(columnOf(this.text, firstKey.range[0])) : '';
    const [, lastEnd] = pairExtent(last);
    const at = endOfLine(this.text, lastEnd);
    this.splice(at, 0, `${eol}${renderBlockPair(key, value, indent, step, eol)}`);
  }

  private splice(offset: number, length: number, newText: string): void {
    this.text = this.text.slice(0, offset) + newText + this.text.slice(offset + length);
  }
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

/** No value written at all: `key:` alone. */
function isEmpty(node: YamlNode | null): boolean {
  return !node || !node.range || node.range[0] === node.range[1];
}

function nest(path: SourcePath, value: EditValue): EditValue {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [String(path[i])]: out };
  return out;
}

/** From the key's start to the end of the value's own text (not the comment or blank lines after it). */
function pairExtent(pair: Pair): [number, number] {
  const key = pair.key as YamlNode;
  const value = pair.value as YamlNode | null;
  const start = key.range![0];
  let end = value?.range ? value.range[1] : key.range![1];
  if (end < key.range![1]) end = key.range![1];
  return [start, end];
}

function endOfLine(text: string, offset: number): number {
  // A value's end may already sit at the start of the next line (block maps): step back onto its last line.
  let at = offset;
  while (at > 0 && (text[at - 1] === '\n' || text[at - 1] === '\r')) at--;
  const newline = text.indexOf('\n', at);
  const end = newline < 0 ? text.length : newline;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function indentStep(text: string): string {
  const m = /^( +)\S/m.exec(text);
  return m ? m[1] : '  ';
}

function renderScalar(value: EditValue): string {
  if (value instanceof NumberText) return value.text;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    // Plain when YAML would read it back as the same string, quoted otherwise.
    return /^[A-Za-z_][\w.\-/]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value)
      ? value
      : JSON.stringify(value);
  }
  return renderFlow(value);
}

function renderFlow(value: { readonly [key: string]: EditValue }): string {
  const parts = Object.entries(value).map(
    ([k, v]) => `${k}: ${typeof v === 'object' && !(v instanceof NumberText) ? renderFlow(v) : renderScalar(v)}`,
  );
  return `{ ${parts.join(', ')} }`;
}

function renderBlockPair(key: string, value: EditValue, indent: string, step: string, eol: string): string {
  if (typeof value !== 'object' || value instanceof NumberText) return `${indent}${key}: ${renderScalar(value)}`;
  const inner = Object.entries(value).map(([k, v]) => renderBlockPair(k, v, indent + step, step, eol));
  return `${indent}${key}:${eol}${inner.join(eol)}`;
}
