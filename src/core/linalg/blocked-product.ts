// The one blocked matrix-product loop: rows i0..i1 of C = (A · diag(w)) · B for row-major float64 matrices,
// the column scale w optional (A·diag(w) is never formed). B is packed once into KC-deep slices of nr-column
// panels; each block of mc rows of A is packed (scaled on the way), one slice at a time, and handed with B's
// slice to a micro-kernel, which adds mr×nr register tiles into a padded C block. Every micro-kernel sums
// each entry in the same order (over p within a slice, then slice by slice), so the unfused kernels give the
// same bits, and any split of the rows gives one kernel's bits (the fused kernel rounds once per multiply-add,
// so its bits are its own). gemm.ts does the checks and picks the kernel.

/** Depth of one slice: a KC × nr panel of B (8 KB) stays in L1 while a row panel of A streams by. */
export const KC = 256;

/** The innermost loop, pluggable: plain JavaScript (gemm-js.ts) or WebAssembly SIMD (gemm-wasm.ts). */
export interface MicroKernel {
  /** Whether this is a SIMD kernel (for tests and benchmarks). */
  readonly simd: boolean;
  /** Whether each multiply-add may be fused (relaxed SIMD's f64x2.relaxed_madd): other bits than unfused kernels. */
  readonly fused: boolean;
  /** Register tile: mr rows of A × nr columns of B. */
  readonly mr: number;
  readonly nr: number;
  /** Rows of A per block, a multiple of mr: mc × KC doubles stay in L2. */
  readonly mc: number;
  /** The kernel's memory, grown to hold at least `doubles` values, or null where it cannot grow that far. */
  reserve(doubles: number): Float64Array | null;
  /**
   * C += packed A · packed B over one slice, everything in `memory` at offsets counted in doubles: rowPanels
   * panels of A (kc × mr each) from `a`, colPanels panels of B (kc × nr each) from `b`, and C's tiles from `c`
   * with row stride ldc. Every count is at least 1.
   */
  block(
    memory: Float64Array,
    a: number,
    b: number,
    c: number,
    rowPanels: number,
    colPanels: number,
    kc: number,
    ldc: number,
  ): void;
}

/** B (k×n) packed into a micro-kernel's memory, ready for products by rows. The kernel is this product's alone. */
export class BlockedProduct {
  private readonly nPad: number;
  /** Row stride of the C block. */
  private readonly ldc: number;
  /** Where packed B and the C block start in memory (packed A starts at 0). */
  private readonly bAt: number;
  private readonly cAt: number;

  private constructor(
    readonly kernel: MicroKernel,
    private readonly memory: Float64Array,
    private readonly k: number,
    private readonly n: number,
    layout: { nPad: number; ldc: number; bAt: number; cAt: number },
  ) {
    ({ nPad: this.nPad, ldc: this.ldc, bAt: this.bAt, cAt: this.cAt } = layout);
  }

  /** Packs a copy of b (k×n, row-major) into the kernel's memory; null where the kernel cannot have that much. */
  static pack(kernel: MicroKernel, b: Float64Array, k: number, n: number): BlockedProduct | null {
    const { mr, nr, mc } = kernel;
    const nPad = Math.ceil(n / nr) * nr;
    // Not a multiple of 4 KiB, or walking down a column of tiles keeps hitting the same cache sets.
    const ldc = nPad % 512 === 0 ? nPad + 2 * nr : nPad;
    const bAt = mc * KC;
    const cAt = bAt + k * nPad;
    const memory = kernel.reserve(cAt + Math.ceil(mc / mr) * mr * ldc);
    if (!memory) return null;
    for (let p0 = 0; p0 < k; p0 += KC) packPanelsOfB(b, n, p0, Math.min(KC, k - p0), memory, nr, bAt + p0 * nPad);
    return new BlockedProduct(kernel, memory, k, n, { nPad, ldc, bAt, cAt });
  }

  /** c[i0:i1, :] = (a[i0:i1, :] · diag(columnScale)) · B, with a m×k and c m×n row-major, not overlapping. */
  rows(a: Float64Array, i0: number, i1: number, c: Float64Array, columnScale?: Float64Array): void {
    this.run(a, i0, i1, c, columnScale, false);
  }

  /** As rows(), and returns Σ c_ij² over those rows, summed row by row (a fixed order, whatever the kernel). */
  rowsWithSumOfSquares(a: Float64Array, i0: number, i1: number, c: Float64Array, columnScale?: Float64Array): number {
    return this.run(a, i0, i1, c, columnScale, true);
  }

  /**
   * c[i, 0:n] = scale · (a[i, :] · B) for i in i0..i1, into a c of row stride ldOut (its other columns untouched);
   * returns Σ squares of what was written, summed row by row.
   */
  rowsScaledWithSumOfSquares(
    a: Float64Array,
    i0: number,
    i1: number,
    c: Float64Array,
    ldOut: number,
    scale: number,
  ): number {
    return this.run(a, i0, i1, c, undefined, true, ldOut, scale);
  }

