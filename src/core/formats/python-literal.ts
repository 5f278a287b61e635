// The small piece of Python literal syntax an .npy header uses: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// Parsed by hand (never eval'd); nesting is capped so a hostile header cannot exhaust the stack.

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

const MAX_DEPTH = 32;

export class PyLiteralError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (message: string): never => {
    throw new PyLiteralError(pos, message);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };

  const parseString = (): string => {
    const quote = text[pos++];
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') fail('escapes are not expected in an .npy header');
      out += text[pos++];
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return out;
  };

  const parseSequence = (close: string, depth: number): PyValue[] => {
    const items: PyValue[] = [];
    skipSpace();
    while (text[pos] !== close) {
      items.push(parseValue(depth + 1));
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
      } else if (text[pos] !== close) {
        fail(`expected ',' or '${close}'`);
      }
    }
    pos++;
    return items;
  };

  const parseDict = (depth: number): { [key: string]: PyValue } => {
    const out: { [key: string]: PyValue } = Object.create(null);
    skipSpace();
    while (text[pos] !== '}') {
      if (text[pos] !== "'" && text[pos] !== '"') fail('dictionary keys must be strings');
      const key = parseString();
      skipSpace();
      if (text[pos] !== ':') fail("expected ':'");
      pos++;
      if (key in out) fail(`key '${key}' appears twice`);
      out[key] = parseValue(depth + 1);
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
      } else if (text[pos] !== '}') {
        fail("expected ',' or '}'");
      }
    }
    pos++;
    return out;
  };

  const parseValue = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const c = text[pos];
    if (c === undefined) return fail('unexpected end of header');
    if (c === "'" || c === '"') return parseString();
    if (c === '{') {
      pos++;
      return parseDict(depth);
    }
    if (c === '(' || c === '[') {
      pos++;
      return parseSequence(c === '(' ? ')' : ']', depth);
    }
    const word = /^(True|False|None|-?\d+)L?/.exec(text.slice(pos, pos + 32));
    if (!word) return fail(`unexpected character ${JSON.stringify(c)}`);
    pos += word[0].length;
    if (word[1] === 'True') return true;
    if (word[1] === 'False') return false;
    if (word[1] === 'None') return null;
    const n = Number(word[1]);
    if (!Number.isSafeInteger(n)) fail(`integer ${word[1]} is too large`);
    return n;
  };

  const value = parseValue(0);
  skipSpace();
  if (pos < text.length) fail('unexpected text after the header dictionary');
  return value;
}
