// Reads a weights file (and an inputs file) from disk and analyses it: what the CLI and the worker call.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors';
import { loadTensorFile } from '../formats/load';
import { recognizeModel } from '../model/recognize';
import type { ComputeHooks } from '../rnn/hooks';
import type { RnnModel } from '../rnn/model';
import { analyzeModel } from './analyze';
import { generatedInputs, readInputsJson } from './inputs';
import { DEFAULT_STEPS, type AnalysisOptions, type AnalysisResult } from './types';

export function readFileBytes(file: string, maxBytes?: number): Uint8Array {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new InputError(file, '', 'is a folder, not a file');
    size = stat.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'ENOENT' ? 'file not found' : `cannot read: ${(e as Error).message}`);
  }
  if (maxBytes !== undefined && size > maxBytes)
    throw new InputError(file, '', `file is ${size} bytes, over the limit of ${maxBytes}`);
  return readFileSync(file);
}

export function loadModel(
  file: string,
  options: Pick<AnalysisOptions, 'layer' | 'direction' | 'activation'> = {},
  maxBytes?: number,
): RnnModel {
  const tensors = loadTensorFile(file, readFileBytes(file, maxBytes), { maxBytes });
  return recognizeModel(tensors, options);
}

export function analyzeFile(
  file: string,
  options: AnalysisOptions,
  hooks: ComputeHooks = {},
  maxBytes?: number,
): AnalysisResult {
  const model = loadModel(file, options, maxBytes);
  const spec = options.inputs;
  const sequence =
    spec.kind === 'file'
      ? readInputsJson(new TextDecoder().decode(readFileBytes(spec.file)), spec.file, model)
      : generatedInputs(spec, model);
  const inputs: AnalysisResult['inputs'] =
    spec.kind === 'file'
      ? { kind: 'file', file: spec.file, steps: sequence.inputs.length }
      : spec.kind === 'random'
        ? { kind: 'random', seed: spec.seed, steps: spec.steps ?? DEFAULT_STEPS }
        : { kind: 'zeros', steps: spec.steps ?? DEFAULT_STEPS };
  return analyzeModel(model, sequence, { lags: options.lags, threshold: options.threshold, inputs }, hooks);
}
