// What the CLI prints and returns when a command fails. A user's mistake (usage, a bad file) is exit 2 with one
// line naming the file; a failed write of the output is exit 74; anything else is our bug: exit 70, one line, and
// the stack trace only with --debug.
import { statSync } from 'node:fs';
import { isInputError } from '../core/errors';
import { MAX_TEXT_CHARS, TEXT_TOO_LARGE } from '../core/io/userText';
import { TOOL } from './commands';
import { UsageError } from './options';

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export interface Failure {
  readonly code: number;
  readonly message: string;
}

/** Node's errors about the size of what was read, which name no file: the file is found by its size. */
const SIZE_ERRORS: Readonly<Record<string, { over: number; problem: string }>> = {
  ERR_FS_FILE_TOO_LARGE: { over: 2 * 1024 ** 3, problem: 'is over the 2 GiB that Node can read at once' },
  ERR_STRING_TOO_LONG: { over: MAX_TEXT_CHARS, problem: TEXT_TOO_LARGE },
};

/** Operating-system errors about a named file (permission, I/O): the user's environment, not our bug. */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/**
 * The failure `e` as a message and an exit code. `files`: the files the command was given, to name the one
 * an error without a file name is about.
 */
export function describeFailure(e: unknown, files: readonly string[], debug: boolean): Failure {
  if (e instanceof UsageError) {
    const helpCommand = e.command ? `${TOOL} ${e.command} --help` : `${TOOL} --help`;
    return { code: EXIT_USAGE, message: `${TOOL}: ${e.message}\n(${helpCommand} lists what it accepts)` };
  }
  if (isInputError(e)) return { code: EXIT_USAGE, message: `${TOOL}: ${e.message}` };
  const error = e as NodeJS.ErrnoException | undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (code && Object.hasOwn(SYSTEM_ERRORS, code) && typeof error?.path === 'string')
    return { code: EXIT_USAGE, message: `${TOOL}: ${error.path}: ${SYSTEM_ERRORS[code]}` };
  if (code && Object.hasOwn(SIZE_ERRORS, code)) {
    const { over, problem } = SIZE_ERRORS[code];
    const file = files.find((f) => (statSync(f, { throwIfNoEntry: false })?.size ?? 0) > over);
    if (file) return { code: EXIT_USAGE, message: `${TOOL}: ${file}: ${problem}` };
  }
  const what = e instanceof Error ? e.message : String(e);
  const detail =
    debug && e instanceof Error && e.stack
      ? `\n${e.stack}`
      : `\n(a bug in ${TOOL}: please report it; --debug prints the stack trace)`;
  return { code: EXIT_INTERNAL, message: `${TOOL}: internal error: ${what}${detail}` };
}
