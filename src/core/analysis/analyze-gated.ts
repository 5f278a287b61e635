// One LSTM or GRU in, every number the CLI and the panel show out: the origin-linearised spectrum and each gate
// block's, the Jacobian curves of the full state and both paths with bounds, the tied W_hh's gradient by lag and
// per gate, the gates along the trajectory and the units' timescales, and the verdict in the gates' terms.
import { fmt } from '../format-number';
import { eigenvalues, spectralRadius, type Eigenvalue } from '../linalg/eigen';
import { vectorNorm, type Matrix } from '../linalg/matrix';
import { spectralNorm } from '../linalg/svd';
import { EigenvalueTask, helperThread, sharedCopy, stepSplitterWith } from '../parallel/helper';
import { runCell } from '../rnn/cells';
import { gatedBpttGradient } from '../rnn/cells/bptt';
import { gatedJacobianCurves } from '../rnn/cells/curve';
import { GATED_ESTIMATE_PROBES, estimatedGatedCurves } from '../rnn/cells/curve-estimate';
import { gateReport } from '../rnn/cells/gates';
import { gateBlocks, originJacobian } from '../rnn/cells/origin';
import { supBound } from '../rnn/cells/sup-bound';
import { timescalesOf } from '../rnn/cells/timescales';
import { stateSize, type GateName, type GruModel, type LstmModel } from '../rnn/gated-model';
import { decideGatedVerdict } from '../rnn/gated-verdict';
import { throwIfCancelled, type ComputeHooks } from '../rnn/hooks';
import type { Worker } from 'node:worker_threads';
import type { AnalyzeModelOptions } from './model-options';
import type { InputSequence } from './inputs';
import { departureFromNormality, normCurve, pow10, sourceFields } from './report-parts';
import { DEFAULT_THRESHOLD, type AnalysisResult, type GateSpectrum } from './types';

/** Past this many floating-point operations for the exact gated curve it is estimated: an LSTM's product per
 *  lag is 2·S²·n (S = 2n), so n = 512 with T = 100 (1.1e11) stays exact and n = 1024 (8.6e11) is estimated. */
export const MAX_EXACT_GATED_FLOPS = 2.5e11;
/** Eigenvalues (Francis QR, ~10 s³ operations) of the origin Jacobian up to this size, of a gate block up to
 *  MAX_GATE_EIGEN_SIZE: past them a run would spend most of its time there. σ_max (Lanczos) is always given. */
export const MAX_ORIGIN_EIGEN_SIZE = 1024;
export const MAX_GATE_EIGEN_SIZE = 512;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Eigenvalues offered to the helper (or null past the size limit), σ_max here. */
class SpectrumTask {
  private readonly task: EigenvalueTask | null;
  readonly sigma: { value: number; log10Value: number | null };

  constructor(
    readonly matrix: Matrix,
    maxEigenSize: number,
    helper: Worker | null,
  ) {
    const n = matrix.rows;
    this.task =
      n <= maxEigenSize ? new EigenvalueTask(helper ? sharedCopy(matrix.data) : matrix.data, n, helper) : null;
    this.sigma = spectralNorm(matrix);
  }

  result(hooks: ComputeHooks): GateSpectrum & { computed: boolean } {
    let eigs: Eigenvalue[] = [];
    if (this.task) {
      eigs = this.task.take(() => eigenvalues(this.matrix, { shouldStop: hooks.isCancelled }), hooks.isCancelled);
      throwIfCancelled(hooks);
    }
    const rho = spectralRadius(eigs);
    return {
      eigenvalues: eigs,
      spectralRadius: this.task ? finiteOrNull(rho) : null,
      log10SpectralRadius: this.task && rho > 0 ? Math.log10(rho) : null,
      sigmaMax: finiteOrNull(this.sigma.value),
      log10SigmaMax: this.sigma.log10Value,
      computed: this.task !== null,
    };
  }
}

/** Floating-point operations of one exact product J · A_t. */
function flopsPerLag(model: LstmModel | GruModel): number {
  const S = stateSize(model);
  const denseCols = model.cell === 'lstm' && !model.W_hr ? model.hiddenSize : S;
  return 2 * S * S * denseCols;
}

