// torch.save's zip serialization (the default since 1.6) and torch.jit.save archives: `<top>/data.pkl`, the
// storages as `<top>/data/<key>`, `<top>/byteorder` (absent = little), `<top>/version`. The top folder is any
// name. Only the directory, data.pkl and the small records are read to list the tensors; a storage's bytes are read
// by their range when a tensor's values are decoded (a view, for a file in memory): the archive is never copied.
import { InputError } from '../../errors';
import type { ByteSource } from '../../io/byteSource';
import { unpickle, type UnpickleResult } from '../pickle/unpickler';
import { listZipMembers, unpackZipMember, type ZipMember } from '../zip';
import { resolveTorchGlobal } from './allowed-globals';
import { StorageRegistry } from './storages';

export interface ArchiveRead {
  readonly serialization: 'zip' | 'torchscript';
  readonly archiveName: string;
  readonly littleEndian: boolean;
  readonly version?: string;
  readonly pickle: UnpickleResult;
  readonly storages: StorageRegistry;
}

const DATA_PKL = /^(?:([^/]+)\/)?data\.pkl$/;

/** The top folder of a torch zip (the prefix of its data.pkl), or undefined if it has none. */
export function torchArchiveName(members: readonly ZipMember[]): string | undefined {
  for (const m of members) {
    const match = DATA_PKL.exec(m.name);
    if (match) return match[1] ?? '';
  }
  return undefined;
}

export function readTorchArchive(source: ByteSource, file: string, maxBytes: number): ArchiveRead {
  const members = listZipMembers(source, file, maxBytes);
  const byName = new Map(members.map((m) => [m.name, m]));
  const top = torchArchiveName(members);
  if (top === undefined) {
    throw new InputError(
      file,
      'zip archive',
      'holds no data.pkl, so it is not a PyTorch checkpoint (torch.save writes <name>/data.pkl)',
    );
  }
  const prefix = top ? `${top}/` : '';
  const text = (name: string): string | undefined => {
    const m = byName.get(prefix + name);
    return m ? new TextDecoder('latin1').decode(unpackZipMember(source, m, file)).trim() : undefined;
  };
  const isScript = byName.has(`${prefix}constants.pkl`) || members.some((m) => m.name.startsWith(`${prefix}code/`));
  const order = text('byteorder') ?? 'little';
  if (order !== 'little' && order !== 'big')
    throw new InputError(
      file,
      `entry '${prefix}byteorder'`,
      `byte order '${order.slice(0, 20)}' is neither little nor big`,
    );
  const version = text('version') ?? text('.data/version');

  const storages = new StorageRegistry(file, `entry '${prefix}data.pkl' `, (storage, at) => {
    const name = `${prefix}data/${storage.key}`;
    const member = byName.get(name);
    storage.where = `entry '${name}'`;
    if (!member) {
      throw new InputError(
        file,
        `entry '${prefix}data.pkl' byte ${at}`,
        `storage '${storage.key}' has no record '${name}'`,
      );
    }
    // Storages are written uncompressed: a stored member is its range of the file, read when its values are
    // decoded (its CRC is not computed, so opening a large checkpoint does not read every byte of it).
    storage.locate(member.size, (from, to) =>
      member.method === 0
        ? source.read(member.dataStart + from, to - from)
        : unpackZipMember(source, member, file).subarray(from, to),
    );
  });
  const dataPkl = byName.get(`${prefix}data.pkl`) as ZipMember;
  const pickleBytes = unpackZipMember(source, dataPkl, file);
  const pickle = unpickle(pickleBytes, {
    file,
    where: `entry '${dataPkl.name}' `,
    resolveGlobal: resolveTorchGlobal,
    persistentLoad: storages.load,
  });
  return {
    serialization: isScript ? 'torchscript' : 'zip',
    archiveName: top,
    littleEndian: order === 'little',
    ...(version !== undefined ? { version } : {}),
    pickle,
    storages,
  };
}
