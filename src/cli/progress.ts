// Progress of a long analysis on stderr, one line redrawn in place: only when stderr is a terminal (a log file or
// a CI capture gets nothing) and not with --quiet. The core reports through the same hooks the worker uses.
import type { ComputeHooks } from '../core/rnn/hooks';
import { TOOL } from './commands';

/** Redraws at most this often: the analysis calls the hook once per lag, thousands of times. */
const REDRAW_MS = 100;

export interface TerminalProgress {
  readonly hooks: ComputeHooks;
  /** Says what is being done now (before work that reports nothing, such as reading the file). */
  show(message: string): void;
  /** Clears the line, so the report starts on a clean line. */
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream, quiet: boolean): TerminalProgress {
  const enabled = stream.isTTY === true && !quiet;
  const started = Date.now();
  let shown = false;
  let lastDraw = -Infinity;
  const draw = (fraction: number | undefined, message: string): void => {
    const now = Date.now();
    if (!enabled || now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const percent = fraction === undefined ? '' : `${Math.floor(100 * Math.min(1, Math.max(0, fraction)))}% `;
    const seconds = Math.floor((now - started) / 1000);
    const line = `${TOOL}: ${percent}${message} (${seconds} s)`;
    const width = stream.columns > 1 ? stream.columns - 1 : 79;
    stream.write(`\r\x1b[K${line.slice(0, width)}`);
    shown = true;
  };
  return {
    hooks: { onProgress: (fraction, message) => draw(fraction, message) },
    show: (message) => draw(undefined, message),
    done: () => {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
