// What an init will do to the gradients before anyone trains: the expected spectral radius ρ and largest
// singular value σ_max of W_hh, the regime with the activation's γ, ‖∂h_T/∂h_0‖ over T steps and the horizon.
//
// Random-matrix facts used (n×n, iid entries, mean 0, variance s²):
//   circular law: the eigenvalues fill the disc of radius s√n, so ρ ≈ s√n;
//   Bai–Yin / Marchenko–Pastur edge: σ_max ≈ 2s√n.
// Orthogonal (gain g) and identity (scale c) inits are exact: every |λ| = σ = g (or |c|).
import { fmt } from '../format-number';
import { ACTIVATIONS, type ActivationName } from '../rnn/activations';
import type { InitType } from './model';

export interface InitSpec {
  readonly type: InitType;
  readonly std?: number;
  readonly a?: number;
  readonly gain?: number;
  readonly scale?: number;
}

export interface InitPrediction {
  readonly type: InitType;
  /** The distribution of W_hh's entries, e.g. "U(−0.125, 0.125)". */
  readonly distribution: string;
  /** The entries' standard deviation s, for iid inits. */
  readonly entryStd?: number;
  /** True for orthogonal and identity, where ρ and σ_max are exact rather than expected. */
  readonly exact: boolean;
  readonly spectralRadius: number;
  readonly sigmaMax: number;
  /** How ρ was obtained, in one line. */
  readonly derivation: string;
}

export type PredictedRegime = 'vanishing' | 'exploding' | 'edge';

export interface GradientPrediction {
  readonly init: InitPrediction;
  readonly activation: ActivationName;
  readonly gamma: number;
  /** γ·ρ: the per-step factor of the linearised Jacobian along its slowest-decaying direction. */
  readonly gammaRho: number;
  /** γ·σ_max: the per-step factor of the Pascanu bound. */
  readonly gammaSigmaMax: number;
  readonly regime: PredictedRegime;
  /** Horizon threshold on ‖∂h_T/∂h_{T−l}‖. */
  readonly threshold: number;
  /** Largest lag l with (γρ)^l ≥ threshold; Infinity when γρ ≥ 1. */
  readonly horizon: number;
  /** Largest lag l with (γσ_max)^l ≥ threshold: the horizon cannot exceed this (Infinity when γσ_max ≥ 1). */
  readonly horizonUpperBound: number;
}

/** γρ within this distance of 1 counts as the edge of stability. */
export const EDGE_TOLERANCE = 0.05;
import { DEFAULT_THRESHOLD } from '../analysis/threshold';
export { DEFAULT_THRESHOLD };

export function predictInit(init: InitSpec, n: number): InitPrediction {
  const gain = init.gain ?? 1;
  const iid = (s: number, distribution: string, why: string): InitPrediction => ({
    type: init.type,
    distribution,
    entryStd: s,
    exact: false,
    spectralRadius: s * Math.sqrt(n),
    sigmaMax: 2 * s * Math.sqrt(n),
    derivation: `${why}; circular law: ρ ≈ s√n = ${fmt(s)}·√${n}`,
  });
  switch (init.type) {
    case 'normal': {
      const s = init.std ?? 1;
      return iid(s, `N(0, ${fmt(s)}²)`, `iid entries with standard deviation s = ${fmt(s)}`);
    }
    case 'uniform': {
      const a = init.a ?? 0;
      return iid(
        a / Math.sqrt(3),
        `U(−${fmt(a)}, ${fmt(a)})`,
        `U(−a, a) has variance a²/3, so s = a/√3 = ${fmt(a / Math.sqrt(3))}`,
      );
    }
    case 'xavier_uniform': {
      // fan_in = fan_out = n: a = gain·√(6/(2n)), variance a²/3 = gain²/n.
      const a = gain * Math.sqrt(3 / n);
      return iid(
        gain / Math.sqrt(n),
        `U(−${fmt(a)}, ${fmt(a)})`,
        `xavier_uniform with fan_in = fan_out = n: a = gain·√(3/n), s = gain/√n`,
      );
    }
    case 'xavier_normal': {
      const s = gain / Math.sqrt(n);
      return iid(s, `N(0, ${fmt(s)}²)`, `xavier_normal with fan_in = fan_out = n: s = gain·√(2/(2n)) = gain/√n`);
    }
    case 'pytorch_default': {
      // nn.RNN's reset_parameters: every weight ~ U(−1/√n, 1/√n), so s = 1/√(3n).
      const a = 1 / Math.sqrt(n);
      return iid(a / Math.sqrt(3), `U(−${fmt(a)}, ${fmt(a)})`, `PyTorch's nn.RNN default U(−1/√n, 1/√n): s = 1/√(3n)`);
    }
    case 'orthogonal':
      return {
        type: init.type,
        distribution: `orthogonal × ${fmt(gain)}`,
        exact: true,
        spectralRadius: Math.abs(gain),
        sigmaMax: Math.abs(gain),
        derivation: `gain × an orthogonal matrix: every eigenvalue has modulus ${fmt(gain)} and every singular value is ${fmt(gain)}`,
      };
    case 'identity': {
      const c = init.scale ?? 1;
      return {
        type: init.type,
        distribution: `${fmt(c)} × I`,
        exact: true,
        spectralRadius: Math.abs(c),
        sigmaMax: Math.abs(c),
        derivation: `scale × the identity: every eigenvalue and singular value is ${fmt(Math.abs(c))}`,
      };
    }
  }
}

export function predictGradients(
  init: InitSpec,
  n: number,
  activation: ActivationName,
  threshold: number = DEFAULT_THRESHOLD,
): GradientPrediction {
  const prediction = predictInit(init, n);
  const gamma = ACTIVATIONS[activation].gamma;
  const gammaRho = gamma * prediction.spectralRadius;
  const gammaSigmaMax = gamma * prediction.sigmaMax;
  return {
    init: prediction,
    activation,
    gamma,
    gammaRho,
    gammaSigmaMax,
    regime: regimeOf(gammaRho),
    threshold,
    horizon: horizonFor(gammaRho, threshold),
    horizonUpperBound: horizonFor(gammaSigmaMax, threshold),
  };
}

export function regimeOf(perStepFactor: number): PredictedRegime {
  if (perStepFactor < 1 - EDGE_TOLERANCE) return 'vanishing';
  if (perStepFactor > 1 + EDGE_TOLERANCE) return 'exploding';
  return 'edge';
}

/** Largest integer l ≥ 0 with factor^l ≥ threshold (threshold < 1); Infinity when the factor never decays. */
export function horizonFor(factor: number, threshold: number): number {
  if (factor >= 1) return Infinity;
  if (factor <= 0) return 0;
  // A hair of slack so that factor^l landing exactly on the threshold counts as reaching it.
  return Math.floor(Math.log(threshold) / Math.log(factor) + 1e-9);
}

/** log10 of factor^steps, finite even when the power itself under- or overflows. */
export function log10Power(factor: number, steps: number): number {
  return factor === 0 ? -Infinity : steps * Math.log10(factor);
}
