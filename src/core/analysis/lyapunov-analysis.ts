// The Lyapunov spectrum for analyzeFile: which layers run, whose state the tangent covers, which inputs drive
// them (the analysis's own: the same seed's N(0, 1) stream, zeros, or the file's rows cycled), and the report.
import { InputError } from '../errors';
import { outputSizeOf, stateSize, type RecurrentModel, type RecurrentStack } from '../rnn/gated-model';
import type { ComputeHooks } from '../rnn/hooks';
import { lyapunovSpectrum, type LyapunovProblem } from '../rnn/lyapunov/benettin';
import { entropyRate, kaplanYorkeDimension, positiveCount, predictedHorizon } from '../rnn/lyapunov/derived';
import { cycledInputs, seededInputs, zeroInputs, type InputStream } from '../rnn/lyapunov/input-stream';
import { lyapunovSentence } from '../rnn/lyapunov/verdict-words';
import { helperThread, tangentSplitterWith } from '../parallel/helper';
import type { InputSequence, InputsFeed } from './inputs';
import type { AnalysisResult, InputsSpec, LyapunovReport, LyapunovSettings } from './types';

export interface LyapunovRequest {
  readonly model: RecurrentModel;
  /** The file's layers, when the model is a deep layer or the whole stack is asked for. */
  readonly stack?: RecurrentStack;
  readonly wholeStack: boolean;
  readonly spec: InputsSpec;
  /** The inputs file's rows (and h0, c0 of the analysed layer), when the inputs come from a file. */
  readonly sequence?: InputSequence;
  readonly feeds?: InputsFeed;
  readonly settings: LyapunovSettings;
  /** What the Jacobian curve measured: the horizon set beside the predicted one. */
  readonly verdict: AnalysisResult['verdict'];
}

