// A pickle virtual machine that executes nothing: protocols 0–5, every opcode. Globals resolve through the
// caller's allow-list; any other global becomes an inert PyGlobal, and calling or instantiating it gives a
// PyObject that keeps the class name and its arguments. Limits follow the stream's own length.
import { InputError } from '../../errors';
import { bytesToText, decodeEscapes, decodeRawUnicodeEscape } from './text';
import {
  kindOf,
  PyBytes,
  PyCallable,
  PyDict,
  PyGlobal,
  PyList,
  PyNative,
  PyObject,
  PySet,
  PyTuple,
  type PyValue,
} from './values';

export const HIGHEST_PROTOCOL = 5;
/** Honest pickles nest a few dozen levels; this keeps the walkers of the result far from the call-stack limit. */
export const MAX_MARK_DEPTH = 1000;
/** Python ints longer than this (in bytes) are refused: no weight file needs them, and parsing them costs. */
export const MAX_INT_BYTES = 1024;

export interface UnpickleOptions {
  readonly file: string;
  /** Prefixes every location: `entry 'model/data.pkl' ` for a zip member, '' for a stream in the file itself. */
  readonly where: string;
  /** Added to byte offsets in messages (where the stream starts in the file, for the legacy format). */
  readonly baseOffset?: number;
  /** The allowed globals: a value for `module.name`, or undefined for a placeholder. */
  readonly resolveGlobal: (module: string, name: string) => PyValue | undefined;
  /** PyTorch's persistent ids (storages); without it a persistent id is refused. */
  readonly persistentLoad?: (pid: PyValue, at: number) => PyValue;
}

export interface UnpickleResult {
  readonly value: PyValue;
  /** Offset just past the STOP opcode (relative to `bytes`). */
  readonly end: number;
  readonly protocol: number;
  /** Globals that were not allowed, with the byte offset of their first use (absolute, as in messages). */
  readonly placeholderGlobals: ReadonlyMap<string, number>;
}

/** Thrown by an allowed callable whose arguments are wrong; the unpickler adds the place. */
export class PickleCallError extends Error {}

// Python 2 module names that Python 3's unpickler maps for protocols 0–2 (the ones weight files and attacks use),
// so that a placeholder carries the name Python would have looked up.
const PY2_MODULES = new Map([
  ['__builtin__', 'builtins'],
  ['copy_reg', 'copyreg'],
  ['exceptions', 'builtins'],
  ['commands', 'subprocess'],
  ['cPickle', 'pickle'],
  ['UserDict', 'collections'],
  ['urllib2', 'urllib.request'],
]);

export function unpickle(bytes: Uint8Array, options: UnpickleOptions, start = 0): UnpickleResult {
  return new Machine(bytes, options, start).run();
}

class Machine {
  private pos: number;
  private readonly stack: PyValue[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly placeholders = new Map<string, number>();
  private readonly view: DataView;
  private protocol = 0;
  /** Byte offset of the opcode being run. */
  private at = 0;
  private readonly maxStack: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly options: UnpickleOptions,
    start: number,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Each push takes at least one opcode byte, so an honest stack never outgrows the stream.
    this.maxStack = bytes.length - start + 1;
  }

  private fail(problem: string, at = this.at): never {
    throw new InputError(
      this.options.file,
      `${this.options.where}byte ${at + (this.options.baseOffset ?? 0)}`,
      problem,
    );
  }

  run(): UnpickleResult {
    for (;;) {
      this.at = this.pos;
      if (this.pos >= this.bytes.length) this.fail('the pickle ends before its STOP opcode (truncated?)');
      const op = this.bytes[this.pos++];
      if (op === 0x2e) {
        // STOP
        if (this.marks.length > 0) this.fail('STOP inside an unclosed MARK');
        if (this.stack.length !== 1) this.fail(`STOP with ${this.stack.length} values on the stack instead of one`);
        return {
          value: this.stack[0],
          end: this.pos,
          protocol: this.protocol,
          placeholderGlobals: this.placeholders,
        };
      }
      this.step(op);
      if (this.stack.length > this.maxStack) this.fail('the pickle stack outgrows the stream');
    }
  }

  // ---- reading the stream ----

