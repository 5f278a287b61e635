// NumPy .npz: a zip archive of .npy files (np.savez stores them, np.savez_compressed deflates them).
import { InputError } from '../errors';
import type { Tensor, TensorFile } from '../tensors';
import { assertFileSize, maxBytesOf, type ReaderOptions } from './limits';
import { decodeNpy } from './npy';
import { listZipMembers, unpackZipMember } from './zip';

export function readNpz(bytes: Uint8Array, file: string, opts?: ReaderOptions): TensorFile {
  assertFileSize(bytes, file, opts);
  const members = listZipMembers(bytes, file, maxBytesOf(opts));
  const tensors = new Map<string, Tensor>();
  for (const member of members) {
    if (member.name.endsWith('/')) continue; // a directory entry carries no data
    if (!member.name.endsWith('.npy')) {
      throw new InputError(file, `entry '${member.name}'`, 'an .npz may only hold .npy arrays');
    }
    const name = member.name.slice(0, -'.npy'.length);
    const image = unpackZipMember(bytes, member, file);
    tensors.set(name, decodeNpy(image, file, name, `entry '${member.name}' `));
  }
  return { file, format: 'npz', tensors, metadata: {} };
}
