// The activations σ a vanilla RNN can use: σ, σ' and γ = sup|σ'| (Pascanu et al. 2013).

export const ACTIVATION_NAMES = ['tanh', 'sigmoid', 'relu', 'linear'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export interface Activation {
  readonly name: ActivationName;
  /** σ(a) */
  value(a: number): number;
  /** σ'(a), given a and y = σ(a) (cheaper for tanh and sigmoid). */
  derivative(a: number, y: number): number;
  /** sup |σ'| over the real line. */
  readonly gamma: number;
}

const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  tanh: { name: 'tanh', value: Math.tanh, derivative: (_a, y) => 1 - y * y, gamma: 1 },
  sigmoid: { name: 'sigmoid', value: sigmoid, derivative: (_a, y) => y * (1 - y), gamma: 0.25 },
  // PyTorch's relu has derivative 0 at 0.
  relu: { name: 'relu', value: (a) => (a > 0 ? a : 0), derivative: (a) => (a > 0 ? 1 : 0), gamma: 1 },
  linear: { name: 'linear', value: (a) => a, derivative: () => 1, gamma: 1 },
};

export function isActivationName(s: unknown): s is ActivationName {
  return typeof s === 'string' && (ACTIVATION_NAMES as readonly string[]).includes(s);
}