  private run(
    a: Float64Array,
    i0: number,
    i1: number,
    c: Float64Array,
    columnScale: Float64Array | undefined,
    squares: boolean,
    ldOut = this.n,
    scale = 1,
  ): number {
    const { kernel, memory: mem, k, n, nPad, ldc, bAt, cAt } = this;
    const { mr, nr, mc } = kernel;
    let sumSq = 0;
    if (n === 0) return sumSq;
    for (let r0 = i0; r0 < i1; r0 += mc) {
      const rows = Math.min(mc, i1 - r0);
      const rowPanels = Math.ceil(rows / mr);
      mem.fill(0, cAt, cAt + rowPanels * mr * ldc);
      for (let p0 = 0; p0 < k; p0 += KC) {
        const kc = Math.min(KC, k - p0);
        packPanelsOfA(a, k, r0, rows, p0, kc, mem, mr, 0, columnScale);
        kernel.block(mem, 0, bAt + p0 * nPad, cAt, rowPanels, nPad / nr, kc, ldc);
      }
      for (let i = 0; i < rows; i++) {
        const from = cAt + i * ldc;
        const to = (r0 + i) * ldOut;
        if (!squares) {
          c.set(mem.subarray(from, from + n), to);
          continue;
        }
        sumSq += copyRowWithSumOfSquares(mem, from, c, to, n, scale);
      }
    }
    return sumSq;
  }
}

/**
 * Copies n values of src from `from` to dst at `to`, times `scale`, and returns their Σ squares, summed in four
 * interleaved partial sums (j mod 4) added as (s0 + s1) + (s2 + s3): a fixed order, and four times the speed of
 * one sum, whose every addition waits for the one before.
 */
export function copyRowWithSumOfSquares(
  src: Float64Array,
  from: number,
  dst: Float64Array,
  to: number,
  n: number,
  scale = 1,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const v0 = src[from + j] * scale;
    const v1 = src[from + j + 1] * scale;
    const v2 = src[from + j + 2] * scale;
    const v3 = src[from + j + 3] * scale;
    dst[to + j] = v0;
    dst[to + j + 1] = v1;
    dst[to + j + 2] = v2;
    dst[to + j + 3] = v3;
    s0 += v0 * v0;
    s1 += v1 * v1;
    s2 += v2 * v2;
    s3 += v3 * v3;
  }
  for (; j < n; j++) {
    const v = src[from + j] * scale;
    dst[to + j] = v;
    s0 += v * v;
  }
  return s0 + s1 + (s2 + s3);
}

/** B[p0:p0+kc, :] as ⌈n/nr⌉ panels from dst[at], each kc rows of nr consecutive values (zero-padded past n). */
export function packPanelsOfB(
  b: Float64Array,
  n: number,
  p0: number,
  kc: number,
  dst: Float64Array,
  nr: number,
  at: number,
): void {
  let o = at;
  for (let j0 = 0; j0 < n; j0 += nr) {
    const w = Math.min(nr, n - j0);
    for (let p = 0; p < kc; p++) {
      const src = (p0 + p) * n + j0;
      if (w === 4 && nr === 4) {
        dst[o] = b[src];
        dst[o + 1] = b[src + 1];
        dst[o + 2] = b[src + 2];
        dst[o + 3] = b[src + 3];
      } else {
        for (let jj = 0; jj < nr; jj++) dst[o + jj] = jj < w ? b[src + jj] : 0;
      }
      o += nr;
    }
  }
}

/**
 * A[i0:i0+mc, p0:p0+kc] as ⌈mc/mr⌉ panels from dst[at], each kc columns of mr consecutive values (zero-padded);
 * with `columnScale`, column p is multiplied by columnScale[p] on the way.
 */
function packPanelsOfA(
  a: Float64Array,
  k: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
  mr: number,
  at: number,
  columnScale?: Float64Array,
): void {
  let o = at;
  for (let r0 = 0; r0 < mc; r0 += mr) {
    const h = Math.min(mr, mc - r0);
    if (h === 4 && mr === 4) {
      // A whole panel of four rows, written in order (the same products as the loop below).
      const s0 = (i0 + r0) * k + p0;
      const s1 = s0 + k;
      const s2 = s1 + k;
      const s3 = s2 + k;
      let d = o;
      if (columnScale) {
        for (let p = 0; p < kc; p++, d += 4) {
          const w = columnScale[p0 + p];
          dst[d] = a[s0 + p] * w;
          dst[d + 1] = a[s1 + p] * w;
          dst[d + 2] = a[s2 + p] * w;
          dst[d + 3] = a[s3 + p] * w;
        }
      } else {
        for (let p = 0; p < kc; p++, d += 4) {
          dst[d] = a[s0 + p];
          dst[d + 1] = a[s1 + p];
          dst[d + 2] = a[s2 + p];
          dst[d + 3] = a[s3 + p];
        }
      }
      o += kc * mr;
      continue;
    }
    for (let ii = 0; ii < mr; ii++) {
      if (ii < h) {
        const src = (i0 + r0 + ii) * k + p0;
        if (columnScale) for (let p = 0; p < kc; p++) dst[o + p * mr + ii] = a[src + p] * columnScale[p0 + p];
        else for (let p = 0; p < kc; p++) dst[o + p * mr + ii] = a[src + p];
      } else {
        for (let p = 0; p < kc; p++) dst[o + p * mr + ii] = 0;
      }
    }
    o += kc * mr;
  }
}
