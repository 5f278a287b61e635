// Puts magnitudes on a log axis by plotting their log10 values: values that underflow float64 (1e-400)
// stay drawable, and exact zeros (log10 = −∞) are clamped to the axis floor and counted so the chart can say so.
import { fmtPow10 } from '../src/core/format-number';

export interface LogSeriesInput {
  label: string;
  /** log10 of the magnitudes; null (or −∞) for an exact 0. */
  log10: readonly (number | null)[];
  /** The magnitudes themselves, to count those that underflowed to 0 in float64 but have a finite log10. */
  linear?: readonly number[];
}

export interface LogPoint {
  x: number;
  /** log10 of the value, or the floor when clamped. */
  y: number;
  clamped: boolean;
}

export interface LogSeries {
  label: string;
  points: LogPoint[];
}

export interface LogChartData {
  series: LogSeries[];
  /** Lowest and highest decade on the axis. */
  floor: number;
  ceiling: number;
  /** Points drawn at the floor (or ceiling) because their log10 is not finite. */
  clampedCount: number;
  /** Points whose value underflowed to 0 in float64 but are drawn from their finite log10. */
  underflowCount: number;
}

function finiteRange(values: Iterable<number | null>): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const y of values) {
    if (y !== null && Number.isFinite(y)) {
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
  }
  return Number.isFinite(min) ? { min, max } : undefined;
}

/**
 * The decades an axis spans to show `measured` (and the `alsoShow` levels) with a margin of at least half a
 * decade or 8 % of the span on each side. What else is drawn (bounds) may leave it and is clipped at the edge.
 */
export function fitLogRange(
  measured: readonly (readonly (number | null)[])[],
  alsoShow: readonly number[] = [],
): { floor: number; ceiling: number } {
  const range = finiteRange([...measured.flat(), ...alsoShow]) ?? { min: -1, max: 1 };
  const margin = Math.max(0.5, 0.08 * (range.max - range.min));
  const floor = Math.floor(range.min - margin);
  return { floor, ceiling: Math.max(Math.ceil(range.max + margin), floor + 1) };
}

/** Without `range`, the axis spans every input: one decade of room below the smallest finite value. */
export function prepareLogSeries(
  xs: readonly number[],
  inputs: readonly LogSeriesInput[],
  range?: { floor: number; ceiling: number },
): LogChartData {
  const all = finiteRange(inputs.flatMap((input) => input.log10)) ?? { min: -1, max: 1 };
  // One decade of room below the smallest finite value, so clamped zeros sit visibly apart from it.
  const floor = range?.floor ?? Math.floor(all.min) - 1;
  const ceiling = range?.ceiling ?? Math.max(Math.ceil(all.max), floor + 1);
  let clampedCount = 0;
  let underflowCount = 0;
  const series = inputs.map((input) => ({
    label: input.label,
    points: xs.map((x, i) => {
      const y = input.log10[i] ?? -Infinity;
      if (input.linear && input.linear[i] === 0 && Number.isFinite(y)) underflowCount++;
      if (Number.isFinite(y)) return { x, y, clamped: false };
      clampedCount++;
      return { x, y: y === Infinity ? ceiling : floor, clamped: true };
    }),
  }));
  return { series, floor, ceiling, clampedCount, underflowCount };
}

/** "1e-40" style label for a decade; "1" for 0. */
export function formatDecade(log10: number): string {
  if (log10 === 0) return '1';
  return `1e${log10}`;
}

/** A magnitude given by its log10, readable even when it underflows float64: "3.2e-412". */
export function formatFromLog10(log10: number | null): string {
  return fmtPow10(log10);
}
