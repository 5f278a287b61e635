// Reads the saved weights a config names and measures them with the same analysis and the same default probe
// as the panel and `rnn-gradients analyze`, plus the config's tied groups checked against the saved tensors.
import { dirname, isAbsolute, resolve } from 'node:path';
import { analyzeModel } from '../analysis/analyze';
import { generatedInputs } from '../analysis/inputs';
import { DEFAULT_STEPS, type AnalysisOptions, type AnalysisResult } from '../analysis/types';
import { isInputError } from '../errors';
import { loadWeightsFile, type ReadLimits } from '../io/loadWeightsFile';
import { isFileNotFound } from '../io/readFile';
import { recognizeRecurrent } from '../model/recognize-recurrent';
import type { ActivationName } from '../rnn/activations';
import type { RecurrentModel } from '../rnn/gated-model';
import type { TensorFile } from '../tensors';
import { checkTiedGroups } from '../rnn/tied';
import { DEFAULT_THRESHOLD } from './predict';
import type { WeightsReport } from './weightsReport';

/**
 * The probe is the analysis' own default (seeded N(0, 1) inputs, seed 0, T = 100 steps), so the check, the
 * hover, `rnn-gradients analyze` and the panel give the same horizon for the same weights. It is lengthened to
 * a longer seq_len, so that the horizon can be compared with it, up to a cap so that a hover never waits long.
 */
export const MAX_PROBE_STEPS = 200;
export const DEFAULT_PROBE_STEPS = DEFAULT_STEPS;
export const PROBE_SEED = 0;

export function probeSteps(seqLen: number | undefined): number {
  return Math.max(DEFAULT_PROBE_STEPS, Math.min(seqLen ?? DEFAULT_PROBE_STEPS, MAX_PROBE_STEPS));
}

/**
 * Runs the analysis of the recognised model. The default runs it here; the editor runs it in the analysis
 * worker (the file is read again there), so a large W_hh never blocks the extension host.
 */
export type MeasureWeights = (
  file: string,
  model: RecurrentModel,
  options: AnalysisOptions & { inputs: { kind: 'random'; seed: number; steps: number } },
) => Promise<AnalysisResult>;

export const measureInProcess: MeasureWeights = async (_file, model, options) =>
  analyzeModel(model, generatedInputs(options.inputs, model), { threshold: options.threshold, inputs: options.inputs });

export interface WeightsRequest {
  /** The config file's path: `weights` is relative to its folder. */
  configFile: string;
  /** The `weights` value as written. */
  written: string;
  seqLen?: number;
  threshold?: number;
  /** The config's activation: used when the file does not store one (state_dicts). */
  activation?: ActivationName;
  /** The config's tied groups. */
  tied?: readonly (readonly string[])[];
  /** The size limit and memory budget the weights are read under (default: the CLI's). */
  limits?: ReadLimits;
  measure?: MeasureWeights;
}

export function resolveWeightsPath(configFile: string, written: string): string {
  return isAbsolute(written) ? written : resolve(dirname(configFile), written);
}

/** Reads the weights through the one read path (sync: the editor calls this in a worker, never on its host). */
export async function loadWeightsReport(request: WeightsRequest): Promise<WeightsReport> {
  const { written } = request;
  const file = resolveWeightsPath(request.configFile, written);
  let tensors: TensorFile;
  try {
    tensors = loadWeightsFile(file, request.limits);
  } catch (e) {
    if (isFileNotFound(e))
      return {
        status: 'missing',
        written,
        file,
        message: `The weights file ${written} does not exist (looked for ${file}).`,
      };
    return unusable(written, file, e);
  }
  try {
    return await analyzeWeights(request, file, tensors);
  } catch (e) {
    return unusable(written, file, e);
  }
}

/** Bad input names its place; anything else (a worker that died, say) must not take the whole check down. */
function unusable(written: string, file: string, e: unknown): WeightsReport {
  const why = isInputError(e)
    ? `${e.problem ?? e.message}${e.location ? ` (at ${e.location})` : ''}`
    : `could not be analysed: ${(e as Error).message}`;
  return { status: 'unreadable', written, file, message: `The weights file ${written} is not usable: ${why}.` };
}

async function analyzeWeights(request: WeightsRequest, file: string, tensors: TensorFile): Promise<WeightsReport> {
  const threshold = request.threshold ?? DEFAULT_THRESHOLD;
  let model: RecurrentModel = recognizeRecurrent(tensors);
  // The config's activation fills in what a state_dict leaves out, for a vanilla RNN (gates are sigmoid, candidates tanh).
  if (model.cell === 'rnn' && model.activationSource === 'default' && request.activation) {
    model = { ...model, activation: request.activation, activationSource: 'override' };
  }
  const steps = probeSteps(request.seqLen);
  const spec = { kind: 'random' as const, seed: PROBE_SEED, steps };
  const override =
    model.cell === 'rnn' && model.activationSource === 'override' ? { activation: model.activation } : {};
  const result = await (request.measure ?? measureInProcess)(file, model, { inputs: spec, threshold, ...override });
  const tiedGroups = model.cell === 'rnn' ? checkTiedGroups({ ...model, tied: request.tied ?? [] }, undefined) : [];
  const tied = tiedGroups.map((g) => ({
    members: g.members,
    shapes: g.shapes,
    shapesFit: g.shapesFit,
    equal: g.equal,
    problem: g.problem,
  }));
  return {
    status: 'ok',
    written: request.written,
    file,
    format: model.source.format,
    cell: model.cell,
    hiddenSize: model.hiddenSize,
    inputSize: model.inputSize,
    activation: result.model.activation,
    activationSource: result.model.activationSource,
    spectralRadius: result.spectrum.spectralRadius,
    log10SpectralRadius: result.spectrum.log10SpectralRadius,
    sigmaMax: result.spectrum.sigmaMax,
    log10SigmaMax: result.spectrum.log10SigmaMax,
    gamma: result.spectrum.gamma,
    gammaSigmaMax: result.spectrum.gammaSigmaMax,
    log10GammaSigmaMax: result.spectrum.log10GammaSigmaMax,
    regime: result.verdict.regime,
    horizon: result.verdict.horizon,
    horizonReachesEnd: result.verdict.horizonReachesEnd,
    steps,
    seed: PROBE_SEED,
    threshold,
    summary: result.verdict.summary,
    tied,
  };
}
