// The eigenvalues of a real 2×2 block, the last step of every Schur-form computation.

/** Eigenvalues of [[a, b], [c, d]] into re/im at i and i+1 (a complex pair: positive imaginary first). */
export function eigen2x2(
  a: number,
  b: number,
  c: number,
  d: number,
  re: Float64Array,
  im: Float64Array,
  i: number,
): void {
  im[i] = im[i + 1] = 0;
  if (b === 0 || c === 0) {
    re[i] = a;
    re[i + 1] = d;
    return;
  }
  // Work with the scaled half-difference and off-diagonal product so nothing over- or underflows.
  const p = 0.5 * (a - d);
  const scale = Math.max(Math.abs(p), Math.abs(b), Math.abs(c));
  const ps = p / scale;
  const disc = ps * ps + (b / scale) * (c / scale);
  if (disc >= 0) {
    // λ = d + p ± √(p² + bc); take the root without cancellation, get the other from the product.
    const z = p + (p >= 0 ? 1 : -1) * scale * Math.sqrt(disc);
    re[i] = d + z;
    re[i + 1] = d - (b / z) * c;
  } else {
    const mid = d + p;
    const imag = scale * Math.sqrt(-disc);
    re[i] = re[i + 1] = mid;
    im[i] = imag;
    im[i + 1] = -imag;
  }
}
