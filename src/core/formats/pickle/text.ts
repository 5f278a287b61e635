// The text forms of pickle protocol 0: Python string escapes (STRING) and raw-unicode-escape (UNICODE).

const SIMPLE_ESCAPES = new Map<string, number>([
  ['n', 10],
  ['t', 9],
  ['r', 13],
  ['\\', 92],
  ["'", 39],
  ['"', 34],
  ['a', 7],
  ['b', 8],
  ['f', 12],
  ['v', 11],
]);

/** Decodes a Python bytes literal body (`abc\x00\n`), as `codecs.escape_decode` does; undefined if malformed. */
export function decodeEscapes(body: Uint8Array): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    i++;
    if (i >= body.length) return undefined;
    const e = String.fromCharCode(body[i]);
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) out.push(simple);
    else if (e === '\n') continue;
    else if (e === 'x') {
      const hex = String.fromCharCode(body[i + 1] ?? 0, body[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && body[i + 1] >= 0x30 && body[i + 1] <= 0x37) digits += String.fromCharCode(body[++i]);
      out.push(parseInt(digits, 8) & 0xff);
    } else {
      out.push(0x5c, body[i]); // Python keeps unknown escapes as they are
    }
  }
  return Uint8Array.from(out);
}

/** raw-unicode-escape: bytes are Latin-1 except `\uXXXX` and `\UXXXXXXXX`; undefined if an escape is bad. */
export function decodeRawUnicodeEscape(body: Uint8Array): string | undefined {
  let s = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === 0x5c && (body[i + 1] === 0x75 || body[i + 1] === 0x55)) {
      const digits = body[i + 1] === 0x75 ? 4 : 8;
      const hex = new TextDecoder('latin1').decode(body.subarray(i + 2, i + 2 + digits));
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      s += String.fromCodePoint(code);
      i += 1 + digits;
    } else {
      s += String.fromCharCode(c);
    }
  }
  return s;
}

/** Bytes of a Python 2 str as text: UTF-8 when they are, else Latin-1 (every byte maps to one character). */
export function bytesToText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}
