// A config file as a tree of located values, the same shape whether it was written in JSON(C) or YAML.

/** Half-open character range [start, end) into the file's text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export type Scalar = string | number | boolean | null;

export type SourceNode =
  | { readonly kind: 'object'; readonly range: TextRange; readonly entries: readonly SourceEntry[] }
  | { readonly kind: 'array'; readonly range: TextRange; readonly items: readonly SourceNode[] }
  | { readonly kind: 'scalar'; readonly range: TextRange; readonly value: Scalar };

export interface SourceEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  readonly value: SourceNode;
}

export type SourcePath = readonly (string | number)[];

/** A syntax error found while parsing, at a place in the text. */
export interface SyntaxProblem {
  readonly range: TextRange;
  readonly message: string;
}

export interface ParsedSource {
  readonly format: 'json' | 'yaml';
  readonly text: string;
  /** undefined when the file is empty or could not be parsed at all. */
  readonly root: SourceNode | undefined;
  readonly syntaxProblems: readonly SyntaxProblem[];
}

export function entryOf(node: SourceNode | undefined, key: string): SourceEntry | undefined {
  if (!node || node.kind !== 'object') return undefined;
  // The last occurrence wins, as in JSON.parse and YAML loaders that accept duplicates.
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i];
  return undefined;
}

export function nodeAt(root: SourceNode | undefined, path: SourcePath): SourceNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.kind === 'array' ? node.items[segment] : undefined;
    else node = entryOf(node, segment)?.value;
  }
  return node;
}

export function contains(range: TextRange, offset: number): boolean {
  // Inclusive end, so a cursor just after a value still counts as on it.
  return offset >= range.start && offset <= range.end;
}

/**
 * The path of keys leading to the innermost value or key at `offset`, and whether the offset is on a key.
 * Returns undefined when the offset is outside the root.
 */
export function pathAt(
  root: SourceNode | undefined,
  offset: number,
): { path: (string | number)[]; onKey: boolean } | undefined {
  if (!root || !contains(root.range, offset)) return undefined;
  const path: (string | number)[] = [];
  let node: SourceNode = root;
  for (;;) {
    if (node.kind === 'object') {
      const entry = node.entries.find((e) => contains(e.keyRange, offset) || contains(e.value.range, offset));
      if (!entry) return { path, onKey: false };
      path.push(entry.key);
      if (contains(entry.keyRange, offset) && !contains(entry.value.range, offset)) return { path, onKey: true };
      node = entry.value;
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => contains(item.range, offset));
      if (index < 0) return { path, onKey: false };
      path.push(index);
      node = node.items[index];
    } else {
      return { path, onKey: false };
    }
  }
}
