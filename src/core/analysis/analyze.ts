// One RNN in, every number the CLI and the panel show out: spectrum, Jacobian curve with bounds,
// the tied W_hh's gradient by lag, explicit tied groups, and the verdict.
import { fmt } from '../format-number';
import { eigenvalues, spectralRadius } from '../linalg/eigen';
import { vectorNorm } from '../linalg/matrix';
import { log10Scaled, poweredTwo, scaledValue, unitScaled } from '../linalg/scaling';
import { spectralNorm } from '../linalg/svd';
import { ACTIVATIONS } from '../rnn/activations';
import { bpttGradient } from '../rnn/bptt';
import { runForward } from '../rnn/forward';
import { throwIfCancelled, type ComputeHooks } from '../rnn/hooks';
import { jacobianCurve } from '../rnn/jacobian';
import { ESTIMATE_PROBES, estimatedJacobianCurve } from '../rnn/jacobian-estimate';
import type { RecurrentModel } from '../rnn/gated-model';
import type { RnnModel } from '../rnn/model';
import { checkTiedGroups } from '../rnn/tied';
import { decideVerdict } from '../rnn/verdict';
import { EigenvalueTask, helperThread, rowSplitterWith, sharedCopy } from '../parallel/helper';
import { analyzeGatedModel } from './analyze-gated';
import { departureFromNormality, pow10, sourceFields } from './report-parts';
import type { InputSequence } from './inputs';
import type { AnalyzeModelOptions } from './model-options';
import { DEFAULT_THRESHOLD, type AnalysisResult } from './types';

/** Past this many floating-point operations (L products of n×n matrices, 2n³ each) the curve is estimated:
 *  about a minute at the ~15 GFLOP/s our kernel reaches here. n = 1024 with T = 100 (2.1e11) stays exact. */
export const MAX_EXACT_FLOPS = 1e12;

export type { AnalyzeModelOptions } from './model-options';

/** Any cell: a vanilla RNN as always, an LSTM or GRU through analyze-gated.ts (every added key filled). */
export function analyzeModel(
  model: RecurrentModel,
  sequence: InputSequence,
  options: AnalyzeModelOptions,
  hooks: ComputeHooks = {},
): AnalysisResult {
  if (model.cell !== 'rnn') return analyzeGatedModel(model, sequence, options, hooks);
  return analyzeRnnModel(model, sequence, options, hooks);
}

