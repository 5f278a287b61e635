// The analysis of one RNN: the public JSON contract of `rnn-gradients analyze --json`, and what the panel draws.
// Magnitudes that can underflow float64 (‖J(l)‖ ≈ 1e-400 at long lags) are carried as log10 values too:
// `frobenius[i]` may be 0 where `log10Frobenius[i]` is still a finite number. Values beyond float64 (> 1.797e308)
// are null, with their log10 beside them; a log10 is null where its value is exactly 0.
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import type { ActivationName } from '../rnn/activations';
import type { TiedGroupReport } from '../rnn/tied';
import type { CellKind, GateName } from '../rnn/gated-model';
import type { LyapunovSettings } from '../rnn/lyapunov/settings';

export type InputsSpec =
  { kind: 'random'; seed: number; steps: number } | { kind: 'zeros'; steps: number } | { kind: 'file'; file: string };

export const DEFAULT_STEPS = 100;
export { DEFAULT_THRESHOLD } from './threshold';

export interface AnalysisOptions {
  inputs: InputsSpec;
  /** Number of lags L (≤ T); default T. */
  lags?: number;
  activation?: ActivationName;
  layer?: number;
  direction?: 'forward' | 'reverse';
  /** Horizon threshold on ‖J(l)‖₂; default 1e-3. */
  threshold?: number;
  /** The whole unidirectional stack (`--stack`): fills AnalysisResult.stack (and makes `lyapunov` the stack's). */
  stack?: boolean;
  /** The Lyapunov spectrum along the driven trajectory (`--lyapunov`): fills AnalysisResult.lyapunov. */
  lyapunov?: LyapunovSettings;
}

export type { LyapunovSettings };

export type Regime = 'vanishing' | 'exploding' | 'edge';

