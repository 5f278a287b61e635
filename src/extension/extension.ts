// The extension's entry point: registers the commands. Kept thin; the work happens in src/core and the panel.
import * as vscode from 'vscode';
import { registerAnalyzeFeatures } from './analyze';
import { registerWeightsFeatures } from './weights';

export function activate(context: vscode.ExtensionContext): void {
  registerAnalyzeFeatures(context);
  registerWeightsFeatures(context);
}

export function deactivate(): void {
  // Nothing to release yet: everything registered above is disposed through context.subscriptions.
}