function analyzeRnnModel(
  model: RnnModel,
  sequence: InputSequence,
  options: AnalyzeModelOptions,
  hooks: ComputeHooks,
): AnalysisResult {
  const timingsMs: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const r = f();
    timingsMs[name] = performance.now() - t0;
    return r;
  };
  const T = sequence.inputs.length;
  const L = Math.min(options.lags ?? T, T);
  if (!Number.isInteger(L) || L < 1)
    throw new RangeError(`lags must be a positive integer ≤ steps (${T}), got ${options.lags}`);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0)) throw new RangeError(`threshold must be a positive number, got ${threshold}`);
  const n = model.hiddenSize;
  const activation = ACTIVATIONS[model.activation];
  const report = (from: number, to: number): ComputeHooks => ({
    isCancelled: hooks.isCancelled,
    onProgress: (f, message) => hooks.onProgress?.(from + (to - from) * f, message),
  });

  // The eigenvalues go to the helper thread at once; this thread runs the forward pass and the curve,
  // whose products the helper joins when it is done with them.
  const helper = options.threads === false ? null : helperThread();
  // Eigenvalues of W_hh·2^−e (exact) when W_hh is far from unit scale: ρ then keeps its digits as log10 even
  // where ρ itself is subnormal or beyond float64.
  const unit = unitScaled(model.W_hh);
  const eigenTask = timed(
    'eigenvaluesOffered',
    () => new EigenvalueTask(helper ? sharedCopy(unit.matrix.data) : unit.matrix.data, n, helper),
  );
  const sMax = timed('sigmaMax', () => spectralNorm(model.W_hh));
  const departure = timed('normality', () => departureFromNormality(unit.matrix));
  hooks.onProgress?.(0.05, 'forward pass');
  const trajectory = timed('forward', () => runForward(model, sequence.inputs, sequence.h0));
  const exactFlops = 2 * n ** 3 * L;
  const exact = exactFlops <= (options.maxExactFlops ?? MAX_EXACT_FLOPS);
  const curve = timed('jacobian', () =>
    exact
      ? jacobianCurve(model.W_hh, trajectory.derivative, L, report(0.1, 0.85), { rowSplitter: rowSplitterWith(helper) })
      : estimatedJacobianCurve(model.W_hh, trajectory.derivative, L, ESTIMATE_PROBES, 0, report(0.1, 0.85)),
  );
  hooks.onProgress?.(0.85, 'eigenvalues of W_hh');
  const unitEigs = timed('eigenvalues', () =>
    eigenTask.take(() => eigenvalues(unit.matrix, { shouldStop: hooks.isCancelled }), hooks.isCancelled),
  );
  throwIfCancelled(hooks);
  const back = poweredTwo(unit.exponent);
  const eigs = unitEigs.map(([re, im]): [number, number] => [back(re), back(im)]);
  const unitRho = spectralRadius(unitEigs);
  const rho = scaledValue(unitRho, unit.exponent);
  const log10Rho = log10Scaled(unitRho, unit.exponent);
  const gradient = timed('gradient', () => bpttGradient(model, trajectory, sequence.inputs, report(0.9, 1)));

  let derivativeSum = 0;
  for (const d of trajectory.derivative) for (let i = 0; i < n; i++) derivativeSum += d[i];
  const meanDerivative = derivativeSum / (T * n);
  const gamma = activation.gamma;
  const log10SigmaMax = sMax.log10Value;
  const sigmaMaxValue = Number.isFinite(sMax.value) ? sMax.value : null;
  const log10GammaSigmaMax = log10SigmaMax === null || gamma === 0 ? null : Math.log10(gamma) + log10SigmaMax;
  const gammaSigmaMax = sigmaMaxValue === null ? null : gamma * sigmaMaxValue;
  const transientGrowth = log10Rho !== null && log10Rho < 0 && log10SigmaMax !== null && log10SigmaMax > 0;
  const lags = Array.from({ length: L }, (_, i) => i + 1);
  // −∞ (null in JSON) for a zero bound.
  const log10Pascanu = lags.map((l) => (log10GammaSigmaMax === null ? -Infinity : l * log10GammaSigmaMax));
  const log10SpectralRadius = lags.map((l) => (log10Rho === null ? -Infinity : l * log10Rho));
  const byLagLinear = gradient.log10ByLag.map(pow10);
  const total = byLagLinear.reduce((a, b) => a + b, 0);

  return {
    model: {
      cell: 'rnn',
      stateSize: n,
      activation: model.activation,
      activationSource: model.activationSource,
      hiddenSize: n,
      inputSize: model.inputSize,
      ...sourceFields(model.source),
    },
    spectrum: {
      eigenvalues: eigs,
      spectralRadius: rho,
      log10SpectralRadius: log10Rho,
      sigmaMax: sigmaMaxValue,
      log10SigmaMax,
      gamma,
      gammaSigmaMax,
      log10GammaSigmaMax,
      transientGrowth,
      departureFromNormality: departure,
    },
    jacobian: {
      steps: T,
      lags,
      frobenius: curve.log10Frobenius.map(pow10),
      spectral: curve.log10Spectral.map(pow10),
      log10Frobenius: curve.log10Frobenius,
      log10Spectral: curve.log10Spectral,
      bounds: {
        pascanu: log10Pascanu.map(pow10),
        spectralRadius: log10SpectralRadius.map(pow10),
        log10Pascanu,
        log10SpectralRadius,
      },
      exact,
      method: exact
        ? 'exact: J(l) formed by one matrix product per lag (kept normalised, scale carried as log10); ‖J(l)‖₂ by Lanczos bidiagonalisation run to convergence'
        : `estimated (exact would take ${fmt(exactFlops, 2)} floating-point operations): ‖J(l)‖_F from ${ESTIMATE_PROBES} Gaussian probe rows zᵀJ(l) (Hutchinson, unbiased for ‖J‖_F², typically within ±25 %); ‖J(l)‖₂ as the lower bound ‖J(l) v‖ with v the top right singular vector of the probes (tight when J(l) has a dominant direction)`,
    },
    gradient: {
      loss: '0.5*||h_T||^2',
      frobenius: vectorNorm(gradient.W_hh.data),
      byLag: byLagLinear,
      log10ByLag: gradient.log10ByLag,
      shareByLag: byLagLinear.map((v) => (total > 0 ? v / total : 0)),
    },
    tied: checkTiedGroups(model, gradient),
    inputs: options.inputs,
    verdict: decideVerdict({
      log10Spectral: curve.log10Spectral,
      spectralRadius: rho,
      log10SpectralRadius: log10Rho,
      sigmaMax: sigmaMaxValue,
      log10SigmaMax,
      gamma,
      log10GammaSigmaMax,
      activation: model.activation,
      threshold,
      meanDerivative,
      transientGrowth,
    }),
    timingsMs,
  };
}
