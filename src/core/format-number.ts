// Numbers for people: 3 significant digits, and powers of ten given as log10 so 1e-400 prints as 1.00e-400.

export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 1);
}

/** 10^log10Value written as m.mme±x, valid far outside float64's range. */
export function fmtPow10(log10Value: number | null, digits = 3): string {
  if (log10Value === null) return '0';
  if (!Number.isFinite(log10Value)) return String(10 ** log10Value);
  let exponent = Math.floor(log10Value);
  let mantissa = 10 ** (log10Value - exponent);
  if (Number(mantissa.toFixed(digits - 1)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  if (exponent >= -3 && exponent < 6) return fmt(mantissa * 10 ** exponent, digits);
  return `${mantissa.toFixed(digits - 1)}e${exponent >= 0 ? '+' : ''}${exponent}`;
}
