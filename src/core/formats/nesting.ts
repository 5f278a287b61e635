// How deeply a JSON, JSONC or YAML text nests its arrays and objects, measured by one loop over the characters
// before any parser runs: the parsers and the walkers after them recurse once per level, and a file of 100 000
// `[` would otherwise take them to the end of the stack. Brackets inside strings and comments do not count.
import { MAX_NESTING_DEPTH } from '../bounds';
import { InputError } from '../errors';
import { lineColumn } from './text-position';

export type NestingSyntax = 'json' | 'jsonc' | 'yaml';

export interface TooDeep {
  /** Offset of the bracket that opened level MAX + 1. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export const TOO_DEEP_MESSAGE = `nesting deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects`;

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const HASH = 0x23;
const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** Where `text` first nests deeper than `max`, or undefined. Unbalanced closers are the parser's business. */
export function findTooDeep(text: string, syntax: NestingSyntax, max = MAX_NESTING_DEPTH): TooDeep | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > max) {
        const { line, column } = lineColumn(text, i);
        return { offset: i, line, column, message: TOO_DEEP_MESSAGE };
      }
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (depth > 0) depth--;
    } else if (c === QUOTE && (syntax !== 'yaml' || startsScalar(text, i))) {
      // JSON and YAML double-quoted strings: a backslash escapes the next character.
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE || (s === NEWLINE && syntax !== 'yaml')) break;
      }
    } else if (c === APOSTROPHE && syntax === 'yaml' && startsScalar(text, i)) {
      // YAML single-quoted scalars: '' is a quote inside.
      for (i++; i < n; i++) {
        if (text.charCodeAt(i) !== APOSTROPHE) continue;
        if (text.charCodeAt(i + 1) === APOSTROPHE) i++;
        else break;
      }
    } else if (c === HASH && syntax === 'yaml' && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      while (i < n && text.charCodeAt(i) !== NEWLINE) i++;
    } else if (c === SLASH && syntax === 'jsonc') {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) while (i < n && text.charCodeAt(i) !== NEWLINE) i++;
      else if (next === STAR) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
      }
    }
  }
  return undefined;
}

/** YAML quotes open a scalar only where one starts (`it's` is a plain scalar with an apostrophe in it). */
function startsScalar(text: string, i: number): boolean {
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  return isSpace(before) || before === OPEN_BRACKET || before === OPEN_BRACE || before === 0x2c || before === 0x3a;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NEWLINE || c === 0x0d;
}

/** Throws an InputError naming `file` and the place when `text` nests deeper than the bound. */
export function assertNestingWithin(text: string, file: string, syntax: NestingSyntax, location = ''): void {
  const tooDeep = findTooDeep(text, syntax);
  if (tooDeep) {
    const at = `line ${tooDeep.line}, column ${tooDeep.column}`;
    throw new InputError(file, location ? `${location}, ${at}` : at, tooDeep.message);
  }
}
