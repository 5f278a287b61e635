// Exact rescaling by powers of two, so kernels can work near 1 whatever the input's magnitude.

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
