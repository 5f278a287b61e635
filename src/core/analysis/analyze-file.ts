// Reads a weights file (and an inputs file) from disk and analyses it: what the CLI and the worker call.
import { loadWeightsFile, type ReadLimits } from '../io/loadWeightsFile';
import { readUserText } from '../io/readFile';
import { recognizeModel } from '../model/recognize';
import type { ComputeHooks } from '../rnn/hooks';
import type { RecurrentModel } from '../rnn/gated-model';
import { analyzeModel } from './analyze';
import { generatedInputs, readInputsJson } from './inputs';
import { DEFAULT_STEPS, type AnalysisOptions, type AnalysisResult } from './types';

/** `limits` as a number is the largest file in bytes (the older signature). */
function asLimits(limits: ReadLimits | number | undefined): ReadLimits {
  return typeof limits === 'number' ? { maxBytes: limits } : (limits ?? {});
}

export function loadModel(
  file: string,
  options: Pick<AnalysisOptions, 'layer' | 'direction' | 'activation'> = {},
  limits?: ReadLimits | number,
): RecurrentModel {
  return recognizeModel(loadWeightsFile(file, asLimits(limits)), options);
}

export function analyzeFile(
  file: string,
  options: AnalysisOptions,
  hooks: ComputeHooks = {},
  limits?: ReadLimits | number,
): AnalysisResult {
  const model = loadModel(file, options, limits);
  const spec = options.inputs;
  const sequence =
    spec.kind === 'file'
      ? readInputsJson(readUserText(spec.file, asLimits(limits).maxBytes), spec.file, model)
      : generatedInputs(spec, model);
  const inputs: AnalysisResult['inputs'] =
    spec.kind === 'file'
      ? { kind: 'file', file: spec.file, steps: sequence.inputs.length }
      : spec.kind === 'random'
        ? { kind: 'random', seed: spec.seed, steps: spec.steps ?? DEFAULT_STEPS }
        : { kind: 'zeros', steps: spec.steps ?? DEFAULT_STEPS };
  return analyzeModel(model, sequence, { lags: options.lags, threshold: options.threshold, inputs }, hooks);
}
