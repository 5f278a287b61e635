// The config's keys and what each one means: one list for hovers, unknown-key checks and the schema test.
import { html } from '../notation';

export const KEY_DOCS: Readonly<Record<string, string>> = {
  model: 'The recurrent network to be trained: cell, sizes, activation and the init of W_hh.',
  'model.cell': `The cell type: "rnn" (the vanilla RNN ${html('h_t = σ(W_hh h_{t−1} + W_xh x_t + b)')}, the default), "lstm" or "gru".`,
  'model.forget_bias': `LSTM: the forget gate's bias ${html('b_f')} at initialisation. The gate starts at σ(${html('b_f')}) and a unit remembers for about τ = −1/ln σ(${html('b_f')}) steps; 1 keeps the cell path open at the start of training.`,
  'model.hidden_size': 'n, the number of hidden units: W_hh is n×n. A positive integer.',
  'model.input_size': 'm, the size of each input vector: W_xh is n×m. A positive integer.',
  'model.activation':
    "The nonlinearity σ: tanh (γ = 1), sigmoid (γ = ¼), relu (γ = 1) or linear (γ = 1), where γ = sup|σ'|.",
  'model.recurrent_init':
    'How W_hh is initialised: {type, std | a | gain | scale}. Sets the starting spectral radius ρ.',
  'model.recurrent_init.type':
    'normal (std), uniform (a: U(−a, a)), orthogonal (gain), identity (scale), xavier_uniform (gain), xavier_normal (gain), or pytorch_default (nn.RNN: U(−1/√n, 1/√n)).',
  'model.recurrent_init.std': 'Standard deviation of each entry for a normal init. Must be ≥ 0.',
  'model.recurrent_init.a': 'Half-width of the interval for a uniform init U(−a, a). Must be ≥ 0.',
  'model.recurrent_init.gain': 'Gain of an orthogonal or xavier init (default 1). Must be ≥ 0.',
  'model.recurrent_init.scale': 'Multiplier of the identity for an identity init (default 1).',
  data: 'The training data: seq_len, the sequence length back-propagated through (other keys are allowed).',
  'data.seq_len': 'T, the number of time steps back-propagated through. A positive integer.',
  train: 'The training loop: clip_grad_norm and lr (other keys such as batch_size are allowed).',
  'train.clip_grad_norm':
    'Gradient-norm clipping threshold c: g ← c·g/‖g‖ when ‖g‖ > c. A positive number, or null for none.',
  'train.lr': 'Learning rate. A positive number.',
  weights:
    'Path, relative to this config, of saved weights for this model (JSON, state_dict JSON, safetensors, .npy/.npz).',
  tied: 'Groups of tensor names constrained equal, e.g. `[["W_xh", "W_hy^T"]]`; a trailing `^T` means the transpose.',
};

/** Objects whose unknown keys are reported (data and train may carry any other settings). */
export const CLOSED_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  '': ['$schema', 'model', 'data', 'train', 'weights', 'tied'],
  model: ['cell', 'hidden_size', 'input_size', 'activation', 'recurrent_init', 'forget_bias'],
  'model.recurrent_init': ['type', 'std', 'a', 'gain', 'scale'],
};
