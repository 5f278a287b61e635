// `rnn-gradients check FILE…`: the editor's config diagnostics for CI, one `file:line:col: severity: message`
// line each; a file that is not a config, one `file: skipped: reason` line. A file whose check fails says so on its
// own line and the next file is checked. Exit code 70 when a check failed on our bug, else 2 when a file cannot be
// read, else 1 when any error is found, 0 otherwise.
import { stat } from 'node:fs/promises';
import { checkConfigText } from '../core/config/checkText';
import { configCandidate, notConfigByName } from '../core/config/isConfig';
import { LineIndex } from '../core/config/lines';
import { isInputError } from '../core/errors';
import { readUserText } from '../core/io/readFile';
import { EXIT_INTERNAL } from './failure';

export async function runCheck(
  files: string[],
  out: (line: string) => void,
  threshold?: number,
  { debug = false }: { debug?: boolean } = {},
): Promise<number> {
  let unreadable = false;
  let failed = false;
  let errors = 0;
  for (const file of files) {
    // A missing file is an error whatever its name: reading it below says so.
    const found = await stat(file).catch(() => undefined);
    const skipped = found?.isDirectory() ? 'a folder, not a config file' : found && notConfigByName(file);
    if (skipped) {
      out(`${file}: skipped: ${skipped}`);
      continue;
    }
    let text: string;
    try {
      text = readUserText(file);
    } catch (e) {
      const problem = isInputError(e) ? (e.problem === 'file not found' ? 'no such file' : e.problem) : String(e);
      out(`${file}: error: cannot read the file: ${problem}`);
      unreadable = true;
      continue;
    }
    const candidate = configCandidate(file, text);
    if (!candidate.isConfig) {
      out(`${file}: skipped: ${candidate.reason}`);
      continue;
    }
    const lines = new LineIndex(text);
    let diagnostics: Awaited<ReturnType<typeof checkConfigText>>;
    try {
      diagnostics = await checkConfigText(text, file, { threshold });
    } catch (e) {
      // Never let one file hide the diagnostics of the files after it.
      if (isInputError(e)) unreadable = true;
      else failed = true;
      out(`${file}: error: ${isInputError(e) ? e.problem : `internal error: ${describe(e, debug)}`}`);
      continue;
    }
    for (const d of diagnostics) {
      const { line, character } = lines.positionAt(d.range.start);
      out(`${file}:${line + 1}:${character + 1}: ${d.severity}: ${d.message}`);
      if (d.severity === 'error') errors++;
    }
  }
  if (failed) return EXIT_INTERNAL;
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

function describe(e: unknown, debug: boolean): string {
  if (!(e instanceof Error)) return String(e);
  return debug && e.stack ? e.stack : `${e.message} (a bug: please report it; --debug prints the stack trace)`;
}
