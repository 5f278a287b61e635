// PyTorch's persistent ids: `('storage', StorageClass, key, location, numel[, view])`, one storage per key, shared
// by every tensor that views it. The serialization reader says where each storage's bytes are.
import { InputError } from '../../errors';
import { kindOf, PyBytes, PyGlobal, PyTuple, type PyValue } from '../pickle/values';
import { StorageClassValue, TorchStorage } from './natives';

export interface StorageView {
  readonly view: TorchStorage;
  readonly root: TorchStorage;
  /** In elements of the root. */
  readonly offset: number;
}

export class StorageRegistry {
  readonly byKey = new Map<string, TorchStorage>();
  /** Legacy files only: storages that are a slice of another one. */
  readonly views: StorageView[] = [];

  constructor(
    private readonly file: string,
    /** Prefixes byte offsets in messages: `entry 'model/data.pkl' ` or ''. */
    private readonly where: string,
    /** Called once per new storage, to find its bytes now (zip) or to note it for later (legacy). */
    private readonly onNew: (storage: TorchStorage, at: number) => void,
  ) {}

  /** The unpickler's persistentLoad. */
  load = (pid: PyValue, at: number): PyValue => {
    const where = `${this.where}byte ${at}`;
    const fail = (problem: string): never => {
      throw new InputError(this.file, where, `persistent id ${problem}`);
    };
    if (!(pid instanceof PyTuple) || pid.items.length === 0) return fail(`is ${kindOf(pid)}, not a tuple`);
    const [kind, ...data] = pid.items;
    const typename = kind instanceof PyBytes ? new TextDecoder('latin1').decode(kind.bytes) : kind;
    // ('module', cls, source_file, source): a legacy whole-module save names the class it pickled
    if (typename === 'module') return data[0] ?? null;
    if (typename !== 'storage') return fail(`names '${String(typename).slice(0, 40)}' instead of a storage`);
    const [cls, rawKey, rawLocation, numel, view] = data;
    if (!(cls instanceof StorageClassValue))
      return fail(`has ${cls instanceof PyGlobal ? cls.fullName : kindOf(cls ?? null)} as its storage class`);
    if (typeof rawKey !== 'string' && typeof rawKey !== 'number') return fail('has no storage key');
    if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0)
      return fail('has no valid element count');
    const key = String(rawKey);
    const location = rawLocation instanceof PyBytes ? new TextDecoder('latin1').decode(rawLocation.bytes) : rawLocation;
    let storage = this.byKey.get(key);
    if (!storage) {
      storage = new TorchStorage(key, cls.dtype, numel, typeof location === 'string' ? location : 'cpu', '');
      this.byKey.set(key, storage);
      this.onNew(storage, at);
    } else if (storage.dtype !== cls.dtype) {
      return fail(`reads storage '${key}' as ${cls.dtype.name}, but it was ${storage.dtype.name}`);
    }
    if (view instanceof PyTuple) return this.viewOf(storage, view, fail);
    return storage;
  };

  private viewOf(root: TorchStorage, view: PyTuple, fail: (problem: string) => never): TorchStorage {
    const [viewKey, offset, size] = view.items;
    if ((typeof viewKey !== 'string' && typeof viewKey !== 'number') || !isIndex(offset) || !isIndex(size))
      return fail('has a malformed storage view (key, offset, size)');
    const key = String(viewKey);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const storage = new TorchStorage(key, root.dtype, size, root.location, `a view of storage '${root.key}'`);
    this.byKey.set(key, storage);
    this.views.push({ view: storage, root, offset });
    return storage;
  }
}

function isIndex(v: PyValue | undefined): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
