// What each subcommand accepts, and the help texts made from it: the one list --help, the parser and the
// "did you mean" suggestions read.
import { DEFAULT_STEPS, DEFAULT_THRESHOLD } from '../core/analysis/types';
import { ACTIVATION_NAMES } from '../core/rnn/activations';
import { DEFAULT_LYAPUNOV_STEPS, DEFAULT_MAX_K, DEFAULT_WARMUP, toleranceProblem } from '../core/rnn/lyapunov/settings';
import { optionLines, type CommandSpec } from './options';

/** Where timeline's cache lives, in words (defaultCacheFile in src/core/timeline/cache.ts decides it). */
const CACHE_LOCATION =
  '$RNN_GRADIENTS_CACHE_DIR/timeline-cache.json, else $XDG_CACHE_HOME/rnn-gradients/, else ~/.cache/rnn-gradients/';

export const TOOL = 'rnn-gradients';

const help = { kind: 'flag', short: 'h', help: 'show this help' } as const;
const DEBUG_HELP = 'on an internal error, print its stack trace';
const debug = { kind: 'flag', help: DEBUG_HELP } as const;
const threshold = {
  kind: 'threshold',
  value: 'X',
  help: `horizon threshold on ‖J(l)‖₂, in (0, 1) (default ${DEFAULT_THRESHOLD})`,
} as const;

/** The probe every analysis runs: its inputs, lags and activation (analyze and timeline; with `threshold`). */
const PROBE_OPTIONS = {
  inputs: {
    kind: 'text',
    value: 'FILE|zeros|random',
    help: 'the input sequence: a JSON file of T rows, zeros, or N(0, 1) (default random)',
  },
  seed: { kind: 'count', value: 'N', bound: 'seed', help: 'seed of the random inputs (default 0)' },
  steps: {
    kind: 'count',
    value: 'T',
    bound: 'steps',
    help: `length T of zeros/random inputs (default ${DEFAULT_STEPS})`,
  },
  lags: { kind: 'count', value: 'L', bound: 'lags', help: 'number of lags L ≤ T to measure (default T)' },
  activation: {
    kind: 'choice',
    choices: ACTIVATION_NAMES,
    noun: 'activation',
    help: "use this activation instead of the file's",
  },
} as const;

/** --lyapunov and the settings only it reads. */
const LYAPUNOV_OPTIONS = {
  lyapunov: {
    kind: 'flag-or-count',
    value: 'K',
    bound: 'lyapunovK',
    help: `also the K largest Lyapunov exponents along the driven trajectory (default K: the state size, up to ${DEFAULT_MAX_K}); with --stack, the whole stack's`,
  },
  'lyapunov-steps': {
    kind: 'count',
    value: 'T',
    bound: 'lyapunovSteps',
    help: `steps the Lyapunov exponents average over (default ${DEFAULT_LYAPUNOV_STEPS}; an inputs file is cycled)`,
  },
  warmup: {
    kind: 'count',
    value: 'W',
    bound: 'warmup',
    help: `steps run before the Lyapunov average starts, not counted (default ${DEFAULT_WARMUP})`,
  },
  'reorthonormalize-every': {
    kind: 'count',
    value: 't',
    bound: 'reorthonormalizeEvery',
    help: 'QR of the Lyapunov directions every t steps, 1 to 10 (default 1)',
  },
  'lyapunov-tolerance': {
    kind: 'positive',
    value: 'E',
    problem: toleranceProblem,
    help: 'stop the Lyapunov run early once every standard error is below E (per step)',
  },
} as const;

const layer = {
  kind: 'count',
  value: 'K',
  bound: 'layer',
  help: 'which layer of a multi-layer file, counted from 0 (default 0)',
} as const;
const reverse = { kind: 'flag', help: 'the reverse direction of a bidirectional layer' } as const;
const json = { kind: 'flag', help: 'print the whole result as JSON' } as const;
const quiet = { kind: 'flag', help: 'no progress on stderr (shown only when stderr is a terminal)' } as const;

export const ANALYZE: CommandSpec = {
  name: 'analyze',
  operands: 'FILE',
  summary: 'spectrum, Jacobian norms over the lag, verdict and gradient horizon of one RNN weights file',
  options: {
    ...PROBE_OPTIONS,
    layer,
    reverse,
    stack: {
      kind: 'flag',
      help: "also the whole unidirectional stack: every layer's state as one (∂S_T/∂S_{T−l}) and ∂h^top_T/∂h^0_{T−l}",
    },
    threshold,
    ...LYAPUNOV_OPTIONS,
    json,
    quiet,
    debug,
    help,
  },
};

export const TIMELINE: CommandSpec = {
  name: 'timeline',
  operands: 'DIR|GLOB...',
  summary: 'gradient health over training: every checkpoint of a folder or glob analysed with one probe, in order',
  details:
    "Ordered by the checkpoints' global step or epoch when every one saves it, else by the numbers in the file\n" +
    'names (epoch=7-step=1400.ckpt, ckpt_0010.pt), else by modification time; the output says which.\n' +
    'A file that cannot be read is listed in its place. Results are cached per file (path, size, mtime) in\n' +
    `${CACHE_LOCATION}.\n` +
    'Exit 1 when --fail-if holds for the latest readable checkpoint (for any of its layers without --layer),\n' +
    '2 on bad input (no checkpoint, an invalid expression), 0 otherwise.',
  options: {
    ...PROBE_OPTIONS,
    layer: { ...layer, help: 'only this layer, counted from 0 (default: every layer and direction)' },
    reverse: { ...reverse, help: 'with --layer: its reverse direction' },
    threshold,
    'fail-if': {
      kind: 'text',
      value: 'EXPR',
      help: 'exit 1 when EXPR holds for the latest checkpoint, e.g. "horizon < 50" or "regime == exploding"',
    },
    ...LYAPUNOV_OPTIONS,
    'no-cache': { kind: 'flag', help: 'neither read nor write the cache' },
    json: { ...json, help: 'print the timeline as JSON: one entry per checkpoint and the order used' },
    quiet,
    debug,
    help,
  },
};

export const CHECK: CommandSpec = {
  name: 'check',
  operands: 'FILE...',
  summary: 'diagnostics for training configs (*.rnn.json, *.rnn.jsonc, *.rnn.yaml), one file:line:col line each',
  details:
    'Files that are not configs (a README, a weights file) are reported as skipped and do not fail the run.\n' +
    'Every file is checked even when one fails. Exit 1 when any error is found, 2 when a file cannot be read,\n' +
    '70 when checking a file failed on a bug of ours, 0 otherwise.',
  options: { threshold, debug, help },
};

export const COMMANDS: readonly CommandSpec[] = [ANALYZE, TIMELINE, CHECK];

export function commandHelp(spec: CommandSpec): string {
  const about = [`${spec.summary}.`, ...(spec.details ? [spec.details] : [])];
  return [
    `usage: ${TOOL} ${spec.name} ${spec.operands} [options]`,
    '',
    ...about,
    '',
    'options:',
    ...optionLines(spec),
  ].join('\n');
}

export function toolHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  return [
    `usage: ${TOOL} <command> [options]`,
    '',
    "Will a recurrent network's gradients vanish or explode? The same analysis as the VS Code extension.",
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'options:',
    `  -h, --help${' '.repeat(6)}show this help; ${TOOL} <command> --help for a command's options`,
    `  --version${' '.repeat(7)}print the version`,
    `  --debug${' '.repeat(9)}${DEBUG_HELP} (before the command or among its options)`,
  ].join('\n');
}
