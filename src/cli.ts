#!/usr/bin/env node
// rnn-gradients: the same core as the extension, from a terminal or CI.
import { analyzeFile } from './core/analysis/analyze-file';
import type { AnalysisOptions, AnalysisResult } from './core/analysis/types';
import { ANALYZE, CHECK, commandHelp, COMMANDS, TIMELINE, toolHelp } from './cli/commands';
import { describeFailure } from './cli/failure';
import { nearestName } from './cli/nearest';
import { parseCommand, UsageError, type ParsedCommand } from './cli/options';
import { numberValue, probeOptions } from './cli/probe-options';
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
  if (spec === TIMELINE) {
    const { runTimelineCommand } = await import('./cli/timeline');
    return runTimelineCommand(
      args,
      (line) => console.log(line),
      (line) => console.error(line),
      filesRead,
    );
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

function analyzeCommand(args: ParsedCommand): number {
  if (args.positionals.length !== 1) throw new UsageError('analyze takes exactly one weights file', ANALYZE.name);
  const [file] = args.positionals;
  const probe = probeOptions(args, ANALYZE.name);
  const { inputs } = probe;
  const options: AnalysisOptions = {
    ...probe,
    layer: numberValue(args, 'layer'),
    direction: args.values.has('reverse') ? 'reverse' : 'forward',
    stack: args.values.has('stack'),
  };
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
