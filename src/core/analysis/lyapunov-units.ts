// The Lyapunov exponents' two units: the core computes natural log per step (λ = (1/T) Σ ln|R_ii|); log10 per
// step is λ / ln 10, the unit the Jacobian chart's log10‖J(l)‖ slope is read in. The panel and the export use it.
export type LyapunovUnit = 'ln' | 'log10';

/** A rate per step in natural log, in `unit`; −∞ (a direction mapped to zero) stays −∞. */
export function inLyapunovUnit(lambda: number, unit: LyapunovUnit): number {
  return unit === 'ln' ? lambda : lambda / Math.LN10;
}

/** The unit as a label: "ln per step", "log10 per step". */
export function lyapunovUnitLabel(unit: LyapunovUnit): string {
  return unit === 'ln' ? 'ln per step' : 'log10 per step';
}
