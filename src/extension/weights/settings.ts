// The weights features' settings.
import * as vscode from 'vscode';

const DEFAULT_MAX_MB = 2048;

/** `rnnGradients.maxWeightsFileMB` in bytes: larger weights files are refused with a message, never opened. */
export function maxWeightsFileBytes(): number {
  const mb = vscode.workspace.getConfiguration('rnnGradients').get<number>('maxWeightsFileMB', DEFAULT_MAX_MB);
  return (typeof mb === 'number' && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024;
}
