// Pieces every analysis result is built from, whatever the cell: log10 values back to plain numbers, a norm
// curve, where the model came from, and how far a matrix is from normal.
import { gemm } from '../linalg/gemm';
import { normFromSumOfSquares, transpose, type Matrix } from '../linalg/matrix';
import type { ModelSource } from '../rnn/model';
import type { AnalysisResult, NormCurve } from './types';

/** 10^v, 0 for null (a value that is exactly zero); ∞ beyond float64 (null in JSON). */
export function pow10(v: number | null): number {
  return v === null ? 0 : 10 ** v;
}

/** A curve carried as log10 values, with its plain values beside them. */
export function normCurve(c: { log10Frobenius: (number | null)[]; log10Spectral: (number | null)[] }): NormCurve {
  return {
    frobenius: c.log10Frobenius.map(pow10),
    spectral: c.log10Spectral.map(pow10),
    log10Frobenius: c.log10Frobenius,
    log10Spectral: c.log10Spectral,
  };
}

/** The file, format, checkpoint summary, layer and the file's layers: the model keys that say where it came from. */
export function sourceFields(
  source: ModelSource,
): Pick<AnalysisResult['model'], 'file' | 'format' | 'checkpoint' | 'layer' | 'direction' | 'layers'> {
  return {
    file: source.file,
    format: source.format,
    ...(source.checkpoint ? { checkpoint: source.checkpoint } : {}),
    layer: source.layer,
    direction: source.direction,
    layers: source.layers.map(({ layer, direction, cell, hiddenSize, inputSize }) => ({
      layer,
      direction,
      cell,
      hiddenSize,
      inputSize,
    })),
  };
}

/** ‖A Aᵀ − Aᵀ A‖_F / ‖A‖_F²: 0 exactly when A is normal; the same for A·2^e (give it at unit scale). */
export function departureFromNormality(A: Matrix): number {
  const At = transpose(A);
  const a = gemm(A, At);
  const b = gemm(At, A);
  // One pass for the difference and its Σ squares, and one for A's: this runs once per analysis, before the
  // kernels are warm, where every pass over n² entries costs milliseconds. The scaled norm only where plain
  // squares would overflow or underflow (a matrix far from unit scale).
  const d = a.data;
  let differenceSq = 0;
  for (let i = 0; i < d.length; i++) {
    const x = d[i] - b.data[i];
    d[i] = x;
    differenceSq += x * x;
  }
  let sizeSq = 0;
  for (let i = 0; i < A.data.length; i++) sizeSq += A.data[i] * A.data[i];
  const f = normFromSumOfSquares(A.data, sizeSq);
  return f > 0 ? normFromSumOfSquares(d, differenceSq) / (f * f) : 0;
}
