// The micro-kernel in WebAssembly SIMD (f64x2), assembled at load time from the instruction list below
// (no toolchain, no binary blob). blocked-product.ts packs A and B into the module's memory; the kernel
// runs an MR×NR register tile over a whole block of rows and one slice of B. Two variants: plain (f64x2.mul
// then f64x2.add, the JavaScript kernel's bits) and, where the runtime has relaxed SIMD, f64x2.relaxed_madd,
// which a runtime with FMA hardware fuses (one rounding per step: other bits than the plain kernel, but the
// same bits for every row split, so one and two threads still agree when both use it).
import type { MicroKernel } from './blocked-product';
import { assembleModule, bodyBuilder, countDown, op, I32, V128 } from './wasm-assembler';
import { instantiateKernels, reserveFloat64 } from './wasm-memory';

/** Register tile of the SIMD kernel: MR rows × NR columns (NR/2 f64x2 vectors per row). */
const MR = 4;
const NR = 4;
/** Rows of A per block, a multiple of MR: MC × KC doubles (128 KiB) stay in L2. */
const MC = 64;

interface KernelExports {
  memory: WebAssembly.Memory;
  /** block(aPtr, bPtr, cPtr, rowPanels, colPanels, kc, ldcBytes): C[block] += packedA · packedB */
  block: (a: number, b: number, c: number, rowPanels: number, colPanels: number, kc: number, ldc: number) => void;
}

/** The kernel's body: three nested count-down loops (do-while: every count must be ≥ 1), accumulators in v128 locals. */
function kernelBody(mr: number, nr: number, fused: boolean): { body: number[]; locals: [number, number][] } {
  const [A, B, C, ROWS, COLS, KCP, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const [ip, jp, p, pa, pb, cp, bCol, cCol, t] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const vectorsPerRow = nr / 2;
  const accBase = 16;
  const acc = (r: number, q: number): number => accBase + r * vectorsPerRow + q;
  const bv = (q: number): number => accBase + mr * vectorsPerRow + q;
  const av = accBase + mr * vectorsPerRow + vectorsPerRow;
  const { body, emit } = bodyBuilder();
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
      if (fused) emit(op.get(av), op.get(bv(q)), op.get(acc(r, q)), op.f64x2RelaxedMadd(), op.set(acc(r, q)));
      else emit(op.get(acc(r, q)), op.get(av), op.get(bv(q)), op.f64x2Mul(), op.f64x2Add(), op.set(acc(r, q)));
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
  return {
    body,
    locals: [
      [9, I32],
      [mr * vectorsPerRow + vectorsPerRow + 1, V128],
    ],
  };
}

/** Which SIMD kernel: 'fused' needs relaxed SIMD; 'best' is fused where the runtime has it, else plain. */
export type WasmKernelVariant = 'plain' | 'fused' | 'best';

const compiled: { plain?: WebAssembly.Module | null; fused?: WebAssembly.Module | null } = {};

/** The assembled module of one variant, or null where WebAssembly, SIMD or relaxed SIMD is missing. */
function kernelModule(fused: boolean): WebAssembly.Module | null {
  const key = fused ? 'fused' : 'plain';
  const known = compiled[key];
  if (known !== undefined) return known;
  compiled[key] = null;
  try {
    if (typeof WebAssembly !== 'object' || (fused && !relaxedSimdAvailable())) return null;
    const { body, locals } = kernelBody(MR, NR, fused);
    const bytes = assembleModule([{ name: 'block', params: 7, locals, body }], 1);
    if (WebAssembly.validate(bytes)) compiled[key] = new WebAssembly.Module(bytes);
  } catch {
    compiled[key] = null;
  }
  return compiled[key];
}

let relaxed: boolean | undefined;

/**
 * Whether this runtime accepts f64x2.relaxed_madd: a one-function module using it is validated (Node 20
 * refuses it without --experimental-wasm-relaxed-simd; Node 22+ and VS Code's Electron accept it).
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxed !== undefined) return relaxed;
  try {
    const body = [...op.v128Zero(), ...op.v128Zero(), ...op.v128Zero(), ...op.f64x2RelaxedMadd(), ...op.drop()];
    relaxed =
      typeof WebAssembly === 'object' &&
      WebAssembly.validate(assembleModule([{ name: 'probe', params: 0, locals: [], body }], 1));
  } catch {
    relaxed = false;
  }
  return relaxed;
}

/** A fresh instance of a SIMD kernel with its own memory (null where that variant is unavailable). */
export function newWasmKernel(variant: WasmKernelVariant = 'best'): MicroKernel | null {
  const fused = variant === 'fused' || (variant === 'best' && relaxedSimdAvailable());
  const module = kernelModule(fused);
  if (!module) return null;
  try {
    const exports = instantiateKernels(module);
    if (!exports) return null;
    const { memory, block } = exports as unknown as KernelExports;
    return {
      simd: true,
      fused,
      mr: MR,
      nr: NR,
      mc: MC,
      reserve: (doubles) => reserveFloat64(memory, doubles),
      // Offsets in doubles become byte addresses; `memory` is the module's own.
      block: (_memory, a, b, c, rowPanels, colPanels, kc, ldc) =>
        block(a * 8, b * 8, c * 8, rowPanels, colPanels, kc, ldc * 8),
    };
  } catch {
    return null;
  }
}

export function wasmGemmAvailable(): boolean {
  return kernelModule(false) !== null;
}

/** The product kernel this runtime runs by default, in words for benchmarks and traces. */
export function gemmKernelName(): string {
  if (kernelModule(relaxedSimdAvailable()))
    return relaxedSimdAvailable() ? 'WebAssembly SIMD, relaxed_madd (FMA)' : 'WebAssembly SIMD, mul + add';
  return 'JavaScript';
}
