// Shared by the config tests: contexts with their weights read from disk, and ranges as text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextWithWeights } from '../../../src/core/config/checkText';
import type { ConfigContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import type { TextRange } from '../../../src/core/config/source';
import type { ConfigDiagnostic } from '../../../src/core/config/types';
import { REPO } from '../helpers';

export const EXAMPLES = join(REPO, 'examples');
export const CONFIG_EXAMPLES = join(EXAMPLES, 'configs');

export function slice(text: string, r: TextRange): string {
  return text.slice(r.start, r.end);
}

const scratchDirs: string[] = [];

/** A config written to a fresh temporary folder (with optional neighbours), read with its weights. */
export async function contextFor(
  name: string,
  text: string,
  files: Record<string, string> = {},
): Promise<ConfigContext> {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-config-'));
  if (scratchDirs.length === 0)
    process.once('exit', () => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  scratchDirs.push(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  const path = join(dir, name);
  writeFileSync(path, text);
  return contextWithWeights(text, path, {});
}

export async function diagnose(
  name: string,
  text: string,
  files: Record<string, string> = {},
): Promise<ConfigDiagnostic[]> {
  return diagnoseConfig(await contextFor(name, text, files));
}

export function only(ds: ConfigDiagnostic[], code: ConfigDiagnostic['code']): ConfigDiagnostic[] {
  return ds.filter((d) => d.code === code);
}
