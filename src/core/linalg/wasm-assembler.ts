// Just enough of the WebAssembly binary format to assemble one module with one memory and a few functions
// of i32 parameters, written as instruction lists. Opcodes from the WebAssembly core and SIMD specs.

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F64 = 0x7c;

/** Instructions: each helper returns its bytes, so function bodies read like WAT. */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  end: (): number[] => [0x0b],
  if: (): number[] => [0x04, 0x40],
  drop: (): number[] => [0x1a],
  br: (label: number): number[] => [0x0c, ...uleb(label)],
  brIf: (label: number): number[] => [0x0d, ...uleb(label)],
  get: (local: number): number[] => [0x20, ...uleb(local)],
  set: (local: number): number[] => [0x21, ...uleb(local)],
  tee: (local: number): number[] => [0x22, ...uleb(local)],
  i32: (value: number): number[] => [0x41, ...sleb(value)],
  i32Eqz: (): number[] => [0x45],
  i32Ne: (): number[] => [0x47],
  i32GeU: (): number[] => [0x4f],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32And: (): number[] => [0x71],
  i32ShrU: (): number[] => [0x76],
  f64Load: (offset = 0): number[] => [0x2b, 3, ...uleb(offset)],
  f64Ne: (): number[] => [0x62],
  f64Neg: (): number[] => [0x9a],
  f64Const0: (): number[] => [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  f64Add: (): number[] => [0xa0],
  f64Max: (): number[] => [0xa5],
  f64Mul: (): number[] => [0xa2],
  f64Store: (offset = 0): number[] => [0x39, 3, ...uleb(offset)],
  // SIMD (prefix 0xfd, then the opcode as u32 LEB128); memarg = alignment exponent, offset.
  v128Load: (offset = 0): number[] => [0xfd, ...uleb(0x00), 3, ...uleb(offset)],
  v128Load64Splat: (offset = 0): number[] => [0xfd, ...uleb(0x0a), 3, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb(0x0b), 3, ...uleb(offset)],
  v128Zero: (): number[] => [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f64x2Splat: (): number[] => [0xfd, ...uleb(0x14)],
  f64x2ExtractLane: (lane: number): number[] => [0xfd, ...uleb(0x21), lane],
  f64x2Abs: (): number[] => [0xfd, ...uleb(0xec)],
  f64x2Add: (): number[] => [0xfd, ...uleb(0xf0)],
  f64x2Mul: (): number[] => [0xfd, ...uleb(0xf2)],
  /** NaN if either lane is NaN (unlike pmax). */
  f64x2Max: (): number[] => [0xfd, ...uleb(0xf5)],
  // Relaxed SIMD: a·b + c from the stack (a, b, c), fused or not as the hardware does it (one way per runtime).
  f64x2RelaxedMadd: (): number[] => [0xfd, ...uleb(0x107)],
};

/** The tail of a do-while loop over a count in `local`: decrement it and branch back while it is not 0. */
export function countDown(local: number): number[] {
  return [...op.get(local), ...op.i32(1), ...op.i32Sub(), ...op.tee(local), ...op.brIf(0)];
}

/** A function body under construction: `emit` appends instructions, `body` holds them. */
export function bodyBuilder(): { body: number[]; emit: (...parts: number[][]) => void } {
  const body: number[] = [];
  return {
    body,
    emit: (...parts) => {
      for (const part of parts) body.push(...part);
    },
  };
}

export interface FunctionDef {
  name: string;
  params: number; // all i32
  /** Extra locals after the parameters, as [count, type] runs. */
  locals: [number, number][];
  body: number[];
}

/** A module exporting `memory` (initial `pages` × 64 KiB) and the given functions, in order. */
export function assembleModule(functions: FunctionDef[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(new Array<number[]>(f.params).fill([I32])), 0x00]);
  const sections = [
    section(1, vec(types)),
    section(3, vec(functions.map((_, i) => uleb(i)))),
    section(5, vec([[0x00, ...uleb(pages)]])),
    section(7, vec([[...name('memory'), 0x02, 0x00], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    section(
      10,
      vec(
        functions.map((f) => {
          const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, 0x0b];
          return [...uleb(code.length), ...code];
        }),
      ),
    ),
  ];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
