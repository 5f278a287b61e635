// What a gated cell's biases do at initialisation, before anyone trains: the gate that keeps the memory (an LSTM's
// forget gate f, a GRU's update gate z) starts at σ(b) at the origin (h = 0, x = 0), and a unit whose gate stays at
// g keeps a fraction g of its memory a step, so it remembers for about τ = −1/ln g steps (g^τ = 1/e).
//
// PyTorch's default init draws every bias from U(−1/√n, 1/√n): the summed bias b_ih + b_hh has mean 0, so the
// gate starts at σ(0) = 0.5 on average (exactly, by symmetry) and τ = 1/ln 2 ≈ 1.44 steps. A forget bias of 1
// (Gers et al. 2000; Jozefowicz et al. 2015) gives σ(1) = 0.731 and τ ≈ 3.19 steps, and keeps the cell path
// c_t = f ⊙ c_{t−1} + i ⊙ g open at the start of training.

export type GatedCell = 'lstm' | 'gru';

export interface GatePrediction {
  readonly cell: GatedCell;
  /** The gate that keeps the memory: f (LSTM) or z (GRU). */
  readonly gate: 'f' | 'z';
  /** The gate's bias at the origin: the config's forget_bias, or 0 (PyTorch's default init, on average). */
  readonly bias: number;
  readonly biasFrom: 'forget_bias' | 'default';
  /** σ(bias): the gate's initial value at h = 0, x = 0. */
  readonly gateValue: number;
  /** τ = −1/ln σ(bias) in steps (∞ when σ rounds to 1). */
  readonly timescale: number;
}

/** A forget bias at or below this leaves the cell path closing within about 1.44 steps: the quick fix offers 1. */
export const OPEN_FORGET_BIAS = 1;

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function predictGate(cell: GatedCell, forgetBias?: number): GatePrediction {
  const gate = cell === 'lstm' ? 'f' : 'z';
  // forget_bias describes an LSTM's forget gate only; a GRU's update gate is taken at PyTorch's default.
  const given = cell === 'lstm' && forgetBias !== undefined;
  const bias = given ? forgetBias : 0;
  const gateValue = sigmoid(bias);
  // −ln σ(b) = ln(1 + e^−b): log1p keeps its digits for a large bias, where 1 − σ(b) would round to 0.
  const timescale = 1 / Math.log1p(Math.exp(-bias));
  return { cell, gate, bias, biasFrom: given ? 'forget_bias' : 'default', gateValue, timescale };
}
