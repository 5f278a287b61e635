// The extension's entry point: registers each feature. Kept thin; the work happens in src/core, the worker and the panel.
import * as vscode from 'vscode';
import { registerAnalyzeFeatures } from './analyze';
import { COMMANDS } from './ids';
import { registerConfigFeatures } from './config';
import { validateSettings } from './settings';
import { registerTimelineFeatures } from './timeline';
import { registerWeightsFeatures } from './weights';

export function activate(context: vscode.ExtensionContext): void {
  const analyses = registerAnalyzeFeatures(context);
  const timelines = registerTimelineFeatures(context, analyses.output);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.cancelAnalysis, () => analyses.cancelAll() + timelines.cancelAll()),
  );
  registerWeightsFeatures(context);
  registerConfigFeatures(context);
  context.subscriptions.push(validateSettings());
}

export function deactivate(): void {
  // Nothing to release yet: everything registered above is disposed through context.subscriptions.
}
