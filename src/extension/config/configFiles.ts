// Which documents are training configs: *.rnn.json(c) / *.rnn.y(a)ml plus the globs of rnnGradients.configGlobs.
import * as vscode from 'vscode';

export const BUILT_IN_PATTERNS = ['**/*.rnn.json', '**/*.rnn.jsonc', '**/*.rnn.yaml', '**/*.rnn.yml'];
export const CONFIG_GLOBS_SETTING = 'configGlobs';

export function configGlobs(): string[] {
  const extra = vscode.workspace.getConfiguration('rnnGradients').get<unknown>(CONFIG_GLOBS_SETTING, []);
  const valid = Array.isArray(extra) ? extra.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  return [...BUILT_IN_PATTERNS, ...valid];
}

/** Providers are registered for this selector; documents are then checked against the current globs. */
export const CONFIG_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function isConfigDocument(document: vscode.TextDocument): boolean {
  return configGlobs().some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
