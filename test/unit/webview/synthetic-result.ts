// Synthetic AnalysisResult objects that follow src/core/analysis/types.ts, for the panel's pure chart builders:
// a vanilla RNN, and an LSTM or GRU with every key the gated analysis adds. The numbers are made up but consistent
// (log10 beside each value), so a test can compute what the chart should hold from them directly.
import type { AnalysisResult, NormCurve } from '../../../src/core/analysis/types';

/** A curve decaying by `factor` a lag, spectral = frobenius / 2. */
export function geometricCurve(lags: number, factor: number, start = 1): NormCurve {
  const frobenius = Array.from({ length: lags }, (_, i) => start * factor ** (i + 1));
  const spectral = frobenius.map((f) => f / 2);
  return {
    frobenius,
    spectral,
    log10Frobenius: frobenius.map((v) => Math.log10(v)),
    log10Spectral: spectral.map((v) => Math.log10(v)),
  };
}

export function rnnResult(lags = 10, layers: AnalysisResult['model']['layers'] = []): AnalysisResult {
  const full = geometricCurve(lags, 0.5);
  const shares = Array.from({ length: lags }, () => 1 / lags);
  return {
    model: {
      cell: 'rnn',
      stateSize: 4,
      activation: 'tanh',
      activationSource: 'file',
      hiddenSize: 4,
      inputSize: 3,
      file: '/w/rnn.json',
      format: 'json',
      layer: 0,
      direction: 'forward',
      layers: layers.length ? layers : [{ layer: 0, direction: 'forward', cell: 'rnn', hiddenSize: 4, inputSize: 3 }],
    },
    spectrum: {
      eigenvalues: [
        [0.5, 0.25],
        [0.5, -0.25],
        [-0.3, 0],
        [0.1, 0],
      ],
      spectralRadius: Math.hypot(0.5, 0.25),
      log10SpectralRadius: Math.log10(Math.hypot(0.5, 0.25)),
      sigmaMax: 0.8,
      log10SigmaMax: Math.log10(0.8),
      gamma: 1,
      gammaSigmaMax: 0.8,
      log10GammaSigmaMax: Math.log10(0.8),
      transientGrowth: false,
      departureFromNormality: 0.1,
    },
    jacobian: {
      steps: lags,
      lags: Array.from({ length: lags }, (_, i) => i + 1),
      ...full,
      bounds: {
        pascanu: full.frobenius.map((_, i) => 0.8 ** (i + 1)),
        spectralRadius: full.frobenius.map((_, i) => 0.559 ** (i + 1)),
        log10Pascanu: full.frobenius.map((_, i) => (i + 1) * Math.log10(0.8)),
        log10SpectralRadius: full.frobenius.map((_, i) => (i + 1) * Math.log10(0.559)),
      },
      exact: true,
      method: 'exact',
    },
    gradient: {
      loss: '0.5*||h_T||^2',
      frobenius: 1,
      byLag: shares,
      log10ByLag: shares.map((s) => Math.log10(s)),
      shareByLag: shares,
    },
    tied: [],
    inputs: { kind: 'random', steps: lags, seed: 0 },
    verdict: {
      regime: 'vanishing',
      horizon: 4,
      horizonReachesEnd: false,
      threshold: 1e-3,
      slopeLog10PerStep: Math.log10(0.5),
      growthPerStep: 0.5,
      zeroFromLag: null,
      summary: 'Gradients vanish.',
      reasons: [],
    },
    timingsMs: { total: 1 },
  };
}

const spectrumOf = (rho: number, sigma: number) => ({
  eigenvalues: [
    [rho, 0],
    [rho / 2, 0],
  ] as [number, number][],
  spectralRadius: rho,
  log10SpectralRadius: Math.log10(rho),
  sigmaMax: sigma,
  log10SigmaMax: Math.log10(sigma),
});

/** An LSTM (n = 4, state 8) with a hidden path decaying by 0.3 and a cell path by 0.9 a step. */
export function lstmResult(
  lags = 10,
  timescales: (number | null)[] = [0.5, 2, 30, 400, 5000, null, 1, 10],
): AnalysisResult {
  const base = rnnResult(lags, [
    { layer: 0, direction: 'forward', cell: 'lstm', hiddenSize: 4, inputSize: 3 },
    { layer: 1, direction: 'forward', cell: 'lstm', hiddenSize: 4, inputSize: 4 },
  ]);
  return {
    ...base,
    model: { ...base.model, cell: 'lstm', stateSize: 8 },
    spectrum: {
      ...base.spectrum,
      of: '∂s_t/∂s_(t−1) at s = 0, x = 0',
      gates: { i: spectrumOf(0.4, 0.6), f: spectrumOf(0.7, 0.9), g: spectrumOf(1.2, 1.5), o: spectrumOf(0.3, 0.5) },
    },
    jacobian: { ...base.jacobian, hidden: geometricCurve(lags, 0.3), cell: geometricCurve(lags, 0.9) },
    gradient: {
      ...base.gradient,
      gates: {
        i: { frobenius: 0.1, byLag: base.gradient.byLag, log10ByLag: base.gradient.log10ByLag },
        f: { frobenius: 0.2, byLag: base.gradient.byLag, log10ByLag: base.gradient.log10ByLag },
        g: { frobenius: 0.3, byLag: base.gradient.byLag, log10ByLag: base.gradient.log10ByLag },
        o: { frobenius: 0.4, byLag: base.gradient.byLag, log10ByLag: base.gradient.log10ByLag },
      },
    },
    gates: {
      i: { mean: 0.5, saturatedLow: 0.01, saturatedHigh: 0.02 },
      f: { mean: 0.9, saturatedLow: 0, saturatedHigh: 0.4 },
      g: { mean: -0.1, saturatedLow: 0.05, saturatedHigh: 0.03 },
      o: { mean: 0.6, saturatedLow: 0.1, saturatedHigh: 0.2 },
    },
    timescales,
  };
}

export function gruResult(lags = 10): AnalysisResult {
  const base = rnnResult(lags, [{ layer: 0, direction: 'forward', cell: 'gru', hiddenSize: 4, inputSize: 3 }]);
  return {
    ...base,
    model: { ...base.model, cell: 'gru', stateSize: 4, resetAfter: true },
    spectrum: {
      ...base.spectrum,
      of: '∂s_t/∂s_(t−1) at s = 0, x = 0',
      gates: { r: spectrumOf(0.4, 0.6), z: spectrumOf(0.7, 0.9), n: spectrumOf(1.2, 1.5) },
    },
    jacobian: { ...base.jacobian, hidden: { ...base.jacobian } },
    gates: {
      r: { mean: 0.5, saturatedLow: 0.01, saturatedHigh: 0.02 },
      z: { mean: 0.8, saturatedLow: 0, saturatedHigh: 0.1 },
      n: { mean: 0.05, saturatedLow: 0.2, saturatedHigh: 0.25 },
    },
    timescales: [1, 2, 3, 4],
  };
}
