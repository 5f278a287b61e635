// `rnn-gradients check FILE…`: the editor's config diagnostics for CI, one `file:line:col: severity: message`
// line each; a file that is not a config, one `file: skipped: reason` line. Exit code 1 when any error is found,
// 2 when a file cannot be read, 0 otherwise.
import { stat } from 'node:fs/promises';
import { checkConfigText } from '../core/config/checkText';
import { configCandidate, notConfigByName } from '../core/config/isConfig';
import { LineIndex } from '../core/config/lines';
import { isInputError } from '../core/errors';
import { readUserText } from '../core/io/readFile';

export async function runCheck(files: string[], out: (line: string) => void, threshold?: number): Promise<number> {
  let unreadable = false;
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
    for (const d of await checkConfigText(text, file, { threshold })) {
      const { line, character } = lines.positionAt(d.range.start);
      out(`${file}:${line + 1}:${character + 1}: ${d.severity}: ${d.message}`);
      if (d.severity === 'error') errors++;
    }
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}