  private need(n: number, what: string): void {
    if (!(n >= 0) || this.pos + n > this.bytes.length) {
      this.fail(`${what} of ${n} bytes runs past the end of the pickle (${this.bytes.length - this.pos} left)`);
    }
  }
  private take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private u8(): number {
    this.need(1, 'an argument');
    return this.bytes[this.pos++];
  }
  private u16(): number {
    this.need(2, 'an argument');
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  private u32(): number {
    this.need(4, 'an argument');
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private i32(): number {
    this.need(4, 'an argument');
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private u64(): number {
    this.need(8, 'an argument');
    const v = this.view.getUint32(this.pos + 4, true) * 2 ** 32 + this.view.getUint32(this.pos, true);
    this.pos += 8;
    return v;
  }
  private line(): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('a text argument has no end of line before the end of the pickle');
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }
  private lineText(): string {
    return new TextDecoder('latin1').decode(this.line());
  }
  private utf8(n: number): string {
    return new TextDecoder('utf-8').decode(this.take(n, 'a string'));
  }

  // ---- the stack ----

  private push(v: PyValue): void {
    this.stack.push(v);
  }
  private pop(): PyValue {
    if (this.stack.length <= (this.marks.at(-1) ?? 0)) this.fail('the opcode needs a value but the stack is empty');
    return this.stack.pop() as PyValue;
  }
  private top(): PyValue {
    if (this.stack.length <= (this.marks.at(-1) ?? 0)) this.fail('the opcode needs a value but the stack is empty');
    return this.stack[this.stack.length - 1];
  }
  private mark(): void {
    if (this.marks.length >= MAX_MARK_DEPTH) this.fail(`MARKs nest deeper than ${MAX_MARK_DEPTH} levels`);
    this.marks.push(this.stack.length);
  }
  private popMark(): PyValue[] {
    const m = this.marks.pop();
    if (m === undefined) this.fail('the opcode needs a MARK but there is none');
    return this.stack.splice(m);
  }
  private memoGet(index: number): void {
    const v = this.memo.get(index);
    if (v === undefined) this.fail(`memo entry ${index} is read before it is written`);
    this.push(v);
  }
  private memoPut(index: number): void {
    this.memo.set(index, this.top());
  }

  // ---- values ----

  private int(n: number | bigint): number | bigint {
    if (typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER))
      return Number(n);
    return n;
  }

  /** Little-endian two's complement, as LONG1/LONG4 store it. */
  private long(n: number): number | bigint {
    if (n > MAX_INT_BYTES) this.fail(`an integer of ${n} bytes is longer than the ${MAX_INT_BYTES}-byte limit`);
    const b = this.take(n, 'an integer');
    if (n === 0) return 0;
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
    return this.int(v);
  }

  private decimal(text: string, what: string): number | bigint {
    const t = text.trim().replace(/L$/, '');
    if (!/^[+-]?\d+$/.test(t)) this.fail(`${what} '${text.slice(0, 40)}' is not an integer`);
    if (t.length > MAX_INT_BYTES * 3) this.fail(`an integer of ${t.length} digits is over the limit`);
    return this.int(BigInt(t));
  }

  private global(module: string, name: string): PyValue {
    const m = (this.protocol < 3 ? PY2_MODULES.get(module) : undefined) ?? module;
    const allowed = this.options.resolveGlobal(m, name);
    if (allowed !== undefined) return allowed;
    const g = new PyGlobal(m, name);
    if (!this.placeholders.has(g.fullName)) this.placeholders.set(g.fullName, this.at + (this.options.baseOffset ?? 0));
    return g;
  }

  /** REDUCE and NEWOBJ: an allowed callable runs its (inert) rule; anything else becomes a placeholder. */
  private call(callee: PyValue, args: PyValue, kwargs: PyValue | undefined, opcode: string): PyValue {
    if (!(args instanceof PyTuple)) this.fail(`${opcode} needs an argument tuple, found ${kindOf(args)}`);
    if (callee instanceof PyCallable) {
      if (kwargs !== undefined && !(kwargs instanceof PyDict && kwargs.entries.size === 0))
        return new PyObject(callee.fullName, args.items, kwargs);
      try {
        return callee.call(args.items, this.at);
      } catch (e) {
        if (e instanceof PickleCallError) this.fail(`${opcode} of ${callee.fullName}: ${e.message}`);
        throw e;
      }
    }
    if (callee instanceof PyGlobal) return new PyObject(callee.fullName, args.items, kwargs);
    if (callee instanceof PyObject) return new PyObject(`${callee.className}()`, args.items, kwargs);
    this.fail(`${opcode} calls ${kindOf(callee)}, which is not callable`);
  }

  private build(target: PyValue, state: PyValue): void {
    if (target instanceof PyObject) target.state = state;
    else if (target instanceof PyDict) {
      // argparse.Namespace and dict subclasses: the state is their attributes
      if (target.className === 'argparse.Namespace' && state instanceof PyDict) {
        for (const { key, value } of state.entries.values()) target.set(key, value);
      } else target.attributes = state;
    } else if (target instanceof PyNative) {
      // A tensor's or storage's own state (hooks, flags): nothing the weights depend on
    } else this.fail(`BUILD sets the state of ${kindOf(target)}, which takes none`);
  }

  private setItems(target: PyValue, items: readonly PyValue[]): void {
    if (items.length % 2 !== 0) this.fail('SETITEMS has an odd number of values (a key without its value)');
    const dict = target instanceof PyDict ? target : target instanceof PyObject ? target.dictItems : undefined;
    if (!dict) this.fail(`SETITEM on ${kindOf(target)}, which is not a dict`);
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
  }

  private appendItems(target: PyValue, items: readonly PyValue[]): void {
    const list = target instanceof PyList ? target.items : target instanceof PyObject ? target.listItems : undefined;
    if (!list) this.fail(`APPEND on ${kindOf(target)}, which is not a list`);
    for (const item of items) list.push(item);
  }

  private persistent(pid: PyValue): void {
    if (!this.options.persistentLoad) this.fail('a persistent id, which this file may not hold');
    this.push(this.options.persistentLoad(pid, this.at + (this.options.baseOffset ?? 0)));
  }

  private textString(raw: Uint8Array): string {
    const q = raw[0];
    if (raw.length < 2 || (q !== 0x27 && q !== 0x22) || raw[raw.length - 1] !== q)
      this.fail('STRING argument is not a quoted string');
    const decoded = decodeEscapes(raw.subarray(1, raw.length - 1));
    if (!decoded) this.fail('STRING argument has a malformed escape');
    return bytesToText(decoded);
  }

  private step(op: number): void {
    switch (op) {
      case 0x80: {
        const p = this.u8();
        if (p > HIGHEST_PROTOCOL) this.fail(`pickle protocol ${p} is not supported (0 to ${HIGHEST_PROTOCOL} are)`);
        this.protocol = p;
        return;
      }
      case 0x95: // FRAME: a length hint only
        this.need(this.u64(), 'a frame');
        return;
      case 0x28:
        return this.mark();
      case 0x30:
        this.pop();
        return;
      case 0x31:
        this.popMark();
        return;
      case 0x32:
        return this.push(this.top());
      // ---- numbers ----
      case 0x4e:
        return this.push(null);
      case 0x88:
        return this.push(true);
      case 0x89:
        return this.push(false);
      case 0x4a:
        return this.push(this.i32());
      case 0x4b:
        return this.push(this.u8());
      case 0x4d:
        return this.push(this.u16());
      case 0x8a:
        return this.push(this.long(this.u8()));
      case 0x8b: {
        const n = this.i32();
        if (n < 0) this.fail('LONG4 has a negative length');
        return this.push(this.long(n));
      }
      case 0x49: {
        const t = this.lineText();
        if (t === '00') return this.push(false);
        if (t === '01') return this.push(true);
        return this.push(this.decimal(t, 'INT'));
      }
      case 0x4c:
        return this.push(this.decimal(this.lineText(), 'LONG'));
      case 0x46: {
        const t = this.lineText().trim();
        const special = new Map([
          ['inf', Infinity],
          ['-inf', -Infinity],
          ['nan', NaN],
        ]).get(t.toLowerCase());
        const v = special ?? Number(t);
        if (t === '' || (special === undefined && Number.isNaN(v)))
          this.fail(`FLOAT '${t.slice(0, 40)}' is not a number`);
        return this.push(v);
      }
      case 0x47: {
        this.need(8, 'BINFLOAT');
        const v = this.view.getFloat64(this.pos, false);
        this.pos += 8;
        return this.push(v);
      }
      // ---- strings and bytes ----
      case 0x53:
        return this.push(this.textString(this.line()));
      case 0x54: {
        const n = this.i32();
        if (n < 0) this.fail('BINSTRING has a negative length');
        return this.push(bytesToText(this.take(n, 'a string')));
      }
      case 0x55:
        return this.push(bytesToText(this.take(this.u8(), 'a string')));
      case 0x56: {
        const s = decodeRawUnicodeEscape(this.line());
        if (s === undefined) this.fail('UNICODE argument has a malformed escape');
        return this.push(s);
      }
      case 0x58:
        return this.push(this.utf8(this.u32()));
      case 0x8c:
        return this.push(this.utf8(this.u8()));
      case 0x8d:
        return this.push(this.utf8(this.u64()));
      case 0x42:
        return this.push(new PyBytes(this.take(this.u32(), 'bytes')));
      case 0x43:
        return this.push(new PyBytes(this.take(this.u8(), 'bytes')));
      case 0x8e:
        return this.push(new PyBytes(this.take(this.u64(), 'bytes')));
      case 0x96:
        return this.push(new PyBytes(this.take(this.u64(), 'a bytearray')));
      case 0x97:
        return this.fail('the pickle refers to out-of-band buffers, which a file cannot carry');
      case 0x98: // READONLY_BUFFER: no effect on data
        this.top();
        return;
      // ---- containers ----
      case 0x29:
        return this.push(new PyTuple([]));
      case 0x74:
        return this.push(new PyTuple(this.popMark()));
      case 0x85:
        return this.push(new PyTuple([this.pop()]));
      case 0x86: {
        const b = this.pop();
        return this.push(new PyTuple([this.pop(), b]));
      }
      case 0x87: {
        const c = this.pop();
        const b = this.pop();
        return this.push(new PyTuple([this.pop(), b, c]));
      }
      case 0x5d:
        return this.push(new PyList());
      case 0x6c:
        return this.push(new PyList(this.popMark()));
      case 0x7d:
        return this.push(new PyDict());
      case 0x64: {
        const d = new PyDict();
        this.setItems(d, this.popMark());
        return this.push(d);
      }
      case 0x8f:
        return this.push(new PySet([], false));
      case 0x91:
        return this.push(new PySet(this.popMark(), true));
      case 0x61: {
        const item = this.pop();
        return this.appendItems(this.top(), [item]);
      }
      case 0x65: {
        const items = this.popMark();
        return this.appendItems(this.top(), items);
      }
      case 0x73: {
        const value = this.pop();
        const key = this.pop();
        return this.setItems(this.top(), [key, value]);
      }
      case 0x75: {
        const items = this.popMark();
        return this.setItems(this.top(), items);
      }
      case 0x90: {
        const items = this.popMark();
        const set = this.top();
        if (!(set instanceof PySet) || set.frozen) this.fail(`ADDITEMS on ${kindOf(set)}, which is not a set`);
        for (const item of items) set.items.push(item);
        return;
      }
      // ---- memo ----
      case 0x67:
        return this.memoGet(Number(this.decimal(this.lineText(), 'GET')));
      case 0x68:
        return this.memoGet(this.u8());
      case 0x6a:
        return this.memoGet(this.u32());
      case 0x70:
        return this.memoPut(Number(this.decimal(this.lineText(), 'PUT')));
      case 0x71:
        return this.memoPut(this.u8());
      case 0x72:
        return this.memoPut(this.u32());
      case 0x94:
        return this.memoPut(this.memo.size);
      // ---- globals and objects ----
      case 0x63: {
        const module = this.lineText();
        return this.push(this.global(module, this.lineText()));
      }
      case 0x93: {
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          this.fail('STACK_GLOBAL needs a module name and a name (two strings)');
        return this.push(this.global(module, name));
      }
      case 0x82:
      case 0x83:
      case 0x84: {
        const code = op === 0x82 ? this.u8() : op === 0x83 ? this.u16() : this.u32();
        return this.push(this.global('copyreg.extension', String(code)));
      }
      case 0x52: {
        const args = this.pop();
        const callee = this.pop();
        return this.push(this.call(callee, args, undefined, 'REDUCE'));
      }
      case 0x81: {
        const args = this.pop();
        const cls = this.pop();
        return this.push(this.call(cls, args, undefined, 'NEWOBJ'));
      }
      case 0x92: {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        return this.push(this.call(cls, args, kwargs, 'NEWOBJ_EX'));
      }
      case 0x69: {
        const module = this.lineText();
        const cls = this.global(module, this.lineText());
        return this.push(this.call(cls, new PyTuple(this.popMark()), undefined, 'INST'));
      }
      case 0x6f: {
        const items = this.popMark();
        if (items.length === 0) this.fail('OBJ needs a class after its MARK');
        return this.push(this.call(items[0], new PyTuple(items.slice(1)), undefined, 'OBJ'));
      }
      case 0x62: {
        const state = this.pop();
        return this.build(this.top(), state);
      }
      case 0x50:
        return this.persistent(this.lineText());
      case 0x51:
        return this.persistent(this.pop());
      default:
        this.fail(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}