export function lyapunovReport(request: LyapunovRequest, hooks?: ComputeHooks): LyapunovReport {
  const { model, stack, spec, settings } = request;
  const layer = model.source.layer;
  const reverse = model.source.direction === 'reverse';
  const ownRows = request.feeds === 'this-layer';
  let layers: RecurrentModel[];
  let tangentFrom: number;
  let initialStates: (Float64Array | undefined)[] | undefined;
  if (request.wholeStack && stack) {
    if (ownRows) throw wholeStackNeedsFirstLayer(spec, model, stack);
    layers = stack.layers.map((l) => l.forward);
    tangentFrom = 0;
  } else if (layer > 0 && !ownRows && stack) {
    // The layers below stream forward with it, step by step: only a unidirectional stack can, since a reverse
    // direction's h_t depends on inputs after t.
    if (stack.layers.slice(0, layer + 1).some((l) => l.reverse))
      throw new InputError(
        model.source.file,
        '$',
        `the Lyapunov spectrum of layer ${layer + 1} needs the layers below run forward step by step with it; a bidirectional layer's reverse direction at step t depends on the inputs after t, so it is computed for unidirectional stacks (or give the layer's own inputs in the inputs file)`,
      );
    layers = stack.layers.slice(0, layer + 1).map((l) => l.forward);
    tangentFrom = layer;
    // The analysed layer starts from the file's h0 (and c0), as the analysis does; the layers below from zero.
    initialStates = layers.map((m, i) => (i === layer ? initialState(m, request.sequence) : undefined));
  } else {
    layers = [model];
    tangentFrom = 0;
    initialStates = [initialState(model, request.sequence)];
  }
  const width = layers[0].inputSize;
  const rows = request.sequence?.inputs;
  const direct = layers.length === 1 && reverse && rows ? [...rows].reverse() : rows;
  const inputs: InputStream =
    spec.kind === 'random'
      ? seededInputs(spec.seed, width)
      : spec.kind === 'zeros'
        ? zeroInputs(width)
        : cycledInputs(direct ?? []);
  const problem: LyapunovProblem = {
    layers,
    tangentFrom,
    inputs,
    ...(initialStates ? { initialStates } : {}),
    // Both cores when there are two (the exponents are the same to the bit on one).
    threads: tangentSplitterWith(helperThread()),
  };
  const run = lyapunovSpectrum(problem, settings, hooks);
  const lambda1 = run.exponents[0];
  const se1 = run.standardError[0];
  const threshold = request.verdict.threshold;
  const ky = kaplanYorkeDimension(run.exponents);
  const took = run.settings.warmup + run.steps;
  const scope = request.wholeStack && stack ? 'stack' : 'layer';
  return {
    scope,
    of: describeState(layers, tangentFrom, scope),
    stateSize: run.stateSize,
    k: run.settings.k,
    exponents: run.exponents,
    units: 'per step, natural log',
    steps: run.steps,
    warmup: run.settings.warmup,
    reorthonormalizeEvery: run.settings.every,
    ...(run.settings.tolerance !== undefined ? { tolerance: run.settings.tolerance } : {}),
    stoppedEarly: run.stoppedEarly,
    standardError: run.standardError,
    runningLambda1: {
      step: run.running.step,
      lambda1: run.running.lambda1,
      standardError: run.running.step.map((s) => (se1 === null ? null : se1 * Math.sqrt(run.steps / s))),
    },
    positiveCount: positiveCount(run.exponents),
    entropyRate: entropyRate(run.exponents),
    kaplanYorkeDimension: ky.dimension,
    kaplanYorkeAtLeast: ky.atLeast,
    predictedHorizon: predictedHorizon(lambda1, threshold),
    measuredHorizon: request.verdict.horizon,
    measuredHorizonReachesEnd: request.verdict.horizonReachesEnd,
    threshold,
    inputs: {
      kind: spec.kind,
      ...(spec.kind === 'random' ? { seed: spec.seed } : {}),
      ...(spec.kind === 'file' ? { file: spec.file, rows: rows?.length ?? 0 } : {}),
      steps: took,
    },
    inputsCycled: spec.kind === 'file' && (rows?.length ?? 0) < took,
    summary: lyapunovSentence(lambda1, se1),
    householderSteps: run.householderSteps,
  };
}

/** The analysed layer's s_0 from the inputs file's h0 (and c0), as the analysis starts from. */
function initialState(model: RecurrentModel, sequence: InputSequence | undefined): Float64Array {
  const s0 = new Float64Array(stateSize(model));
  if (!sequence) return s0;
  const P = outputSizeOf(model);
  s0.set(sequence.h0.subarray(0, P));
  if (model.cell === 'lstm' && sequence.c0) s0.set(sequence.c0, P);
  return s0;
}

function describeState(layers: readonly RecurrentModel[], tangentFrom: number, scope: 'layer' | 'stack'): string {
  const S = layers.slice(tangentFrom).reduce((a, m) => a + stateSize(m), 0);
  if (scope === 'stack') return `every layer's state of the ${layers.length}-layer stack, stacked (${S} entries)`;
  const m = layers[tangentFrom];
  const state = m.cell === 'lstm' ? 's = (h, c)' : 'h';
  const below =
    tangentFrom > 0 ? `; the ${tangentFrom} layer${tangentFrom > 1 ? 's' : ''} below run forward with it` : '';
  const which = `${m.source.direction === 'reverse' ? 'the reverse direction of ' : ''}layer ${m.source.layer + 1}`;
  return `the state ${state} of ${which} (${S} entries)${below}`;
}

function wholeStackNeedsFirstLayer(spec: InputsSpec, model: RecurrentModel, stack: RecurrentStack): InputError {
  return new InputError(
    spec.kind === 'file' ? spec.file : model.source.file,
    '$',
    `the whole stack needs inputs for layer 1 (${stack.layers[0].forward.inputSize} columns); these rows are as wide as layer ${model.source.layer + 1}'s own inputs`,
  );
}
