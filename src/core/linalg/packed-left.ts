// Rows of C = A · B for a fixed A packed once and a B packed afresh for each product: a Lyapunov run's
// D(σ') (W_hh Q) multiplies the same W_hh into a new Q every step, and packing W_hh's panels every step cost more
// than packing Q. The same register tiles, slices and summation order as blocked-product.ts, and A's panels hold
// the values its per-block packing would, so every row has the bits BlockedProduct gives it.
import { KC, packPanelsOfB, type MicroKernel } from './blocked-product';

export class PackedLeft {
  private nPad = 0;
  private ldc = 0;
  private n = 0;
  private bAt = 0;
  private cAt = 0;
  private memory: Float64Array;

  private constructor(
    readonly kernel: MicroKernel,
    memory: Float64Array,
    private readonly m: number,
    private readonly k: number,
    /** Where each KC-deep slice of A's panels starts: all ⌈m/mr⌉ panels of it, kc × mr each. */
    private readonly sliceAt: readonly number[],
    private readonly aEnd: number,
  ) {
    this.memory = memory;
  }

  /** A (m × k, row-major) packed into the kernel's memory; null where the kernel cannot have that much. */
  static pack(kernel: MicroKernel, a: Float64Array, m: number, k: number): PackedLeft | null {
    const { mr } = kernel;
    const mPad = Math.ceil(m / mr) * mr;
    const memory = kernel.reserve(mPad * k);
    if (!memory) return null;
    const sliceAt: number[] = [];
    let at = 0;
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      sliceAt.push(at);
      for (let r0 = 0; r0 < mPad; r0 += mr)
        for (let ii = 0; ii < mr; ii++) {
          const row = r0 + ii;
          const o = at + (r0 / mr) * kc * mr + ii;
          for (let p = 0; p < kc; p++) memory[o + p * mr] = row < m ? a[row * k + p0 + p] : 0;
        }
      at += mPad * kc;
    }
    return new PackedLeft(kernel, memory, m, k, sliceAt, at);
  }

  /** Packs B (k × n, row-major) for the next rows() calls; false where the kernel cannot have the memory. */
  packRight(b: Float64Array, n: number): boolean {
    const { kernel, k } = this;
    const { mr, nr, mc } = kernel;
    const nPad = Math.ceil(n / nr) * nr;
    const ldc = nPad % 512 === 0 ? nPad + 2 * nr : nPad;
    const bAt = this.aEnd;
    const cAt = bAt + k * nPad;
    const memory = kernel.reserve(cAt + Math.ceil(mc / mr) * mr * ldc);
    if (!memory) return false;
    // A WebAssembly memory grows in place (the old view is detached, empty); a JavaScript kernel's is a new
    // array, into which A's panels are carried over.
    const old = this.memory;
    if (memory.buffer !== old.buffer && old.length >= this.aEnd) memory.set(old.subarray(0, this.aEnd));
    this.memory = memory;
    for (let p0 = 0; p0 < k; p0 += KC) packPanelsOfB(b, n, p0, Math.min(KC, k - p0), memory, nr, bAt + p0 * nPad);
    Object.assign(this, { nPad, ldc, n, bAt, cAt });
    return true;
  }

  /** c = rows i0..i1 of A · B (c's row 0 is row i0), i0 a multiple of the kernel's mr. */
  rows(i0: number, i1: number, c: Float64Array): void {
    const { kernel, memory: mem, k, n, nPad, ldc, bAt, cAt, sliceAt } = this;
    const { mr, nr, mc } = kernel;
    if (i0 % mr !== 0 || i1 > this.m) throw new RangeError(`packed rows ${i0}..${i1} of ${this.m}`);
    if (n === 0) return;
    for (let r0 = i0; r0 < i1; r0 += mc) {
      const rows = Math.min(mc, i1 - r0);
      const rowPanels = Math.ceil(rows / mr);
      mem.fill(0, cAt, cAt + rowPanels * mr * ldc);
      sliceAt.forEach((at, s) => {
        const p0 = s * KC;
        const kc = Math.min(KC, k - p0);
        kernel.block(mem, at + (r0 / mr) * kc * mr, bAt + p0 * nPad, cAt, rowPanels, nPad / nr, kc, ldc);
      });
      for (let i = 0; i < rows; i++) {
        const from = cAt + i * ldc;
        c.set(mem.subarray(from, from + n), (r0 - i0 + i) * n);
      }
    }
  }
}
