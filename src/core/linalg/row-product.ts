// Rows of C = (A·diag(w))·B for a B that stays fixed across many products (W_hh in the Jacobian curve).
// B is packed once into this instance's own kernel memory; any slice of C's rows can then be computed
// on its own. Two threads, each with its own RowProduct of the same B, can split one product by rows
// and get exactly the bits one thread would: every row is summed in the same order either way.
import { gemmJs, packPanelsOfA, packPanelsOfB } from './gemm-js';
import { KC, MR, NR, newKernelInstance, type Kernel } from './gemm-wasm';

/** Rows of A packed per kernel call: MC × KC doubles (128 KiB) stay in L2. */
const MC = 64;

export class RowProduct {
  private readonly kernel: Kernel | null;
  private readonly nPad: number;
  private readonly ldc: number;
  private readonly bOff: number;
  private readonly cOff: number;
  private memory: Float64Array | null = null;

  /** @param b k×n row-major; the SIMD path packs a copy, so later changes to b are not seen there. */
  constructor(
    private readonly b: Float64Array,
    private readonly k: number,
    private readonly n: number,
    options: { javascriptOnly?: boolean } = {},
  ) {
    this.nPad = Math.ceil(n / NR) * NR;
    // Row stride of the C block: not a multiple of 4 KiB, or a column of tiles keeps hitting the same cache sets.
    this.ldc = this.nPad % 512 === 0 ? this.nPad + 2 * NR : this.nPad;
    this.bOff = MC * KC;
    this.cOff = this.bOff + k * this.nPad;
    this.kernel = k > 0 && n > 0 && !options.javascriptOnly ? newKernelInstance() : null;
    if (this.kernel) this.memory = this.reserve(this.kernel, (this.cOff + MC * this.ldc) * 8);
    if (this.memory) {
      for (let p0 = 0; p0 < k; p0 += KC) packPanelsOfB(b, n, p0, Math.min(KC, k - p0), this.memory, NR, this.bOff + p0 * this.nPad);
    }
  }

  /** Whether the WebAssembly SIMD kernel runs (else the JavaScript fallback). */
  get simd(): boolean {
    return this.memory !== null;
  }

  /**
   * c[i0:i1, :] = (a[i0:i1, :] · diag(w)) · B with a m×k and c m×n row-major; returns Σ c_ij² over
   * those rows (the caller's Frobenius norm, summed in a fixed order). a and c must not overlap.
   */
  rows(a: Float64Array, w: Float64Array, i0: number, i1: number, c: Float64Array): number {
    const { k, n } = this;
    if (i1 <= i0) return 0;
    if (k === 0) {
      c.fill(0, i0 * n, i1 * n);
      return 0;
    }
    return this.memory ? this.rowsSimd(this.memory, a, w, i0, i1, c) : this.rowsJs(a, w, i0, i1, c);
  }

  private rowsSimd(mem: Float64Array, a: Float64Array, w: Float64Array, i0: number, i1: number, c: Float64Array): number {
    const { k, n, nPad, ldc, bOff, cOff } = this;
    const kernel = this.kernel as Kernel;
    let sumSq = 0;
    for (let r0 = i0; r0 < i1; r0 += MC) {
      const mc = Math.min(MC, i1 - r0);
      mem.fill(0, cOff, cOff + mc * ldc);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packPanelsOfA(a, k, r0, mc, p0, kc, mem, MR, 0, w);
        kernel.block(0, (bOff + p0 * nPad) * 8, cOff * 8, Math.ceil(mc / MR), nPad / NR, kc, ldc * 8);
      }
      for (let i = 0; i < mc; i++) {
        const from = cOff + i * ldc;
        const to = (r0 + i) * n;
        for (let j = 0; j < n; j++) {
          const v = mem[from + j];
          c[to + j] = v;
          sumSq += v * v;
        }
      }
    }
    return sumSq;
  }

  private rowsJs(a: Float64Array, w: Float64Array, i0: number, i1: number, c: Float64Array): number {
    const { k, n } = this;
    const m = i1 - i0;
    const scaled = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) scaled[i * k + p] = a[(i0 + i) * k + p] * w[p];
    const out = new Float64Array(m * n);
    gemmJs(scaled, this.b, out, m, k, n);
    let sumSq = 0;
    for (let x = 0; x < out.length; x++) sumSq += out[x] * out[x];
    c.set(out, i0 * n);
    return sumSq;
  }

  private reserve(kernel: Kernel, bytes: number): Float64Array | null {
    if (bytes > 2 ** 31) return null;
    const have = kernel.memory.buffer.byteLength;
    try {
      if (bytes > have) kernel.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return null;
    }
    return new Float64Array(kernel.memory.buffer);
  }
}
