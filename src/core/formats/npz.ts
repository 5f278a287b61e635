// NumPy .npz: a zip archive of .npy files (np.savez stores them, np.savez_compressed deflates them).
// Each member's .npy header is inflated alone, up front (names, shapes, dtypes); its array is inflated and
// widened only when used, within the request's memory budget.
import { InputError } from '../errors';
import type { Tensor, TensorFile } from '../tensors';
import { assertFileSize, maxBytesOf, MemoryBudget, type ReaderOptions } from './limits';
import { npyTensor } from './npy';
import { listZipMembers, unpackZipMember, unpackZipPrefix } from './zip';

export function readNpz(bytes: Uint8Array, file: string, opts?: ReaderOptions): TensorFile {
  assertFileSize(bytes, file, opts);
  const budget = opts?.budget ?? new MemoryBudget();
  const members = listZipMembers(bytes, file, maxBytesOf(opts));
  const tensors = new Map<string, Tensor>();
  for (const member of members) {
    if (member.name.endsWith('/')) continue; // a directory entry carries no data
    if (!member.name.endsWith('.npy')) {
      throw new InputError(file, `entry '${member.name}'`, 'an .npz may only hold .npy arrays');
    }
    const name = member.name.slice(0, -'.npy'.length);
    const tensor = npyTensor({
      file,
      name,
      where: `entry '${member.name}' `,
      size: member.size,
      readPrefix: (length) => unpackZipPrefix(bytes, member, file, length),
      readData: (offset, length) => unpackZipMember(bytes, member, file).subarray(offset, offset + length),
      scratchBytes: member.method === 0 ? 0 : member.size,
      budget,
    });
    tensors.set(name, tensor);
  }
  return { file, format: 'npz', tensors, metadata: {} };
}
