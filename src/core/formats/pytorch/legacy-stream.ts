// torch.save with `_use_new_zipfile_serialization=False`: five pickles back to back (the magic number, the
// protocol version 1001, sys_info, the object, the sorted storage keys), then each storage as an 8-byte
// little-endian element count and its raw bytes, in the order of the keys.
import { InputError } from '../../errors';
import { unpickle, type UnpickleResult } from '../pickle/unpickler';
import { PyList } from '../pickle/values';
import { resolveTorchGlobal } from './allowed-globals';
import { StorageRegistry } from './storages';

export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
export const LEGACY_PROTOCOL = 1001;

export interface LegacyRead {
  readonly serialization: 'legacy';
  readonly archiveName?: undefined;
  readonly version: string;
  readonly littleEndian: boolean;
  readonly pickle: UnpickleResult;
  readonly storages: StorageRegistry;
}

/** The first bytes of a legacy file as torch writes them (protocol 2, LONG1 of 10 bytes); others are possible. */
const USUAL_START = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function looksLikeLegacyTorch(bytes: Uint8Array): boolean {
  return USUAL_START.every((b, i) => bytes[i] === b);
}

export function readLegacyStream(bytes: Uint8Array, file: string): LegacyRead {
  const plain = (start: number): UnpickleResult =>
    unpickle(bytes, { file, where: '', resolveGlobal: () => undefined }, start);

  const magic = plain(0);
  if (magic.value !== LEGACY_MAGIC)
    throw new InputError(file, 'byte 0', 'not a PyTorch file: the legacy magic number is missing');
  const protocol = plain(magic.end);
  if (protocol.value !== LEGACY_PROTOCOL) {
    throw new InputError(
      file,
      `byte ${magic.end}`,
      `legacy protocol version ${String(protocol.value).slice(0, 20)} is not supported (${LEGACY_PROTOCOL} is)`,
    );
  }
  // sys_info says how the saving machine ordered bytes, but torch writes legacy storages little-endian always
  const sysInfo = plain(protocol.end);

  const order: string[] = [];
  const storages = new StorageRegistry(file, '', (storage) => {
    order.push(storage.key);
  });
  const pickle = unpickle(
    bytes,
    { file, where: '', resolveGlobal: resolveTorchGlobal, persistentLoad: storages.load },
    sysInfo.end,
  );
  const keys = plain(pickle.end);
  if (!(keys.value instanceof PyList) || !keys.value.items.every((k) => typeof k === 'string'))
    throw new InputError(file, `byte ${pickle.end}`, 'the list of storage keys is not a list of strings');
  locateStorages(bytes, file, keys.value.items as string[], keys.end, storages);
  return { serialization: 'legacy', version: String(LEGACY_PROTOCOL), littleEndian: true, pickle, storages };
}

function locateStorages(
  bytes: Uint8Array,
  file: string,
  keys: readonly string[],
  start: number,
  storages: StorageRegistry,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  for (const key of keys) {
    const storage = storages.byKey.get(key);
    if (!storage) throw new InputError(file, `byte ${at}`, `storage key '${key.slice(0, 40)}' is used by no tensor`);
    if (at + 8 > bytes.length)
      throw new InputError(file, `byte ${at}`, `the record of storage '${key}' is missing (the file ends)`);
    const count = view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
    const length = count * storage.dtype.size;
    if (at + 8 + length > bytes.length) {
      throw new InputError(
        file,
        `byte ${at}`,
        `storage '${key}' declares ${count} ${storage.dtype.name} elements (${length} bytes) but the file has ${Math.max(0, bytes.length - at - 8)} left`,
      );
    }
    const record = bytes.subarray(at + 8, at + 8 + length);
    storage.locate(length, (from, to) => record.subarray(from, to));
    storage.where = `storage '${key}' (byte ${at})`;
    at += 8 + length;
  }
  for (const { view: v, root, offset } of storages.views) {
    const begin = offset * root.dtype.size;
    const end = begin + v.numel * root.dtype.size;
    if (root.located && end <= root.byteLength)
      v.locate(end - begin, (from, to) => root.read(begin + from, begin + to)!);
  }
  for (const s of storages.byKey.values()) {
    if (!s.located) throw new InputError(file, `byte ${start}`, `storage '${s.key}' has no record in the file`);
  }
}
