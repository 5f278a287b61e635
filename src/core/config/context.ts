// One config, parsed, read and predicted: everything diagnostics and hovers need except the weights file.
import type { ActivationName } from '../rnn/activations';
import type { CellName, RnnConfig } from './model';
import { predictGate, type GatePrediction } from './predictGates';
import { parseConfigSource } from './parse';
import { DEFAULT_THRESHOLD, predictGradients, type GradientPrediction, type InitSpec } from './predict';
import { readConfig } from './read';
import type { ParsedSource } from './source';
import type { ConfigDiagnostic } from './types';
import type { WeightsReport } from './weightsReport';

export interface ConfigContext {
  readonly fileName: string;
  readonly parsed: ParsedSource;
  readonly config: RnnConfig;
  readonly readProblems: readonly ConfigDiagnostic[];
  readonly threshold: number;
  /** The saved weights the config names, once read (undefined: none named, or not read yet). */
  readonly weights?: WeightsReport;
  /** n: the config's hidden_size, else the saved weights'. */
  readonly hiddenSize?: number;
  readonly activation: ActivationName;
  /** Where the activation came from. */
  readonly activationFrom: 'config' | 'weights' | 'default';
  readonly init?: InitSpec;
  /** True when the config has no recurrent_init and PyTorch's default is assumed. */
  readonly initIsDefault: boolean;
  /** The cell the config names ('rnn' when it names none). */
  readonly cell: CellName;
  /** A vanilla RNN init's predicted gradients; undefined without n, with an unusable init, or for a gated cell
   *  (whose regime its gates set, not ρ(W_hh) alone). */
  readonly prediction?: GradientPrediction;
  /** LSTM/GRU: the memory gate's value and timescale at initialisation. */
  readonly gatePrediction?: GatePrediction;
}

export interface ContextOptions {
  threshold?: number;
  weights?: WeightsReport;
}

export function buildContext(text: string, fileName: string, options: ContextOptions = {}): ConfigContext {
  const parsed = parseConfigSource(text, fileName);
  const { config, problems } = readConfig(parsed.root);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const weights = options.weights;
  const savedOk = weights?.status === 'ok' ? weights : undefined;
  const hiddenSize = config.hiddenSize?.value ?? savedOk?.hiddenSize;
  const activation =
    config.activation?.value ?? (savedOk?.activationSource === 'file' ? savedOk.activation : undefined) ?? 'tanh';
  const activationFrom = config.activation ? 'config' : savedOk?.activationSource === 'file' ? 'weights' : 'default';
  const { init, initIsDefault } = initOf(config);
  const cell = config.cell?.value ?? 'rnn';
  const prediction =
    cell === 'rnn' && hiddenSize !== undefined && init
      ? predictGradients(init, hiddenSize, activation, threshold)
      : undefined;
  const gatePrediction = cell === 'rnn' ? undefined : predictGate(cell, config.forgetBias?.value);
  return {
    fileName,
    parsed,
    config,
    readProblems: problems,
    threshold,
    weights,
    hiddenSize,
    activation,
    activationFrom,
    init,
    initIsDefault,
    cell,
    prediction,
    gatePrediction,
  };
}

function initOf(config: RnnConfig): { init?: InitSpec; initIsDefault: boolean } {
  const ri = config.recurrentInit;
  if (!ri) return { init: { type: 'pytorch_default' }, initIsDefault: true };
  if (!ri.type) return { initIsDefault: false };
  const type = ri.type.value;
  // An init missing its required parameter is reported; predicting from a made-up value would mislead.
  if (type === 'normal' && !ri.std) return { initIsDefault: false };
  if (type === 'uniform' && !ri.a) return { initIsDefault: false };
  return {
    init: { type, std: ri.std?.value, a: ri.a?.value, gain: ri.gain?.value, scale: ri.scale?.value },
    initIsDefault: false,
  };
}
