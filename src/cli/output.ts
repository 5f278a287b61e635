// Standard output that can fail: a full disk (`> /dev/full`) or a reader that went away (`| head -c1`). Either is
// one line on stderr and an exit code, never an unhandled 'error' event with a stack trace.
import { TOOL } from './commands';

/** Exit code when the output could not be written (sysexits' EX_IOERR). */
export const EXIT_OUTPUT_FAILED = 74;
/** Exit code when the reader of our output closed the pipe: 128 + SIGPIPE, what tools killed by it return. */
export const EXIT_BROKEN_PIPE = 141;

/** What to print (if anything) and return when writing stdout failed with `e`. */
export function outputFailure(e: NodeJS.ErrnoException): { code: number; message?: string } {
  // The reader has what it wanted (`| head`): stop quietly, as cat and grep do.
  if (e.code === 'EPIPE') return { code: EXIT_BROKEN_PIPE };
  const reason = e.code === 'ENOSPC' ? 'no space left on the device' : e.message;
  return {
    code: EXIT_OUTPUT_FAILED,
    message: `${TOOL}: cannot write the output to stdout: ${reason} (${e.code ?? 'error'})`,
  };
}

/** Installs the handler: a failed write to stdout ends the process with outputFailure's code. */
export function guardStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    const { code, message } = outputFailure(e);
    if (message) process.stderr.write(`${message}\n`);
    process.exit(code);
  });
  // A failed write to stderr has nowhere to be reported; it must not become a crash either.
  process.stderr.on('error', () => undefined);
}