export function analyzeGatedModel(
  model: LstmModel | GruModel,
  sequence: InputSequence,
  options: AnalyzeModelOptions,
  hooks: ComputeHooks = {},
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
  const report = (from: number, to: number): ComputeHooks => ({
    isCancelled: hooks.isCancelled,
    onProgress: (f, message) => hooks.onProgress?.(from + (to - from) * f, message),
  });
  const n = model.hiddenSize;
  const S = stateSize(model);
  const P = model.cell === 'lstm' ? model.outputSize : n;
  const s0 = new Float64Array(S);
  s0.set(sequence.h0.subarray(0, P));
  if (model.cell === 'lstm' && sequence.c0) s0.set(sequence.c0, P);

  // The eigenvalues go to the helper thread first (origin, then each gate block); it joins the products after.
  const helper = options.threads === false ? null : helperThread();
  const origin = timed('originJacobian', () => originJacobian(model));
  const originSpectrum = timed('sigmaMax', () => new SpectrumTask(origin, MAX_ORIGIN_EIGEN_SIZE, helper));
  const blockSpectra = timed('gateSigmaMax', () =>
    gateBlocks(model).map(({ gate, block }) => ({ gate, task: new SpectrumTask(block, MAX_GATE_EIGEN_SIZE, helper) })),
  );
  const departure = timed('normality', () => departureFromNormality(origin));
  throwIfCancelled(hooks);
  hooks.onProgress?.(0.05, 'forward pass');
  const trajectory = timed('forward', () => runCell(model, sequence.inputs, s0, hooks));
  const exactFlops = flopsPerLag(model) * L;
  const exact = exactFlops <= (options.maxExactFlops ?? MAX_EXACT_GATED_FLOPS);
  const curves = timed('jacobian', () =>
    exact
      ? gatedJacobianCurves(model, sequence.inputs, trajectory, L, report(0.1, 0.8), {
          stepSplitter: stepSplitterWith(helper),
        })
      : estimatedGatedCurves(model, sequence.inputs, trajectory, L, GATED_ESTIMATE_PROBES, 0, report(0.1, 0.8)),
  );
  hooks.onProgress?.(0.8, 'eigenvalues');
  // The helper took the eigenproblems in order; whatever it has not started is computed here.
  const { spectrum, gateSpectra } = timed('eigenvalues', () => {
    const origin = originSpectrum.result(hooks);
    const gates: Partial<Record<GateName, GateSpectrum>> = {};
    for (const { gate, task } of blockSpectra) {
      const {
        eigenvalues: eigs,
        spectralRadius: rho,
        log10SpectralRadius,
        sigmaMax,
        log10SigmaMax,
      } = task.result(hooks);
      gates[gate] = { eigenvalues: eigs, spectralRadius: rho, log10SpectralRadius, sigmaMax, log10SigmaMax };
    }
    return { spectrum: origin, gateSpectra: gates };
  });
  hooks.onProgress?.(0.85, 'gradient');
  const gradient = timed('gradient', () => gatedBpttGradient(model, sequence.inputs, trajectory, report(0.85, 0.97)));
  const gates = timed('gates', () => gateReport(model, sequence.inputs, trajectory, hooks));
  const memoryGate = model.cell === 'lstm' ? gates.unitMeans.f : gates.unitMeans.z;
  const timescales = timescalesOf(memoryGate ?? []);
  // The gate blocks' norms as the spectra have them (with a projection the blocks are W_h·W_hr, so computed anew).
  const blockNorms = model.cell === 'lstm' && model.W_hr ? undefined : blockSpectra.map(({ task }) => task.sigma.value);
  const sup = supBound(model, s0, T, blockNorms);

  const lags = Array.from({ length: L }, (_, i) => i + 1);
  const log10Rho = spectrum.log10SpectralRadius;
  const log10Pascanu = lags.map((l) => (sup.log10PerStep === null ? -Infinity : l * sup.log10PerStep));
  const log10SpectralRadius = lags.map((l) => (log10Rho === null ? -Infinity : l * log10Rho));
  const byLagLinear = gradient.log10ByLag.map(pow10);
  const total = byLagLinear.reduce((a, b) => a + b, 0);
  const gateRows = (k: number): Float64Array => gradient.W_hh.data.subarray(k * n * P, (k + 1) * n * P);
  const gradientGates: NonNullable<AnalysisResult['gradient']['gates']> = {};
  Object.entries(gradient.gates).forEach(([gate, log10ByLag], k) => {
    gradientGates[gate as GateName] = {
      frobenius: vectorNorm(gateRows(k)),
      byLag: log10ByLag!.map(pow10),
      log10ByLag: log10ByLag!,
    };
  });
  const stateWords = model.cell === 'lstm' ? `s = (h, c), ${S} = ${P} + ${n}` : `s = h, ${n}`;
  const supPerStep = sup.log10PerStep === null ? 0 : pow10(sup.log10PerStep);
  const sigmaMax = spectrum.sigmaMax;
  const eigenNote = spectrum.computed
    ? ''
    : `; its eigenvalues are not computed past ${MAX_ORIGIN_EIGEN_SIZE}×${MAX_ORIGIN_EIGEN_SIZE} (ρ null), σ_max is`;
  const gateNote =
    n <= MAX_GATE_EIGEN_SIZE
      ? ''
      : `; gate blocks' eigenvalues are not computed past ${MAX_GATE_EIGEN_SIZE}×${MAX_GATE_EIGEN_SIZE}`;
  const projNote = model.cell === 'lstm' && model.W_hr ? '; with the projection each gate block is W_h·W_hr (n×n)' : '';

  return {
    model: {
      cell: model.cell,
      stateSize: S,
      ...(model.cell === 'lstm' && model.W_hr ? { projSize: P } : {}),
      ...(model.cell === 'gru' ? { resetAfter: model.resetAfter } : {}),
      activation: 'tanh',
      activationSource: 'default',
      hiddenSize: n,
      inputSize: model.inputSize,
      ...sourceFields(model.source),
    },
    spectrum: {
      of: `the step Jacobian ∂s_t/∂s_{t−1} linearised at the origin (s = 0, x = 0, biases kept; ${stateWords})${eigenNote}${gateNote}${projNote}; gamma is 1 and gammaSigmaMax the sup bound of one step's ‖∂s_t/∂s_{t−1}‖₂ (jacobian.bounds.pascanuAssumes)`,
      gates: gateSpectra,
      eigenvalues: spectrum.eigenvalues,
      spectralRadius: spectrum.spectralRadius,
      log10SpectralRadius: log10Rho,
      sigmaMax,
      log10SigmaMax: spectrum.log10SigmaMax,
      gamma: 1,
      gammaSigmaMax: finiteOrNull(supPerStep),
      log10GammaSigmaMax: sup.log10PerStep,
      transientGrowth:
        log10Rho !== null && log10Rho < 0 && spectrum.log10SigmaMax !== null && spectrum.log10SigmaMax > 0,
      departureFromNormality: departure,
    },
    jacobian: {
      steps: T,
      lags,
      frobenius: curves.full.log10Frobenius.map(pow10),
      spectral: curves.full.log10Spectral.map(pow10),
      log10Frobenius: curves.full.log10Frobenius,
      log10Spectral: curves.full.log10Spectral,
      bounds: {
        pascanu: log10Pascanu.map(pow10),
        spectralRadius: log10SpectralRadius.map(pow10),
        log10Pascanu,
        log10SpectralRadius,
        pascanuAssumes: `sup bound^l, ${fmt(supPerStep)} per step, valid for ${sup.assumes}`,
        spectralRadiusAssumes:
          'ρ^l with ρ of the step Jacobian at the origin: assumes the trajectory stays near s = 0, x = 0 (gates at σ(b)); not a bound along a real trajectory',
      },
      hidden: normCurve(curves.hidden),
      ...(curves.cell ? { cell: normCurve(curves.cell) } : {}),
      exact,
      method: exact
        ? `exact: J(l) = ∂s_T/∂s_{T−l} (${stateWords}) formed by one product per lag with the step Jacobian` +
          (model.cell === 'lstm' && !model.W_hr ? ' (its diagonal c columns elementwise)' : '') +
          ', kept normalised, scale carried as log10; ‖J(l)‖₂ by Lanczos bidiagonalisation run to convergence' +
          (model.cell === 'lstm' ? '; hidden and cell are the h→h and c→c blocks of the same J(l)' : '')
        : `estimated (exact would take ${fmt(exactFlops, 2)} floating-point operations): ‖J(l)‖_F from ${GATED_ESTIMATE_PROBES} Gaussian probe rows zᵀJ(l) per curve (Hutchinson, unbiased for ‖J‖_F², typically within ±25 %); ‖J(l)‖₂ as σ_max of the probes over √${GATED_ESTIMATE_PROBES}, between ‖J‖₂ and ‖J‖_F in expectation, close to ‖J‖₂ when J(l) has a dominant direction`,
    },
    gradient: {
      loss: '0.5*||h_T||^2',
      frobenius: vectorNorm(gradient.W_hh.data),
      byLag: byLagLinear,
      log10ByLag: gradient.log10ByLag,
      shareByLag: byLagLinear.map((v) => (total > 0 ? v / total : 0)),
      gates: gradientGates,
    },
    gates: gates.statistics,
    timescales,
    tied: [],
    inputs: options.inputs,
    verdict: decideGatedVerdict({
      cell: model.cell,
      full: curves.full,
      ...(curves.cell ? { cellPath: curves.cell } : {}),
      threshold,
      gates: gates.statistics,
      timescales,
      log10SpectralRadius: log10Rho,
      spectralRadius: spectrum.spectralRadius,
      estimated: !exact,
    }),
    timingsMs,
  };
}
