// What the spectrum says, each quantity as the README defines it.

/** How many exponents are positive: directions along which nearby trajectories separate (chaos when ≥ 1). */
export function positiveCount(exponents: readonly number[]): number {
  return exponents.filter((l) => l > 0).length;
}

/** Σ of the positive λ_i (nats per step): Pesin's estimate of the rate at which the network creates information. */
export function entropyRate(exponents: readonly number[]): number {
  return exponents.reduce((sum, l) => (l > 0 ? sum + l : sum), 0);
}

export interface KaplanYorke {
  /** j + Σ_{i≤j} λ_i / |λ_{j+1}|, j the largest index whose partial sum is ≥ 0; 0 when λ₁ < 0. */
  readonly dimension: number;
  /** Every partial sum of the k exponents computed stays ≥ 0: the dimension is at least k (more exponents needed). */
  readonly atLeast: boolean;
}

/** The Kaplan–Yorke (Lyapunov) dimension of the attractor, from exponents sorted in decreasing order. */
export function kaplanYorkeDimension(exponents: readonly number[]): KaplanYorke {
  if (exponents.length === 0 || exponents[0] < 0) return { dimension: 0, atLeast: false };
  let partial = 0;
  for (let j = 0; j < exponents.length; j++) {
    const next = partial + exponents[j];
    if (next < 0) return { dimension: j + partial / Math.abs(exponents[j]), atLeast: false };
    partial = next;
  }
  return { dimension: exponents.length, atLeast: true };
}

/**
 * Steps until ‖J(l)‖ ≈ e^{λ₁ l} falls to `threshold`: ln(threshold)/λ₁ when λ₁ < 0 (the long-run horizon), null
 * when λ₁ ≥ 0 (gradients do not fall below it at long lags).
 */
export function predictedHorizon(lambda1: number, threshold: number): number | null {
  if (!(lambda1 < 0)) return null;
  if (lambda1 === -Infinity) return 0;
  return Math.log(threshold) / lambda1;
}
