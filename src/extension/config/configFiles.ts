// Which documents are training configs: *.rnn.json(c) / *.rnn.y(a)ml plus the globs of rnnGradients.configGlobs.
import * as vscode from 'vscode';
import { settings } from '../settings';

export const BUILT_IN_PATTERNS = ['**/*.rnn.json', '**/*.rnn.jsonc', '**/*.rnn.yaml', '**/*.rnn.yml'];

export function configGlobs(): string[] {
  return [...BUILT_IN_PATTERNS, ...settings.configGlobs];
}

/** Providers are registered for this selector; documents are then checked against the current globs. */
export const CONFIG_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function isConfigDocument(document: vscode.TextDocument): boolean {
  return configGlobs().some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
