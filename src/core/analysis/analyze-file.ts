// Reads a weights file (and an inputs file) from disk and analyses it: what the CLI and the worker call.
// A deep layer is analysed on its real trajectory: the inputs feed layer 1 and every layer below the chosen one
// runs on them (stack-inputs.ts), unless the inputs file is as wide as only the chosen layer's own inputs.
import { InputError } from '../errors';
import { loadWeightsFile, type ReadLimits } from '../io/loadWeightsFile';
import { readUserText } from '../io/readFile';
import { recognizeRecurrent, recognizeStack } from '../model/recognize-recurrent';
import { outputSizeOf, type RecurrentModel, type RecurrentStack } from '../rnn/gated-model';
import { phaseHooks, type ComputeHooks } from '../rnn/hooks';
import { wholeStackCurves } from '../rnn/stack-jacobian';
import type { TensorFile } from '../tensors';
import { analyzeModel } from './analyze';
import { generatedInputs, readInputsJson, type InputSequence, type InputsFeed } from './inputs';
import { assertSequenceWithinBounds } from './sequence-bounds';
import { lyapunovReport } from './lyapunov-analysis';
import { longRunReason } from './long-run-reason';
import { normCurve } from './report-parts';
import { inDirection, inputsOfLayer } from './stack-inputs';
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
  return recognizeRecurrent(loadWeightsFile(file, asLimits(limits)), options);
}

/** The share of the progress bar the Jacobian analysis takes when a long run follows it. */
const JACOBIAN_SHARE_WITH_LONG_RUN = 0.25;

export function analyzeFile(
  file: string,
  options: AnalysisOptions,
  allHooks: ComputeHooks = {},
  limits?: ReadLimits | number,
): AnalysisResult {
  // With the long run, the Jacobian analysis is the first part of the progress bar and the Lyapunov run (most of
  // the time: T + warm-up steps of k directions) the rest.
  const hooks = options.lyapunov ? phaseHooks(allHooks, 0, JACOBIAN_SHARE_WITH_LONG_RUN) : allHooks;
  const tensors = loadWeightsFile(file, asLimits(limits));
  const model = recognizeRecurrent(tensors, options);
  const layer = model.source.layer;
  const reverse = model.source.direction === 'reverse';
  const stack = layer > 0 || options.stack ? stackFor(tensors, options, model) : undefined;
  const first = stack ? stack.layers[0].forward : model;
  const spec = options.inputs;
  let sequence: InputSequence;
  let feeds: InputsFeed | undefined;
  if (spec.kind === 'file') {
    const read = readInputsJson(readUserText(spec.file, asLimits(limits).maxBytes), spec.file, model, first);
    sequence = read;
    feeds = layer > 0 ? read.feeds : undefined;
  } else {
    // Generated for layer 1; h_0 (zero) is the analysed layer's.
    if (model !== first) assertSequenceWithinBounds(model, spec.steps);
    sequence = { inputs: generatedInputs(spec, first).inputs, h0: new Float64Array(outputSizeOf(model)) };
    feeds = layer > 0 ? 'first-layer' : undefined;
  }
  const firstLayerInputs = feeds === 'this-layer' ? undefined : sequence.inputs;
  const layerInputs =
    stack && feeds === 'first-layer' ? inputsOfLayer(stack, layer, sequence.inputs, hooks) : sequence.inputs;
  const inputs: AnalysisResult['inputs'] = {
    ...(spec.kind === 'file'
      ? { kind: 'file' as const, file: spec.file, steps: sequence.inputs.length }
      : spec.kind === 'random'
        ? { kind: 'random' as const, seed: spec.seed, steps: spec.steps ?? DEFAULT_STEPS }
        : { kind: 'zeros' as const, steps: spec.steps ?? DEFAULT_STEPS }),
    ...(feeds ? { feeds } : {}),
  };
  const result = analyzeModel(
    model,
    { ...sequence, inputs: inDirection(layerInputs, reverse) },
    { lags: options.lags, threshold: options.threshold, inputs },
    hooks,
  );
  const withStack = options.stack && stack ? { ...result, stack: wholeStack() } : result;
  if (!options.lyapunov) return withStack;
  const t0 = performance.now();
  const lyapunov = lyapunovReport(
    {
      model,
      ...(stack ? { stack } : {}),
      wholeStack: options.stack === true,
      spec,
      ...(spec.kind === 'file' ? { sequence } : {}),
      ...(feeds ? { feeds } : {}),
      settings: options.lyapunov,
      verdict: result.verdict,
    },
    phaseHooks(allHooks, JACOBIAN_SHARE_WITH_LONG_RUN, 1),
  );
  const reason = longRunReason(lyapunov);
  return {
    ...withStack,
    lyapunov,
    verdict: { ...withStack.verdict, reasons: [...withStack.verdict.reasons, reason] },
    timingsMs: { ...withStack.timingsMs, lyapunov: performance.now() - t0 },
  };

  function wholeStack(): NonNullable<AnalysisResult['stack']> {
    if (!stack) throw new RangeError('no stack');
    if (!firstLayerInputs) {
      throw new InputError(
        spec.kind === 'file' ? spec.file : file,
        '$',
        `the whole stack needs inputs for layer 1 (${first.inputSize} columns); these rows are as wide as layer ${layer + 1}'s own inputs`,
      );
    }
    const curves = wholeStackCurves(
      stack.layers.map((l) => l.forward),
      firstLayerInputs,
      result.jacobian.lags.length,
      hooks,
    );
    return {
      layers: stack.layers.length,
      jacobian: normCurve(curves.jacobian),
      topToBottom: normCurve(curves.topToBottom),
    };
  }
}

/** The stack a deep layer or `--stack` needs; the whole stack is for unidirectional stacks of two or more layers. */
function stackFor(tensors: TensorFile, options: AnalysisOptions, model: RecurrentModel): RecurrentStack {
  const stack = recognizeStack(tensors, options.activation ? { activation: options.activation } : {});
  if (options.stack) {
    const where = model.source.file;
    if (stack.layers.length < 2)
      throw new InputError(where, '$', 'the whole stack needs two or more layers; this file holds one');
    if (stack.layers.some((l) => l.reverse))
      throw new InputError(
        where,
        '$',
        'the whole stack is for unidirectional stacks: a bidirectional layer reads the sequence from both ends, so no state at step t holds the whole past',
      );
  }
  return stack;
}
