// C = A·B with a WebAssembly SIMD (f64x2) micro-kernel, assembled at load time from the instruction
// list below (no toolchain, no binary blob). JavaScript packs A and B into the module's memory in the
// same panel layout as gemm-js.ts; the kernel runs an MR×NR register tile over a whole MC×n block.
import { packPanelsOfA, packPanelsOfB } from './gemm-js';
import { assembleModule, op, I32, V128 } from './wasm-assembler';

/** Register tile of the SIMD kernel: MR rows × NR columns (NR/2 f64x2 vectors per row). */
export const MR = 4;
export const NR = 4;
export const KC = 256;
/** A multiple of MR. */
const MC = 64;

export interface Kernel {
  memory: WebAssembly.Memory;
  /** block(aPtr, bPtr, cPtr, rowPanels, colPanels, kc, ldcBytes): C[block] += packedA · packedB */
  block: (a: number, b: number, c: number, rowPanels: number, colPanels: number, kc: number, ldc: number) => void;
}

/** The kernel's body: three nested count-down loops (do-while: every count must be ≥ 1), accumulators in v128 locals. */
function kernelBody(mr: number, nr: number): { body: number[]; locals: [number, number][] } {
  const [A, B, C, ROWS, COLS, KCP, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const [ip, jp, p, pa, pb, cp, bCol, cCol, t] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const vectorsPerRow = nr / 2;
  const accBase = 16;
  const acc = (r: number, q: number): number => accBase + r * vectorsPerRow + q;
  const bv = (q: number): number => accBase + mr * vectorsPerRow + q;
  const av = accBase + mr * vectorsPerRow + vectorsPerRow;
  const countDown = (local: number): number[] => [...op.get(local), ...op.i32(1), ...op.i32Sub(), ...op.tee(local), ...op.brIf(0)];

  const body: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const part of parts) body.push(...part);
  };
  // Column panels outside, row panels inside: the kc×NR panel of B stays in L1 while the MC×kc block
  // of A streams from L2 (the other order re-reads all of packed B, which spills to L3, per row panel).
  emit(op.get(B), op.set(bCol), op.get(C), op.set(cCol), op.get(COLS), op.set(jp));
  emit(op.loop()); // column panels
  emit(op.get(A), op.set(pa), op.get(cCol), op.set(cp), op.get(ROWS), op.set(ip));
  emit(op.loop()); // row panels
  for (let r = 0; r < mr; r++) for (let q = 0; q < vectorsPerRow; q++) emit(op.v128Zero(), op.set(acc(r, q)));
  emit(op.get(bCol), op.set(pb), op.get(KCP), op.set(p));
  emit(op.loop()); // depth
  for (let q = 0; q < vectorsPerRow; q++) emit(op.get(pb), op.v128Load(16 * q), op.set(bv(q)));
  for (let r = 0; r < mr; r++) {
    emit(op.get(pa), op.v128Load64Splat(8 * r), op.set(av));
    for (let q = 0; q < vectorsPerRow; q++) {
      emit(op.get(acc(r, q)), op.get(av), op.get(bv(q)), op.f64x2Mul(), op.f64x2Add(), op.set(acc(r, q)));
    }
  }
  emit(op.get(pa), op.i32(8 * mr), op.i32Add(), op.set(pa));
  emit(op.get(pb), op.i32(8 * nr), op.i32Add(), op.set(pb));
  emit(countDown(p), op.end());
  // C tile += accumulators, row by row (t walks down the rows).
  emit(op.get(cp), op.set(t));
  for (let r = 0; r < mr; r++) {
    if (r > 0) emit(op.get(t), op.get(LDC), op.i32Add(), op.set(t));
    for (let q = 0; q < vectorsPerRow; q++) {
      emit(op.get(t), op.get(t), op.v128Load(16 * q), op.get(acc(r, q)), op.f64x2Add(), op.v128Store(16 * q));
    }
  }
  emit(op.get(cp), op.get(LDC), op.i32(mr), op.i32Mul(), op.i32Add(), op.set(cp));
  emit(countDown(ip), op.end());
  emit(op.get(pb), op.set(bCol)); // the depth loop left pb at the next column panel
  emit(op.get(cCol), op.i32(8 * nr), op.i32Add(), op.set(cCol));
  emit(countDown(jp), op.end());
  return { body, locals: [[9, I32], [mr * vectorsPerRow + vectorsPerRow + 1, V128]] };
}

let compiled: WebAssembly.Module | null | undefined;
let kernel: Kernel | null | undefined;

/** The assembled module, or null where WebAssembly or its SIMD extension is missing. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const { body, locals } = kernelBody(MR, NR);
    const bytes = assembleModule([{ name: 'block', params: 7, locals, body }], 1);
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A fresh instance of the SIMD kernel with its own memory (null where unavailable). */
export function newKernelInstance(): Kernel | null {
  const module = kernelModule();
  if (!module) return null;
  try {
    const exports = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
    return { memory: exports.memory, block: exports.block };
  } catch {
    return null;
  }
}

/** This thread's shared instance for gemm. */
function loadKernel(): Kernel | null {
  if (kernel === undefined) kernel = newKernelInstance();
  return kernel;
}

export function wasmGemmAvailable(): boolean {
  return loadKernel() !== null;
}

/**
 * c (m×n) = a (m×k) · b (k×n), all row-major; returns false (c untouched) if the kernel is unavailable
 * or the operands do not fit in 32-bit WebAssembly memory.
 */
export function gemmWasm(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): boolean {
  const kern = loadKernel();
  if (!kern) return false;
  const mPad = Math.ceil(m / MR) * MR;
  const nPad = Math.ceil(n / NR) * NR;
  // Row stride of the C buffer: not a multiple of 4 KiB, or walking down a column of tiles keeps hitting
  // the same cache sets.
  const ldc = nPad % 512 === 0 ? nPad + 2 * NR : nPad;
  const aOff = 0;
  const bOff = MC * KC;
  const cOff = bOff + KC * nPad;
  const bytes = (cOff + mPad * ldc) * 8;
  if (bytes > 2 ** 31) return false;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      kern.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
  }
  const mem = new Float64Array(kern.memory.buffer);
  mem.fill(0, cOff, cOff + mPad * ldc);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    packPanelsOfB(b, n, p0, kc, mem, NR, bOff);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = Math.min(MC, m - i0);
      packPanelsOfA(a, k, i0, mc, p0, kc, mem, MR, aOff);
      kern.block(aOff * 8, bOff * 8, (cOff + i0 * ldc) * 8, Math.ceil(mc / MR), nPad / NR, kc, ldc * 8);
    }
  }
  for (let i = 0; i < m; i++) c.set(mem.subarray(cOff + i * ldc, cOff + i * ldc + n), i * n);
  return true;
}
