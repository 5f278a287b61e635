// Exact rescaling by powers of two, so kernels can work near 1 whatever the input's magnitude.
import type { Matrix } from './matrix';

/**
 * e such that max|x| · 2^−e lies in [0.5, 1), or null when every entry is 0.
 */
export function scaleExponent(data: ArrayLike<number>): number | null {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > m) m = a;
  }
  if (m === 0) return null;
  let e = Math.floor(Math.log2(m)) + 1;
  // log2 can be off by one near powers of two.
  if (mulPow2(m, -e) >= 1) e++;
  else if (mulPow2(m, -e) < 0.5) e--;
  return e;
}

/** x · 2^e, in two steps when 2^e itself would over- or underflow (each step is exact unless the result is subnormal). */
export function mulPow2(x: number, e: number): number {
  if (e > 1000 || e < -1000) {
    const half = Math.trunc(e / 2);
    return x * 2 ** half * 2 ** (e - half);
  }
  return x * 2 ** e;
}

export function scaleInPlace(data: Float64Array, e: number): void {
  if (e === 0) return;
  if (e > 1000 || e < -1000) {
    const half = Math.trunc(e / 2);
    scaleInPlace(data, half);
    scaleInPlace(data, e - half);
    return;
  }
  const f = 2 ** e;
  for (let i = 0; i < data.length; i++) data[i] *= f;
}

/** x ↦ x · 2^e */
export function poweredTwo(e: number): (x: number) => number {
  return (x) => mulPow2(x, e);
}

/** log10 2, to turn a power-of-two exponent into decades. */
export const LOG10_2 = Math.log10(2);

/** Entries within 2^±100 of 1 are left as they are: their products and squares stay far from over- and underflow. */
const UNSCALED_EXPONENT = 100;

/**
 * m · 2^−exponent, a copy whose largest entry lies in [0.5, 1), when m's entries are far from 1 (exponent 0 and
 * m itself otherwise, or for a zero matrix). Products of it neither overflow nor underflow where m's would.
 */
export function unitScaled(m: Matrix): { matrix: Matrix; exponent: number } {
  const exponent = scaleExponent(m.data);
  if (exponent === null || Math.abs(exponent) <= UNSCALED_EXPONENT) return { matrix: m, exponent: 0 };
  const data = new Float64Array(m.data);
  scaleInPlace(data, -exponent);
  return { matrix: { rows: m.rows, cols: m.cols, data }, exponent };
}

/** log10(x · 2^exponent) for x ≥ 0, exact far outside float64's range; null for 0. */
export function log10Scaled(x: number, exponent: number): number | null {
  return x === 0 ? null : Math.log10(x) + exponent * LOG10_2;
}

/** x · 2^exponent when it is a float64 (maybe subnormal), null beyond (> 1.797e308): the log10 says it then. */
export function scaledValue(x: number, exponent: number): number | null {
  const value = mulPow2(x, exponent);
  return Number.isFinite(value) ? value : null;
}
