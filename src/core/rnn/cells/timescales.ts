// A unit's memory timescale from the mean of its forget gate (LSTM) or update gate (GRU): a gate that keeps a
// fraction m of the state per step keeps m^t after t steps, i.e. e^(−t/τ) with τ = −1/ln m steps.

/** τ = −1/ln m per unit, in steps; null where m = 1 (τ = ∞), 0 where m = 0. */
export function timescalesOf(meanGate: ArrayLike<number>): (number | null)[] {
  return Array.from(meanGate, (m) => (m >= 1 ? null : m <= 0 ? 0 : -1 / Math.log(m)));
}

/** The median τ (the upper one of an even count) over the units, τ = ∞ (null) counted as the longest; Infinity when
 *  no unit has a finite τ, NaN for no units. */
export function medianTimescale(timescales: readonly (number | null)[]): number {
  if (timescales.length === 0) return NaN;
  const finite = timescales.filter((t): t is number => t !== null).sort((a, b) => a - b);
  return finite.length > 0 ? finite[Math.floor(finite.length / 2)] : Infinity;
}

/** Upper edges (inclusive) of the bins before the last; the last bin holds everything longer, and τ = ∞. */
export const TIMESCALE_EDGES = [1, 10, 100, 1000] as const;

export interface TimescaleBin {
  /** "≤ 1", "≤ 10", …, "> 1000" (steps). */
  label: string;
  /** The bin's lower edge (exclusive; 0 for the first) and upper edge (inclusive; Infinity for the last). */
  above: number;
  upTo: number;
  count: number;
}

/**
 * Counts per bin. τ ≤ 1 goes in the first bin, 1 < τ ≤ 10 in the second, and so on; τ > 1000 and null (the mean
 * gate is exactly 1: τ = ∞) in the last. A τ that is not a number cannot be placed: it is counted in `unplaced`.
 */
export function binTimescales(timescales: readonly (number | null)[]): { bins: TimescaleBin[]; unplaced: number } {
  const bins: TimescaleBin[] = TIMESCALE_EDGES.map((upTo, i) => ({
    label: `≤ ${upTo}`,
    above: i === 0 ? 0 : TIMESCALE_EDGES[i - 1],
    upTo,
    count: 0,
  }));
  const last = TIMESCALE_EDGES[TIMESCALE_EDGES.length - 1];
  bins.push({ label: `> ${last}`, above: last, upTo: Infinity, count: 0 });
  let unplaced = 0;
  for (const tau of timescales) {
    if (tau === null || tau === Infinity) {
      bins[bins.length - 1].count++;
      continue;
    }
    if (typeof tau !== 'number' || Number.isNaN(tau) || tau < 0) {
      unplaced++;
      continue;
    }
    const index = TIMESCALE_EDGES.findIndex((edge) => tau <= edge);
    bins[index === -1 ? bins.length - 1 : index].count++;
  }
  return { bins, unplaced };
}
