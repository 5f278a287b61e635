// Summary numbers for one tensor (what the inspector's table and the hovers show), plus ρ and σ_max for a
// square recurrent matrix.
import { eigenvalues, spectralRadius } from '../linalg/eigen';
import { vectorNorm, type Matrix } from '../linalg/matrix';
import { log10Scaled, mulPow2, unitScaled } from '../linalg/scaling';
import { spectralNorm } from '../linalg/svd';
import { isRecurrentName } from '../model/naming';
import type { Tensor } from '../tensors';

export interface TensorStatistics {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (numpy's default, ddof = 0). */
  readonly std: number;
  readonly frobenius: number;
  /** Only for a square recurrent matrix (W_hh, weight_hh_l*, recurrent_kernel). */
  readonly spectralRadius?: number;
  readonly sigmaMax?: number;
  /** Their log10 (null for 0): exact where the value is subnormal or beyond float64 (then ∞). */
  readonly log10SpectralRadius?: number | null;
  readonly log10SigmaMax?: number | null;
}

export function isSquareRecurrent(t: Pick<Tensor, 'name' | 'shape'>): boolean {
  return isRecurrentName(t.name) && t.shape.length === 2 && t.shape[0] === t.shape[1] && t.shape[0] > 0;
}

export interface StatisticsOptions {
  /** Compute ρ and σ_max for square recurrent matrices up to this size (default 1024: a few seconds at most). */
  readonly maxSpectralSize?: number;
  readonly shouldStop?: () => boolean;
}

export function tensorStatistics(t: Tensor, options: StatisticsOptions = {}): TensorStatistics {
  const basic = elementStatistics(t.data);
  const limit = options.maxSpectralSize ?? 1024;
  if (!isSquareRecurrent(t) || t.shape[0] > limit) return basic;
  const m: Matrix = { rows: t.shape[0], cols: t.shape[1], data: t.data };
  // The same for Keras' recurrent_kernel (= W_hhᵀ): transposing changes neither ρ nor σ_max.
  return { ...basic, ...squareSpectrum(m, options) };
}

export interface SquareSpectrum {
  readonly spectralRadius: number;
  readonly sigmaMax: number;
  /** Their log10 (null for 0): exact where the value is subnormal or beyond float64 (then ∞). */
  readonly log10SpectralRadius: number | null;
  readonly log10SigmaMax: number | null;
}

/** ρ and σ_max of a square matrix. */
export function squareSpectrum(m: Matrix, options: Pick<StatisticsOptions, 'shouldStop'> = {}): SquareSpectrum {
  // At unit scale (exact powers of two), so ρ keeps its digits where it leaves float64.
  const unit = unitScaled(m);
  const unitRho = spectralRadius(eigenvalues(unit.matrix, { shouldStop: options.shouldStop }));
  const sigma = spectralNorm(m, { shouldStop: options.shouldStop });
  return {
    spectralRadius: mulPow2(unitRho, unit.exponent),
    sigmaMax: sigma.value,
    log10SpectralRadius: log10Scaled(unitRho, unit.exponent),
    log10SigmaMax: sigma.log10Value,
  };
}

/** Two passes (mean, then squared deviations) so std stays accurate when |mean| ≫ std. */
export function elementStatistics(data: Float64Array): TensorStatistics {
  const count = data.length;
  if (count === 0) return { count, min: NaN, max: NaN, mean: NaN, std: NaN, frobenius: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const x = data[i];
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (data[i] - mean) ** 2;
  return { count, min, max, mean, std: Math.sqrt(squares / count), frobenius: vectorNorm(data) };
}
