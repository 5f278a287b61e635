// Where a tensor sits in its file, in the words of an error message.
import { jsonMemberPath } from '../formats/json';
import type { TensorFile } from '../tensors';

/** Where a tensor sits: its JSON path in a JSON file (`$.W_hh`, `$["rnn.weight_hh_l0"]`), its name elsewhere. */
export function tensorLocation(file: Pick<TensorFile, 'format'>, name: string): string {
  return file.format.startsWith('json') ? jsonMemberPath(name) : `tensor "${name}"`;
}
