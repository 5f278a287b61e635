// A unit's memory timescale from the mean of its forget gate (LSTM) or update gate (GRU): a gate that keeps a
// fraction m of the state per step keeps m^t after t steps, i.e. e^(−t/τ) with τ = −1/ln m steps.

/** τ = −1/ln m per unit, in steps; null where m = 1 (τ = ∞), 0 where m = 0. */
export function timescalesOf(meanGate: ArrayLike<number>): (number | null)[] {
  return Array.from(meanGate, (m) => (m >= 1 ? null : m <= 0 ? 0 : -1 / Math.log(m)));
}

/** The histogram's upper edges in steps; the last bin holds everything past the last edge (and τ = ∞). */
export const TIMESCALE_EDGES = [1, 10, 100, 1000] as const;

export interface TimescaleBin {
  /** Upper edge in steps (τ ≤ upTo); null for the last bin (τ > 1000, or ∞). */
  upTo: number | null;
  count: number;
}

/** How many units remember for ≤ 1, ≤ 10, ≤ 100, ≤ 1000 and > 1000 steps. */
export function timescaleHistogram(timescales: readonly (number | null)[]): TimescaleBin[] {
  const bins: TimescaleBin[] = [...TIMESCALE_EDGES.map((upTo) => ({ upTo, count: 0 })), { upTo: null, count: 0 }];
  for (const tau of timescales) {
    const at = tau === null ? -1 : TIMESCALE_EDGES.findIndex((edge) => tau <= edge);
    bins[at < 0 ? bins.length - 1 : at].count++;
  }
  return bins;
}
