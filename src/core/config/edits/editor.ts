// A small editing interface over a config's text, implemented once for JSON(C) and once for YAML; both end
// in one minimal text edit so that comments and formatting outside the change stay as they were.
import type { SourcePath } from '../source';
import type { TextEdit } from '../types';

/** A number written exactly as given (so 1.0 stays "1.0" rather than becoming "1"). */
export class NumberText {
  constructor(readonly text: string) {}
}

export type EditValue = string | boolean | NumberText | { readonly [key: string]: EditValue };

export interface ConfigEditor {
  /** Sets the value at path, creating missing objects on the way. */
  set(path: SourcePath, value: EditValue): void;
  /** Removes the property at path if present. */
  remove(path: SourcePath): void;
  /** The change so far, as edits against the original text (empty when nothing changed). */
  edits(): TextEdit[];
}

/** The single edit turning `before` into `after`: the differing middle between a common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return [
    { offset: prefix, length: before.length - prefix - suffix, newText: after.slice(prefix, after.length - suffix) },
  ];
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((x, y) => y.offset - x.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}
