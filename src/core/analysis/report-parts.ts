// Pieces every analysis result is built from, whatever the cell: log10 values back to plain numbers, a norm
// curve, where the model came from, and how far a matrix is from normal.
import { gemm } from '../linalg/gemm';
import { transpose, vectorNorm, type Matrix } from '../linalg/matrix';
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
  for (let i = 0; i < a.data.length; i++) a.data[i] -= b.data[i];
  const f = vectorNorm(A.data);
  return f > 0 ? vectorNorm(a.data) / (f * f) : 0;
}
