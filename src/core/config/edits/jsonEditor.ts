// Edits JSON and JSONC configs with jsonc-parser's `modify`, which touches only the property concerned.
// Its own formatting pass reflows the whole line around an insertion, so instead only the inserted text is
// formatted: on its own lines in a multi-line object, inline in a one-line object such as `{ "type": "normal" }`.
import {
  applyEdits,
  findNodeAtLocation,
  format,
  modify,
  parseTree,
  type Edit,
  type FormattingOptions,
} from 'jsonc-parser';
import type { SourcePath } from '../source';
import type { TextEdit } from '../types';
import { minimalEdit, NumberText, type ConfigEditor, type EditValue } from './editor';

export class JsonConfigEditor implements ConfigEditor {
  private text: string;
  private readonly formatting: FormattingOptions;

  constructor(private readonly original: string) {
    this.text = original;
    this.formatting = detectFormatting(original);
  }

  set(path: SourcePath, value: EditValue): void {
    // An explicit null on the way (`"train": null`) is replaced by the object the rest of the path needs.
    const tree = parseTree(this.text);
    for (let depth = 1; tree && depth < path.length; depth++) {
      if (findNodeAtLocation(tree, [...path.slice(0, depth)])?.type === 'null') {
        let nested = value;
        for (let i = path.length - 1; i >= depth; i--) nested = { [String(path[i])]: nested };
        this.set(path.slice(0, depth), nested);
        return;
      }
    }
    // jsonc-parser writes values with JSON.stringify: stand-ins keep exact number texts such as 1.0.
    const literals: string[] = [];
    const plain = toPlain(value, literals);
    let next = this.applyFormatted(path, modify(this.text, [...path], plain, {}));
    literals.forEach((literal, i) => {
      next = next.replace(JSON.stringify(placeholder(i)), literal);
    });
    this.text = next;
  }

  remove(path: SourcePath): void {
    this.text = this.applyFormatted(path, modify(this.text, [...path], undefined, {}));
  }

  private applyFormatted(path: SourcePath, edits: Edit[]): string {
    let text = this.text;
    const tree = parseTree(text);
    // The deepest object on the path that exists already: the one receiving the insertion.
    let depth = path.length - 1;
    while (depth > 0 && !(tree && findNodeAtLocation(tree, [...path.slice(0, depth)]))) depth--;
    const target = tree && findNodeAtLocation(tree, [...path.slice(0, depth)]);
    const oneLine = target ? !/[\r\n]/.test(text.slice(target.offset, target.offset + target.length)) : false;
    for (const edit of [...edits].sort((x, y) => y.offset - x.offset).flatMap((e) => besideLineComment(text, e))) {
      text = applyEdits(text, [edit]);
      if (edit.content.length === 0) continue;
      const formatting = format(
        text,
        { offset: edit.offset, length: edit.content.length },
        { ...this.formatting, keepLines: oneLine },
      );
      text = applyEdits(text, formatting);
    }
    return text;
  }

  edits(): TextEdit[] {
    return minimalEdit(this.original, this.text);
  }
}

/**
 * An insertion `,"key": value` right before a line comment would push the comment onto the new property: put
 * the comma before the comment and the property after it, so the comment stays with its line.
 */
function besideLineComment(text: string, edit: Edit): Edit[] {
  if (edit.length !== 0 || !edit.content.startsWith(',')) return [edit];
  const comment = /^[ \t]*\/\/[^\r\n]*/.exec(text.slice(edit.offset));
  if (!comment) return [edit];
  const after = edit.offset + comment[0].length;
  // The sibling's indentation, taken from the line being continued.
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', edit.offset - 1) + 1))![0];
  // Later offsets first, as the loop applies them.
  return [
    { offset: after, length: 0, content: `${text.includes('\r\n') ? '\r\n' : '\n'}${indent}${edit.content.slice(1)}` },
    { offset: edit.offset, length: 0, content: ',' },
  ];
}

function placeholder(i: number): string {
  return `\u0000rnn-config-number-${i}\u0000`;
}

function toPlain(value: EditValue, literals: string[]): unknown {
  if (value instanceof NumberText) {
    literals.push(value.text);
    return placeholder(literals.length - 1);
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v, literals)]));
  }
  return value;
}

/** The file's own indentation and line ends, so inserted properties look like the rest. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? indented[1].length : 2, eol };
}
