#!/usr/bin/env node
// rnn-gradients: the same core as the extension, from a terminal or CI.
import { analyzeFile } from './core/analysis/analyze-file';
import { DEFAULT_STEPS, type AnalysisOptions, type InputsSpec } from './core/analysis/types';
import { isInputError } from './core/errors';
import { isActivationName } from './core/rnn/activations';
import { integerOption, numberOption, parseArgs, UsageError } from './cli/args';
import { textReport } from './cli/text-report';

const USAGE = `usage:
  rnn-gradients analyze FILE [--inputs FILE|zeros|random] [--seed N] [--steps T] [--lags L]
                             [--activation tanh|sigmoid|relu|linear] [--layer K] [--reverse]
                             [--threshold X] [--json]
  rnn-gradients check FILE... [--threshold X]
                                     diagnostics for training configs (*.rnn.json, *.rnn.yaml);
                                     exit 1 when any error, 2 when a file cannot be read`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'analyze') return analyzeCommand(rest);
  if (command === 'check') {
    const { runCheck } = await import('./cli/check');
    const args = parseArgs(rest, ['threshold'], []);
    if (args.positional.length === 0) throw new UsageError('check needs at least one config file');
    return runCheck(args.positional, (line) => console.log(line), numberOption(args, 'threshold'));
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
}

function analyzeCommand(argv: string[]): number {
  const args = parseArgs(argv, ['inputs', 'seed', 'steps', 'lags', 'activation', 'layer', 'threshold'], ['json', 'reverse']);
  if (args.positional.length !== 1) throw new UsageError('analyze takes exactly one weights file');
  const [file] = args.positional;
  const steps = integerOption(args, 'steps', 1);
  const seed = integerOption(args, 'seed', 0);
  const inputsArg = args.options.get('inputs') ?? 'random';
  if (inputsArg === true) throw new UsageError('--inputs needs a value');
  let inputs: InputsSpec;
  if (inputsArg === 'random') inputs = { kind: 'random', seed: seed ?? 0, steps: steps ?? DEFAULT_STEPS };
  else if (inputsArg === 'zeros') inputs = { kind: 'zeros', steps: steps ?? DEFAULT_STEPS };
  else {
    if (steps !== undefined) throw new UsageError('--steps applies to zeros/random inputs; an inputs file sets T by its length');
    inputs = { kind: 'file', file: inputsArg };
  }
  const activation = args.options.get('activation');
  if (activation !== undefined && !isActivationName(activation)) {
    throw new UsageError(`unknown activation ${JSON.stringify(activation)}: use tanh, sigmoid, relu or linear`);
  }
  const options: AnalysisOptions = {
    inputs,
    lags: integerOption(args, 'lags', 1),
    activation: activation as AnalysisOptions['activation'],
    layer: integerOption(args, 'layer', 0),
    direction: args.options.has('reverse') ? 'reverse' : 'forward',
    threshold: numberOption(args, 'threshold'),
  };
  const T = inputs.kind === 'file' ? undefined : inputs.steps;
  if (options.lags !== undefined && T !== undefined && options.lags > T) throw new UsageError(`--lags ${options.lags} is more than --steps ${T}`);
  const result = analyzeFile(file, options);
  if (options.lags !== undefined && options.lags > result.jacobian.steps) throw new UsageError(`--lags ${options.lags} is more than the ${result.jacobian.steps} steps of the inputs`);
  console.log(args.options.has('json') ? JSON.stringify(result, null, 1) : textReport(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`rnn-gradients: ${e.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (isInputError(e)) {
      console.error(`rnn-gradients: ${e.message}`);
      process.exitCode = 2;
    } else if (e instanceof RangeError) {
      console.error(`rnn-gradients: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(`rnn-gradients: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 70;
    }
  },
);
