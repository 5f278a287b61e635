// The micro-kernel in plain JavaScript: a 4×4 register tile whose 16 accumulators stay in locals, over the
// packed panels of blocked-product.ts. The fallback where WebAssembly SIMD is unavailable.
import type { MicroKernel } from './blocked-product';

/** Register tile: MR rows of A × NR columns of B. */
const MR = 4;
const NR = 4;
/** Rows of A per block: MC × KC doubles (256 KB) stay in L2. */
const MC = 128;

/** A JavaScript kernel with memory of its own (a Float64Array that grows on demand). */
export function newJavascriptKernel(): MicroKernel {
  let memory = new Float64Array(0);
  return {
    simd: false,
    fused: false,
    mr: MR,
    nr: NR,
    mc: MC,
    reserve(doubles) {
      if (memory.length < doubles) memory = new Float64Array(doubles);
      return memory;
    },
    block: blockKernel,
  };
}

function blockKernel(
  m: Float64Array,
  a: number,
  b: number,
  c: number,
  rowPanels: number,
  colPanels: number,
  kc: number,
  ldc: number,
): void {
  for (let ip = 0; ip < rowPanels; ip++) {
    const aBase = a + ip * kc * MR;
    const cRow = c + ip * MR * ldc;
    for (let jp = 0; jp < colPanels; jp++) {
      let bi = b + jp * kc * NR;
      let ai = aBase;
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      for (let p = 0; p < kc; p++) {
        const b0 = m[bi],
          b1 = m[bi + 1],
          b2 = m[bi + 2],
          b3 = m[bi + 3];
        const a0 = m[ai],
          a1 = m[ai + 1],
          a2 = m[ai + 2],
          a3 = m[ai + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        bi += NR;
        ai += MR;
      }
      // The C block is padded to whole tiles, so every tile is written in full.
      let row = cRow + jp * NR;
      m[row] += c00;
      m[row + 1] += c01;
      m[row + 2] += c02;
      m[row + 3] += c03;
      row += ldc;
      m[row] += c10;
      m[row + 1] += c11;
      m[row + 2] += c12;
      m[row + 3] += c13;
      row += ldc;
      m[row] += c20;
      m[row + 1] += c21;
      m[row + 2] += c22;
      m[row + 3] += c23;
      row += ldc;
      m[row] += c30;
      m[row + 1] += c31;
      m[row + 2] += c32;
      m[row + 3] += c33;
    }
  }
}