export interface AnalysisResult {
  model: {
    cell: CellKind;
    /** The size of the state the full Jacobian is of: n (RNN, GRU), P + n (LSTM: h then c; P = n without a projection). */
    stateSize: number;
    /** LSTM with a projection (PyTorch proj_size): the size P of h. */
    projSize?: number;
    /** GRU: where the reset gate applies (true: r ⊙ (W_hn h + b_hn), PyTorch; false: W_hn (r ⊙ h)). */
    resetAfter?: boolean;
    /** The cell's activation (tanh for LSTM and GRU candidates; gates are sigmoid). */
    activation: ActivationName;
    activationSource: 'file' | 'default' | 'override';
    hiddenSize: number;
    inputSize: number;
    file: string;
    format: string;
    /** PyTorch files: what the checkpoint says about itself (epoch, globalStep, learningRate, hyperParameters,
     *  weightsPath, the placeholders of globals that were not run). Absent for other formats. */
    checkpoint?: CheckpointSummary;
    layer: number;
    direction: 'forward' | 'reverse';
    layers: { layer: number; direction: 'forward' | 'reverse'; cell: string; hiddenSize: number; inputSize: number }[];
  };
  spectrum: {
    /** RNN: W_hh. LSTM/GRU: the step Jacobian ∂s_t/∂s_{t−1} linearised at s = 0, x = 0 (from the weights alone). */
    of?: string;
    /** LSTM/GRU: each gate's recurrent block (W_hi, W_hf, W_hg, W_ho; W_hr, W_hz, W_hn), n×n (with a projection,
     *  the block times W_hr). */
    gates?: Partial<Record<GateName, GateSpectrum>>;
    /** All eigenvalues of W_hh as [re, im], complex pairs adjacent, sorted by decreasing modulus (a part beyond
     *  float64 is ±∞ here, null in JSON: log10SpectralRadius still says how large). */
    eigenvalues: [number, number][];
    /** ρ(W_hh); null beyond float64. */
    spectralRadius: number | null;
    /** log10 ρ(W_hh), exact where ρ is subnormal or beyond float64; null when ρ = 0. */
    log10SpectralRadius: number | null;
    /** σ_max(W_hh) = ‖W_hh‖₂; null beyond float64. */
    sigmaMax: number | null;
    /** log10 σ_max; null for a zero W_hh. */
    log10SigmaMax: number | null;
    gamma: number;
    /** γ·σ_max: < 1 is sufficient for vanishing, > 1 necessary for exploding; null beyond float64. */
    gammaSigmaMax: number | null;
    log10GammaSigmaMax: number | null;
    /** ρ < 1 < σ_max: non-normal W_hh whose powers grow before they decay. */
    transientGrowth: boolean;
    /** ‖W Wᵀ − Wᵀ W‖_F / ‖W‖_F², 0 for a normal matrix. */
    departureFromNormality: number;
  };
  jacobian: {
    steps: number;
    /** 1..L */
    lags: number[];
    frobenius: number[];
    spectral: number[];
    /** null where J(l) is exactly zero (e.g. every unit of a relu layer dead). */
    log10Frobenius: (number | null)[];
    log10Spectral: (number | null)[];
    bounds: {
      /** (γ σ_max)^l (∞, null in JSON, beyond float64) */
      pascanu: number[];
      /** ρ^l */
      spectralRadius: number[];
      /** l·log10(γ σ_max); −∞ (null in JSON) when σ_max = 0. */
      log10Pascanu: number[];
      log10SpectralRadius: number[];
      /** LSTM/GRU: what `pascanu` is here (a sup bound on ‖∂s_t/∂s_{t−1}‖₂ over every trajectory) and what it
       *  assumes; absent for a vanilla RNN, where it is (γ σ_max)^l. */
      pascanuAssumes?: string;
      /** LSTM/GRU: what `spectralRadius` assumes (ρ of the step Jacobian at the origin: a trajectory near s = 0). */
      spectralRadiusAssumes?: string;
    };
    /** LSTM: ∂h_T/∂h_{T−l} with c_{T−l} held fixed (the h→h block of the full J(l)); GRU: the same as the full curve. */
    hidden?: NormCurve;
    /** LSTM: ∂c_T/∂c_{T−l} with h_{T−l} held fixed (the cell path: the c→c block of J(l)). */
    cell?: NormCurve;
    /** True when every value above is exact (up to rounding); otherwise `method` says how it was estimated. */
    exact: boolean;
    method: string;
  };
  gradient: {
    loss: '0.5*||h_T||^2';
    /** ‖∂E/∂W_hh‖_F, the tied weight's gradient: the sum of the per-step contributions. */
    frobenius: number;
    /** ‖G_{T−l}‖_F for l = 0..T−1: the contribution of the step l back from the last. */
    byLag: number[];
    log10ByLag: (number | null)[];
    /** byLag as shares of their sum (what each lag contributes). */
    shareByLag: number[];
    /** LSTM/GRU: the same for each gate's rows of the recurrent matrix. */
    gates?: Partial<Record<GateName, { frobenius: number; byLag: number[]; log10ByLag: (number | null)[] }>>;
  };
  /** LSTM/GRU: each gate along the trajectory (every step, every unit). */
  gates?: Partial<Record<GateName, GateStatistics>>;
  /** LSTM/GRU: per unit, the memory timescale τ = −1 / ln(mean gate) of its forget gate (LSTM) or update gate z
   *  (GRU), in steps; null where the mean gate is 1 (τ = ∞). */
  timescales?: (number | null)[];
  /** `--stack`: the whole unidirectional stack. */
  stack?: {
    layers: number;
    /** ∂S_T/∂S_{T−l}, S = every layer's state. */
    jacobian: NormCurve;
    /** ∂h^top_T/∂h^0_{T−l}: the path the first layer learns through. */
    topToBottom: NormCurve;
  };
  /** `--lyapunov`: the Lyapunov spectrum of the network driven by its inputs, the long-run view of J(l). */
  lyapunov?: LyapunovReport;
  /** Explicit tied groups declared by the file (`"tied": [["W_xh", "W_hy^T"]]`). */
  tied: TiedGroupReport[];
  inputs: {
    kind: 'random' | 'zeros' | 'file';
    steps: number;
    seed?: number;
    file?: string;
    /** A deep layer: whether the inputs fed layer 1 (and the layers below ran on them) or this layer itself. */
    feeds?: 'first-layer' | 'this-layer';
  };
  verdict: {
    regime: Regime;
    /** Largest lag l with ‖J(l)‖₂ ≥ threshold (0 if none; L if all: `horizonReachesEnd`). */
    horizon: number;
    horizonReachesEnd: boolean;
    threshold: number;
    /** Least-squares slope of log10‖J(l)‖₂ against l over the lags where J(l) ≠ 0: decades per step; null when
     *  J(1) = 0 (nothing reaches back even one step). */
    slopeLog10PerStep: number | null;
    /** The per-step growth factor 10^slope (0 when J(1) = 0; ∞, null in JSON, beyond float64). */
    growthPerStep: number;
    /** The first lag l with J(l) exactly 0 (then every later one is too); null when none is. */
    zeroFromLag: number | null;
    /** One or two plain sentences with the numbers. */
    summary: string;
    reasons: string[];
  };
  timingsMs: Record<string, number>;
}

