// Numbers for people, one rule wherever they are read (hovers, the panel, the inspector, the CLI):
// - 4 significant digits, enough to tell 0.9996 from 1.001 at the edge of stability;
// - trailing zeros dropped, as Python's '%.4g' does: 0.5, 1, 0.7351;
// - exponent form outside 1e-4 ≤ |x| < 1e4 (never a zero that is not significant): 1.235e+4, 3.2e-7;
// - powers of ten given as log10 print the same way far beyond float64: 1e-400, 3.2e-412;
// - negative zero prints as 0, NaN as NaN, infinities as ∞ and -∞; minus signs stay ASCII for copy-paste;
// - percentages are the same number times 100 with '%'; counts are exact integers grouped by thousands.

export const SIGNIFICANT_DIGITS = 4;
/** Exponent form below 10^-4 and from 10^digits up (the '%g' rule). */
const SMALLEST_FIXED_EXPONENT = -4;

export function fmt(x: number, digits = SIGNIFICANT_DIGITS): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const [mantissa, exponentText] = x.toExponential(digits - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < SMALLEST_FIXED_EXPONENT || exponent >= digits) return exponentForm(mantissa, exponent);
  return String(Number(x.toPrecision(digits)));
}

/** 10^log10Value by the same rule as fmt, valid far outside float64's range; null (an exact 0) prints 0. */
export function fmtPow10(log10Value: number | null, digits = SIGNIFICANT_DIGITS): string {
  if (log10Value === null || log10Value === -Infinity) return '0';
  if (Number.isNaN(log10Value)) return 'NaN';
  if (log10Value === Infinity) return '∞';
  let exponent = Math.floor(log10Value);
  let mantissa = Number((10 ** (log10Value - exponent)).toPrecision(digits));
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  if (exponent >= SMALLEST_FIXED_EXPONENT && exponent < digits) return fmt(mantissa * 10 ** exponent, digits);
  return exponentForm(mantissa.toFixed(digits - 1), exponent);
}

/**
 * A nonnegative magnitude given both ways (ρ, σ_max): the value when it is a normal float64 or 0, else its log10,
 * which keeps the digits a subnormal value has lost and says what a value beyond float64 (null) is.
 */
export function fmtMagnitude(value: number | null, log10Value: number | null, digits = SIGNIFICANT_DIGITS): string {
  if (value !== null && Number.isFinite(value) && (value >= SMALLEST_NORMAL || log10Value === null)) {
    return fmt(value, digits);
  }
  return fmtPow10(log10Value, digits);
}

/** 2^−1022: below it float64 values are subnormal and lose digits. */
const SMALLEST_NORMAL = 2 ** -1022;

/** A fraction as a percentage: 0.9947 → 99.47%. */
export function fmtPercent(fraction: number, digits = SIGNIFICANT_DIGITS): string {
  return `${fmt(100 * fraction, digits)}%`;
}

/** A count (tensors, values, parameters) exactly, grouped by thousands: 1,048,576. */
export function fmtCount(n: number): string {
  if (!Number.isSafeInteger(n)) return fmt(n);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

function exponentForm(mantissa: string, exponent: number): string {
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmed}e${exponent >= 0 ? '+' : '-'}${Math.abs(exponent)}`;
}
