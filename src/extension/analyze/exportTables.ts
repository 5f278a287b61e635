// The numbers of an analysis as CSV tables (full float64 precision, so they round-trip) for export.
import type { AnalysisResult } from '../../core/analysis/types';

const cell = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x));

/** One row per lag: the Jacobian norms and bounds (lags 1..L) and the gradient's per-lag terms (lags 0..T−1). */
export function lagsCsv(result: AnalysisResult): string {
  const { jacobian, gradient } = result;
  const header = [
    'lag',
    'jacobian_frobenius',
    'jacobian_spectral',
    'log10_jacobian_frobenius',
    'log10_jacobian_spectral',
    'bound_gamma_sigma_max_pow_l',
    'bound_rho_pow_l',
    'log10_bound_gamma_sigma_max_pow_l',
    'log10_bound_rho_pow_l',
    'gradient_frobenius_by_lag',
    'log10_gradient_frobenius_by_lag',
    'gradient_share_by_lag',
  ];
  const lastLag = Math.max(jacobian.lags[jacobian.lags.length - 1] ?? 0, gradient.byLag.length - 1);
  const rows = [header.join(',')];
  for (let lag = 0; lag <= lastLag; lag++) {
    const j = jacobian.lags.indexOf(lag);
    const at = <T>(values: readonly T[]): T | undefined => (j >= 0 ? values[j] : undefined);
    rows.push(
      [
        String(lag),
        cell(at(jacobian.frobenius)),
        cell(at(jacobian.spectral)),
        cell(at(jacobian.log10Frobenius)),
        cell(at(jacobian.log10Spectral)),
        cell(at(jacobian.bounds.pascanu)),
        cell(at(jacobian.bounds.spectralRadius)),
        cell(at(jacobian.bounds.log10Pascanu)),
        cell(at(jacobian.bounds.log10SpectralRadius)),
        cell(gradient.byLag[lag]),
        cell(gradient.log10ByLag[lag]),
        cell(gradient.shareByLag[lag]),
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

export function eigenvaluesCsv(result: AnalysisResult): string {
  const rows = ['index,real,imaginary,modulus'];
  result.spectrum.eigenvalues.forEach(([re, im], i) => rows.push(`${i + 1},${re},${im},${Math.hypot(re, im)}`));
  return rows.join('\n') + '\n';
}