/**
 * Benettin's method: k orthonormal directions evolved with the step Jacobians along the trajectory, re-orthonormalised
 * by QR every `reorthonormalizeEvery` steps; λ_i = (1/T) Σ ln|R_ii| over `steps` counted steps after `warmup`.
 */
export interface LyapunovReport {
  /** Whose state: one layer's (the analysed one), or the whole unidirectional stack's (`--stack`). */
  scope: 'layer' | 'stack';
  /** In words: "the state s = (h, c) of layer 1 (512 entries)", "every layer's state of the 2-layer stack (…)". */
  of: string;
  stateSize: number;
  /** The number of directions followed: the k largest exponents. */
  k: number;
  /** λ_1 ≥ … ≥ λ_k; −∞ (null in JSON) for a direction the steps map to zero. */
  exponents: number[];
  units: 'per step, natural log';
  /** Counted steps T (fewer than asked after an early stop). */
  steps: number;
  warmup: number;
  reorthonormalizeEvery: number;
  /** The early-stop tolerance on every standard error, when one was given. */
  tolerance?: number;
  stoppedEarly: boolean;
  /** Batch-means standard error of each exponent (null: fewer than two batches, or λ_i = −∞). */
  standardError: (number | null)[];
  /** λ₁ estimated from the first `step` counted steps (≤ 200 points); `standardError` there is the final one
   *  scaled by √(T / step), the band a chart draws. */
  runningLambda1: { step: number[]; lambda1: number[]; standardError: (number | null)[] };
  /** Exponents > 0. */
  positiveCount: number;
  /** Σ of the positive λ_i, nats per step. */
  entropyRate: number;
  /** Kaplan–Yorke dimension (0 when λ₁ < 0). */
  kaplanYorkeDimension: number;
  /** Every partial sum of the k exponents is ≥ 0: the dimension is at least k (ask for more exponents). */
  kaplanYorkeAtLeast: boolean;
  /** ln(threshold)/λ₁ steps when λ₁ < 0, else null: the long run's gradient horizon. */
  predictedHorizon: number | null;
  /** verdict.horizon and verdict.threshold, set beside it: the horizon measured on the Jacobian curve. */
  measuredHorizon: number;
  measuredHorizonReachesEnd: boolean;
  threshold: number;
  /** The run's inputs: warmup + steps of them (seeded N(0, 1) from the analysis's seed, zeros, or the file). */
  inputs: { kind: 'random' | 'zeros' | 'file'; seed?: number; file?: string; rows?: number; steps: number };
  /** The file had fewer rows than the run took steps, so its rows were used again from the first. */
  inputsCycled: boolean;
  /** The long-run sentence the verdict's reasons carry (lyapunovSentence). */
  summary: string;
  /** QR steps redone by Householder because the directions were too ill-conditioned for Cholesky QR. */
  householderSteps: number;
}

/** A Jacobian norm curve over lags 1..L, as `jacobian` carries the full one. */
export interface NormCurve {
  frobenius: number[];
  spectral: number[];
  log10Frobenius: (number | null)[];
  log10Spectral: (number | null)[];
}

export interface GateSpectrum {
  eigenvalues: [number, number][];
  spectralRadius: number | null;
  log10SpectralRadius: number | null;
  sigmaMax: number | null;
  log10SigmaMax: number | null;
}

/** Fractions are of all (step, unit) values; a tanh candidate (g, n) is saturated at |·| > 0.95 (low: < −0.95). */
export interface GateStatistics {
  mean: number;
  saturatedLow: number;
  saturatedHigh: number;
}
