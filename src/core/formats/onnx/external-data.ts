// External data of an ONNX model: files beside the model, read through the project's read path. A location
// must stay inside the model's folder: a relative path without `..`, never absolute.
import { dirname, isAbsolute, join } from 'node:path';
import { InputError, isInputError } from '../../errors';
import { userFileSource } from '../../io/readFile';
import type { ExternalReader } from './values';

export function externalDataBeside(modelFile: string, maxBytes: number): ExternalReader {
  return (location, offset, length, where) => {
    const parts = location.split(/[\\/]/);
    if (
      location === '' ||
      isAbsolute(location) ||
      /^[a-zA-Z]:/.test(location) ||
      location.startsWith('/') ||
      location.startsWith('\\') ||
      parts.includes('..') ||
      location.includes('\0')
    ) {
      throw new InputError(
        modelFile,
        where,
        `external data location "${location}" leaves the model's folder: only files beside the model are read`,
      );
    }
    const path = join(dirname(modelFile), ...parts);
    let source: ReturnType<typeof userFileSource>;
    try {
      source = userFileSource(path, maxBytes);
    } catch (e) {
      // Named as the model's problem: the user opened the model, the data file is its part.
      if (!isInputError(e)) throw e;
      throw new InputError(modelFile, where, `external data "${location}": ${e.problem}`);
    }
    const size = length ?? source.size - offset;
    if (offset > source.size || size > source.size - offset) {
      throw new InputError(
        modelFile,
        where,
        `external data "${location}" is ${source.size} bytes, too short for ${size} bytes at offset ${offset}`,
      );
    }
    return source.read(offset, size);
  };
}
