// The forward pass h_t = σ(W_hh h_{t−1} + W_xh x_t + b_h), keeping what backpropagation needs.
import { InputError } from '../errors';
import { wasmMatVec } from '../linalg/gemv-wasm';
import { matVec } from '../linalg/matrix';
import { scaleInPlace, unitScaled } from '../linalg/scaling';
import { ACTIVATIONS } from './activations';
import type { RnnModel } from './model';

export interface Trajectory {
  /** h_0 … h_T (T + 1 vectors). */
  readonly hidden: Float64Array[];
  /** a_1 … a_T, the pre-activations (index t − 1). */
  readonly preActivation: Float64Array[];
  /** σ'(a_1) … σ'(a_T) (index t − 1). */
  readonly derivative: Float64Array[];
}

export function runForward(model: RnnModel, inputs: readonly Float64Array[], h0: Float64Array): Trajectory {
  const act = ACTIVATIONS[model.activation];
  const n = model.hiddenSize;
  const hidden = [Float64Array.from(h0)];
  const preActivation: Float64Array[] = [];
  const derivative: Float64Array[] = [];
  const fromInput = new Float64Array(n);
  // W_hh far from unit scale multiplies as W_hh·2^−e, then 2^e: no ∞ − ∞ in the sums (a tanh saturates instead).
  const { matrix: W, exponent } = unitScaled(model.W_hh);
  const recurrent = wasmMatVec(W.data, n, n); // SIMD where available
  for (let t = 0; t < inputs.length; t++) {
    const a = new Float64Array(n);
    if (recurrent) recurrent.mul(hidden[t], a);
    else matVec(W, hidden[t], a);
    if (exponent !== 0) scaleInPlace(a, exponent);
    if (model.inputSize > 0) matVec(model.W_xh, inputs[t], fromInput);
    const h = new Float64Array(n);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] += (model.inputSize > 0 ? fromInput[i] : 0) + model.b_h[i];
      h[i] = act.value(a[i]);
      d[i] = act.derivative(a[i], h[i]);
      if (!Number.isFinite(h[i])) throw overflow(model, t + 1, i);
    }
    preActivation.push(a);
    derivative.push(d);
    hidden.push(h);
  }
  return { hidden, preActivation, derivative };
}

/** relu and linear units can grow past float64 (σ_max 1e300); from there σ'(a_t) is ∞ − ∞, not a number to follow. */
function overflow(model: RnnModel, step: number, unit: number): InputError {
  return new InputError(
    model.source.file,
    'W_hh',
    `the hidden state leaves float64 at step ${step} (unit ${unit} of h_${step}, ${model.activation}): ` +
      'with these weights h_t grows without bound, so gradients explode, and no trajectory can be followed to ' +
      'measure them (the weights inspector shows ρ and σ_max of W_hh, which say how fast)',
  );
}
