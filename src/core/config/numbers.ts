// Numbers for people: three significant digits, powers of ten past float64's range written from their log10.

export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/** 10^log10 as text, even when it under- or overflows float64 (e.g. 1e-400). */
export function fmtPow10(log10: number): string {
  if (!Number.isFinite(log10)) return log10 < 0 ? '0' : '∞';
  if (Math.abs(log10) < 300) return fmt(10 ** log10);
  const exponent = Math.floor(log10);
  const mantissa = 10 ** (log10 - exponent);
  return `${fmt(mantissa)}e${exponent}`;
}
