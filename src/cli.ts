#!/usr/bin/env node
// rnn-gradients: the same core as the extension, from a terminal or CI.
import { analyzeFile } from './core/analysis/analyze-file';
import { DEFAULT_STEPS, type AnalysisOptions, type AnalysisResult, type InputsSpec } from './core/analysis/types';
import type { ActivationName } from './core/rnn/activations';
import { ANALYZE, CHECK, commandHelp, COMMANDS, toolHelp } from './cli/commands';
import { describeFailure } from './cli/failure';
import { nearestName } from './cli/nearest';
import { parseCommand, UsageError, type ParsedCommand } from './cli/options';
import { guardStdout } from './cli/output';
import { terminalProgress } from './cli/progress';
import { textReport } from './cli/text-report';
import { packageVersion } from './cli/version';

/** The files the command reads, so that a failure without a file name can still name one. */
const filesRead: string[] = [];

async function main(argv: string[]): Promise<number> {
  // --debug is global: before the command, or among any command's options.
  const [command, ...rest] = argv[0] === '--debug' ? argv.slice(1) : argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === '--help' || command === '-h' || command === 'help') {
    const spec = COMMANDS.find((c) => c.name === rest[0]);
    console.log(spec ? commandHelp(spec) : toolHelp());
    return 0;
  }
  if (command === '--version') {
    console.log(packageVersion());
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === command);
  if (!spec) throw new UsageError(unknownCommandMessage(command));
  const args = parseCommand(rest, spec);
  if (args.values.has('help')) {
    console.log(commandHelp(spec));
    return 0;
  }
  if (spec === CHECK) {
    const { runCheck } = await import('./cli/check');
    if (args.positionals.length === 0) throw new UsageError('check needs at least one config file', CHECK.name);
    return runCheck(args.positionals, (line) => console.log(line), numberValue(args, 'threshold'), {
      debug: isDebug(argv),
    });
  }
  return analyzeCommand(args);
}

/** --debug anywhere before a `--` (after which every word is a file name). */
function isDebug(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--debug');
}

function unknownCommandMessage(command: string): string {
  const candidates = command.startsWith('-') ? ['--help', '--version', '--debug'] : COMMANDS.map((c) => c.name);
  const guess = nearestName(command, candidates);
  const what = command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`;
  return guess
    ? `${what}; did you mean ${guess}?`
    : `${what}; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`;
}

function numberValue(args: ParsedCommand, name: string): number | undefined {
  const v = args.values.get(name);
  return typeof v === 'number' ? v : undefined;
}

function analyzeCommand(args: ParsedCommand): number {
  if (args.positionals.length !== 1) throw new UsageError('analyze takes exactly one weights file', ANALYZE.name);
  const [file] = args.positionals;
  const steps = numberValue(args, 'steps');
  const seed = numberValue(args, 'seed');
  const inputsArg = args.values.get('inputs') ?? 'random';
  let inputs: InputsSpec;
  if (inputsArg === 'random') inputs = { kind: 'random', seed: seed ?? 0, steps: steps ?? DEFAULT_STEPS };
  else if (inputsArg === 'zeros') inputs = { kind: 'zeros', steps: steps ?? DEFAULT_STEPS };
  else {
    if (steps !== undefined)
      throw new UsageError('--steps applies to zeros/random inputs; an inputs file sets T by its length', ANALYZE.name);
    inputs = { kind: 'file', file: String(inputsArg) };
  }
  if (seed !== undefined && inputs.kind !== 'random')
    throw new UsageError('--seed applies to random inputs only', ANALYZE.name);
  const options: AnalysisOptions = {
    inputs,
    lags: numberValue(args, 'lags'),
    activation: args.values.get('activation') as ActivationName | undefined,
    layer: numberValue(args, 'layer'),
    direction: args.values.has('reverse') ? 'reverse' : 'forward',
    threshold: numberValue(args, 'threshold'),
    stack: args.values.has('stack'),
    ...lyapunovOptions(args),
  };
  const T = inputs.kind === 'file' ? undefined : inputs.steps;
  if (options.lags !== undefined && T !== undefined && options.lags > T)
    throw new UsageError(`--lags ${options.lags} is more than --steps ${T}`, ANALYZE.name);
  filesRead.push(file, ...(inputs.kind === 'file' ? [inputs.file] : []));
  const progress = terminalProgress(process.stderr, args.values.has('quiet'));
  progress.show(`reading ${file}`);
  let result: AnalysisResult;
  try {
    result = analyzeFile(file, options, progress.hooks);
  } finally {
    progress.done();
  }
  if (options.lags !== undefined && options.lags > result.jacobian.steps) {
    throw new UsageError(
      `--lags ${options.lags} is more than the ${result.jacobian.steps} steps of the inputs`,
      ANALYZE.name,
    );
  }
  console.log(args.values.has('json') ? JSON.stringify(result, null, 1) : textReport(result));
  return 0;
}

/** --lyapunov [K] and the settings that only it reads. */
function lyapunovOptions(args: ParsedCommand): Pick<AnalysisOptions, 'lyapunov'> {
  const settings = ['lyapunov-steps', 'warmup', 'reorthonormalize-every', 'lyapunov-tolerance'];
  const k = args.values.get('lyapunov');
  if (k === undefined) {
    const stray = settings.find((name) => args.values.has(name));
    if (stray) throw new UsageError(`--${stray} applies to --lyapunov, which is not given`, ANALYZE.name);
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

guardStdout();
const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const failure = describeFailure(e, filesRead, isDebug(argv));
    console.error(failure.message);
    process.exitCode = failure.code;
  },
);
