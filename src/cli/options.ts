// A command's options, parsed with node:util's parseArgs and checked here, so every mistake is a UsageError
// that names the option (and the nearest known one when the name is misspelt).
import { parseArgs } from 'node:util';
import { thresholdProblem } from '../core/analysis/threshold';
import { BOUNDS, parseCount, type BoundName } from '../core/bounds';
import { fmtCount } from '../core/format-number';
import { nearestName } from './nearest';

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help explains the mistake; undefined for the tool itself. */
    readonly command?: string,
  ) {
    super(message);
  }
}

export type OptionSpec =
  | { kind: 'flag'; short?: string; help: string }
  | { kind: 'text'; value: string; help: string }
  | { kind: 'choice'; choices: readonly string[]; noun: string; help: string }
  /** A count checked against its bound in src/core/bounds.ts, with the panel's words. */
  | { kind: 'count'; value: string; bound: BoundName; help: string }
  | { kind: 'threshold'; value: string; help: string }
  /** A flag that may take a count: `--name`, `--name=K`, or `--name K` when the next word is a whole number. */
  | { kind: 'flag-or-count'; value: string; bound: BoundName; help: string }
  /** A positive number (a tolerance), with the rule's words from the core. */
  | { kind: 'positive'; value: string; problem: (value: number) => string | undefined; help: string };

export interface CommandSpec {
  readonly name: string;
  /** The positional arguments, as the usage line shows them. */
  readonly operands: string;
  readonly summary: string;
  /** More paragraphs for the command's --help. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

export type OptionValue = string | number | true;

export interface ParsedCommand {
  readonly positionals: string[];
  readonly values: ReadonlyMap<string, OptionValue>;
}

export function parseCommand(argv: readonly string[], spec: CommandSpec): ParsedCommand {
  const nodeOptions: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    nodeOptions[name] =
      option.kind === 'flag'
        ? { type: 'boolean', ...(option.short ? { short: option.short } : {}) }
        : option.kind === 'flag-or-count'
          ? { type: 'boolean' }
          : { type: 'string' };
  }
  // Not strict: the tokens are checked below, so that each message names the option and suggests a spelling.
  const { tokens } = parseArgs({
    args: [...argv],
    options: nodeOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const values = new Map<string, OptionValue>();
  /** Indexes of positionals taken as a flag-or-count's value. */
  const taken = new Set<number>();
  for (const [at, token] of tokens.entries()) {
    if (token.kind === 'positional' && !taken.has(at)) positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!option) throw new UsageError(unknownOptionMessage(token.rawName, spec), spec.name);
    const raw = token.rawName;
    if (option.kind === 'flag-or-count') {
      const next = tokens[at + 1];
      // `--lyapunov 8`: a whole number right after the flag is its value (a file named 8 is `./8`).
      const value =
        token.value ??
        (next?.kind === 'positional' && next.index === token.index + 1 && /^\+?\d+$/.test(next.value)
          ? (taken.add(at + 1), next.value)
          : undefined);
      values.set(token.name, value === undefined ? true : checkedValue(raw, option, value, spec.name));
      continue;
    }
    if (option.kind === 'flag') {
      if (token.value !== undefined) throw new UsageError(`${raw} takes no value`, spec.name);
      values.set(token.name, true);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && !/^-[\d.]/.test(value))) {
      throw new UsageError(`${raw} needs a value${valueHint(option)}`, spec.name);
    }
    values.set(token.name, checkedValue(raw, option, value, spec.name));
  }
  return { positionals, values };
}

function unknownOptionMessage(raw: string, spec: CommandSpec): string {
  const known = Object.keys(spec.options).map((name) => `--${name}`);
  const guess = nearestName(raw.replace(/^-+/, '--'), known);
  return guess
    ? `unknown option ${raw}; did you mean ${guess}?`
    : `unknown option ${raw}; ${spec.name} takes ${known.join(', ')}`;
}

function valueHint(option: OptionSpec): string {
  if (option.kind === 'choice') return ` (${option.choices.join(', ')})`;
  if (option.kind === 'count') {
    const { min, max } = BOUNDS[option.bound];
    return ` (a whole number from ${fmtCount(min)} to ${fmtCount(max)})`;
  }
  if (option.kind === 'threshold') return ' (a number in (0, 1), e.g. 0.001)';
  if (option.kind === 'positive') return ' (a positive number, e.g. 0.001)';
  return option.kind === 'text' ? ` (${option.value})` : '';
}

function checkedValue(
  raw: string,
  option: Exclude<OptionSpec, { kind: 'flag' }>,
  value: string,
  command: string,
): OptionValue {
  switch (option.kind) {
    case 'text':
      return value;
    case 'choice':
      if (option.choices.includes(value)) return value;
      throw new UsageError(
        `${raw}: unknown ${option.noun} ${JSON.stringify(value)}; use one of ${option.choices.join(', ')}`,
        command,
      );
    case 'positive': {
      const n = value.trim() === '' ? NaN : Number(value);
      const problem = option.problem(n);
      if (problem) throw new UsageError(`${raw}: ${problem}, got ${JSON.stringify(value)}`, command);
      return n;
    }
    case 'flag-or-count':
    case 'count': {
      const n = parseCount(value, option.bound);
      if (typeof n === 'number') return n;
      throw new UsageError(`${raw}: ${n}`, command);
    }
    case 'threshold': {
      const n = value.trim() === '' ? NaN : Number(value);
      if (Number.isNaN(n))
        throw new UsageError(`${raw} must be a number in (0, 1), e.g. 0.001, got ${JSON.stringify(value)}`, command);
      const problem = thresholdProblem(n);
      if (problem) throw new UsageError(`${raw}: ${problem}`, command);
      return n;
    }
  }
}

/** `--name VALUE   help`, one line per option, for --help. */
export function optionLines(spec: CommandSpec): string[] {
  const entries = Object.entries(spec.options).map(([name, option]) => {
    const short = option.kind === 'flag' && option.short ? `-${option.short}, ` : '';
    const value =
      option.kind === 'flag'
        ? ''
        : option.kind === 'choice'
          ? ` ${option.choices.join('|')}`
          : option.kind === 'flag-or-count'
            ? ` [${option.value}]`
            : ` ${option.value}`;
    return { left: `${short}--${name}${value}`, help: option.help };
  });
  const width = Math.max(...entries.map((e) => e.left.length)) + 3;
  return entries.map((e) => `  ${e.left.padEnd(width)}${e.help}`);
}
