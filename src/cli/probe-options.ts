// The probe options analyze and timeline share (--inputs, --seed, --steps, --lags, --activation, --threshold,
// --lyapunov and its settings), read into AnalysisOptions once for both.
import { DEFAULT_STEPS, type AnalysisOptions, type InputsSpec } from '../core/analysis/types';
import type { ActivationName } from '../core/rnn/activations';
import { UsageError, type ParsedCommand } from './options';

export function numberValue(args: ParsedCommand, name: string): number | undefined {
  const v = args.values.get(name);
  return typeof v === 'number' ? v : undefined;
}

/** The probe of `command`'s arguments; the layer and direction are the caller's. */
export function probeOptions(args: ParsedCommand, command: string): AnalysisOptions {
  const steps = numberValue(args, 'steps');
  const seed = numberValue(args, 'seed');
  const inputsArg = args.values.get('inputs') ?? 'random';
  let inputs: InputsSpec;
  if (inputsArg === 'random') inputs = { kind: 'random', seed: seed ?? 0, steps: steps ?? DEFAULT_STEPS };
  else if (inputsArg === 'zeros') inputs = { kind: 'zeros', steps: steps ?? DEFAULT_STEPS };
  else {
    if (steps !== undefined)
      throw new UsageError('--steps applies to zeros/random inputs; an inputs file sets T by its length', command);
    inputs = { kind: 'file', file: String(inputsArg) };
  }
  if (seed !== undefined && inputs.kind !== 'random')
    throw new UsageError('--seed applies to random inputs only', command);
  const options: AnalysisOptions = {
    inputs,
    lags: numberValue(args, 'lags'),
    activation: args.values.get('activation') as ActivationName | undefined,
    threshold: numberValue(args, 'threshold'),
    ...lyapunovOptions(args, command),
  };
  const T = inputs.kind === 'file' ? undefined : inputs.steps;
  if (options.lags !== undefined && T !== undefined && options.lags > T)
    throw new UsageError(`--lags ${options.lags} is more than --steps ${T}`, command);
  return options;
}

/** --lyapunov [K] and the settings that only it reads. */
function lyapunovOptions(args: ParsedCommand, command: string): Pick<AnalysisOptions, 'lyapunov'> {
  const settings = ['lyapunov-steps', 'warmup', 'reorthonormalize-every', 'lyapunov-tolerance'];
  const k = args.values.get('lyapunov');
  if (k === undefined) {
    const stray = settings.find((name) => args.values.has(name));
    if (stray) throw new UsageError(`--${stray} applies to --lyapunov, which is not given`, command);
    return {};
  }
  const lyapunov: NonNullable<AnalysisOptions['lyapunov']> = {};
  if (typeof k === 'number') lyapunov.k = k;
  const steps = numberValue(args, 'lyapunov-steps');
  const warmup = numberValue(args, 'warmup');
  const every = numberValue(args, 'reorthonormalize-every');
  const tolerance = numberValue(args, 'lyapunov-tolerance');
  if (steps !== undefined) lyapunov.steps = steps;
  if (warmup !== undefined) lyapunov.warmup = warmup;
  if (every !== undefined) lyapunov.every = every;
  if (tolerance !== undefined) lyapunov.tolerance = tolerance;
  return { lyapunov };
}
