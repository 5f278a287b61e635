// C = A·B in plain JavaScript: cache blocking (KC × MC blocks of A, KC-deep panels of B) and a 4×4
// register tile whose 16 accumulators stay in locals. Both operands are packed so the inner loop reads
// two short contiguous streams. This is the fallback when WebAssembly SIMD is unavailable.

/** Register tile: MR rows of A × NR columns of B. */
export const MR = 4;
export const NR = 4;
/** Depth of one block: a KC × NR panel of B (8 KB) stays in L1 while a row panel of A streams by. */
export const KC = 256;
/** Rows of A per block: MC × KC doubles (256 KB) stay in L2. */
export const MC = 128;

/**
 * c (m×n, row-major) = a (m×k) · b (k×n). `c` must not overlap `a` or `b`.
 */
export function gemmJs(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  c.fill(0, 0, m * n);
  if (k === 0) return;
  const nPanels = Math.ceil(n / NR);
  const packedB = new Float64Array(KC * nPanels * NR);
  const packedA = new Float64Array(MC * KC);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    packPanelsOfB(b, n, p0, kc, packedB);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = Math.min(MC, m - i0);
      packPanelsOfA(a, k, i0, mc, p0, kc, packedA);
      blockKernel(packedA, packedB, c, i0, mc, n, kc);
    }
  }
}

/** B[p0:p0+kc, :] as ⌈n/nr⌉ panels, each kc rows of nr consecutive values (zero-padded past n). */
export function packPanelsOfB(b: Float64Array, n: number, p0: number, kc: number, dst: Float64Array, nr = NR, at = 0): void {
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
 * A[i0:i0+mc, p0:p0+kc] as ⌈mc/mr⌉ panels, each kc columns of mr consecutive values (zero-padded);
 * with `columnScale`, column p is multiplied by columnScale[p] on the way (A·diag(w) without forming it).
 */
export function packPanelsOfA(
  a: Float64Array,
  k: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
  mr = MR,
  at = 0,
  columnScale?: Float64Array,
): void {
  let o = at;
  for (let r0 = 0; r0 < mc; r0 += mr) {
    const h = Math.min(mr, mc - r0);
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

function blockKernel(pa: Float64Array, pb: Float64Array, c: Float64Array, i0: number, mc: number, n: number, kc: number): void {
  for (let r0 = 0; r0 < mc; r0 += MR) {
    const aBase = (r0 / MR) * kc * MR;
    const h = Math.min(MR, mc - r0);
    for (let j0 = 0; j0 < n; j0 += NR) {
      let bi = (j0 / NR) * kc * NR;
      let ai = aBase;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < kc; p++) {
        const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
        const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        bi += NR;
        ai += MR;
      }
      const w = Math.min(NR, n - j0);
      let row = (i0 + r0) * n + j0;
      if (w === NR && h === MR) {
        c[row] += c00; c[row + 1] += c01; c[row + 2] += c02; c[row + 3] += c03; row += n;
        c[row] += c10; c[row + 1] += c11; c[row + 2] += c12; c[row + 3] += c13; row += n;
        c[row] += c20; c[row + 1] += c21; c[row + 2] += c22; c[row + 3] += c23; row += n;
        c[row] += c30; c[row + 1] += c31; c[row + 2] += c32; c[row + 3] += c33;
      } else {
        const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let ii = 0; ii < h; ii++) for (let jj = 0; jj < w; jj++) c[(i0 + r0 + ii) * n + j0 + jj] += tile[ii * NR + jj];
      }
    }
  }
}
