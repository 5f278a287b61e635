// The numbers of an analysis as CSV tables (full float64 precision, so they round-trip) for export.
import { inLyapunovUnit } from '../../core/analysis/lyapunov-units';
import type { AnalysisResult, NormCurve } from '../../core/analysis/types';

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
  // LSTM/GRU and the whole stack: their curves after the columns every result has.
  const extra: [string, NormCurve | undefined][] = [
    ['hidden', jacobian.hidden],
    ['cell', jacobian.cell],
    ['stack', result.stack?.jacobian],
    ['top_to_bottom', result.stack?.topToBottom],
  ];
  const curves = extra.filter((e): e is [string, NormCurve] => e[1] !== undefined);
  for (const [name] of curves)
    header.push(`${name}_frobenius`, `${name}_spectral`, `log10_${name}_frobenius`, `log10_${name}_spectral`);
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
        ...curves.flatMap(([, c]) => [
          cell(at(c.frobenius)),
          cell(at(c.spectral)),
          cell(at(c.log10Frobenius)),
          cell(at(c.log10Spectral)),
        ]),
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}

/** W_hh's eigenvalues; for an LSTM/GRU the origin step Jacobian's and each gate block's, named in a first column. */
export function eigenvaluesCsv(result: AnalysisResult): string {
  const { spectrum } = result;
  const gates = Object.entries(spectrum.gates ?? {});
  const row = ([re, im]: [number, number], i: number) => `${i + 1},${re},${im},${Math.hypot(re, im)}`;
  if (gates.length === 0) {
    const rows = ['index,real,imaginary,modulus'];
    spectrum.eigenvalues.forEach((e, i) => rows.push(row(e, i)));
    return rows.join('\n') + '\n';
  }
  const rows = ['matrix,index,real,imaginary,modulus'];
  spectrum.eigenvalues.forEach((e, i) => rows.push(`origin_step_jacobian,${row(e, i)}`));
  for (const [gate, block] of gates) block?.eigenvalues.forEach((e, i) => rows.push(`W_h${gate},${row(e, i)}`));
  return rows.join('\n') + '\n';
}

/**
 * The long run: the spectrum (one row per exponent, natural log per step, with its standard error) and the
 * running λ₁ estimate (one row per kept step), as two blocks a `table` column tells apart. Empty without one.
 */
export function lyapunovCsv(result: AnalysisResult): string {
  const ly = result.lyapunov;
  if (!ly) return '';
  const rows = ['table,index_or_step,lambda_ln_per_step,lambda_log10_per_step,standard_error_ln_per_step'];
  ly.exponents.forEach((lambda, i) =>
    rows.push(`spectrum,${i + 1},${cell(lambda)},${cell(log10Rate(lambda))},${cell(ly.standardError[i])}`),
  );
  ly.runningLambda1.step.forEach((step, i) => {
    const lambda = ly.runningLambda1.lambda1[i];
    rows.push(
      `running_lambda1,${step},${cell(lambda)},${cell(log10Rate(lambda))},${cell(ly.runningLambda1.standardError[i])}`,
    );
  });
  return rows.join('\n') + '\n';
}

/** A rate per step in natural log as log10 per step; −∞ (null in JSON) stays empty. */
function log10Rate(lambda: number | null): number | null {
  return lambda === null || !Number.isFinite(lambda) ? null : inLyapunovUnit(lambda, 'log10');
}
