// A user's file as text. V8 holds at most 2^29 − 24 UTF-16 units in one string: past that, decoding throws an
// error that names no file, so it is refused here as the file's problem.
import { InputError } from '../errors';
import { formatBytes } from '../formats/limits';

export const MAX_TEXT_CHARS = 0x1fffffe8;
export const TEXT_TOO_LARGE = `is too large to read as text (a JavaScript string holds at most ${formatBytes(MAX_TEXT_CHARS)})`;

export function decodeUserText(bytes: Uint8Array, file: string): string {
  // A UTF-16 unit takes at most 3 bytes of UTF-8: past 3× the limit no decoding can fit (and none is tried).
  if (bytes.length > MAX_TEXT_CHARS * 3) throw new InputError(file, '', TEXT_TOO_LARGE);
  try {
    return new TextDecoder('utf-8').decode(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof RangeError || code === 'ERR_STRING_TOO_LONG') throw new InputError(file, '', TEXT_TOO_LARGE);
    throw e;
  }
}
