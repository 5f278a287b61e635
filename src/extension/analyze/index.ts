// The "Analyze RNN gradients" feature: commands, the panel serializer and the menus' context key.
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../core/analysis/types';
import type { PanelReport } from '../../protocol';
import { workerBundlePath } from '../../workers/bundles';
import { COMMANDS, TEST_COMMANDS, VIEW_TYPES } from '../ids';
import { AnalysisPanel, type PanelDeps } from './analysisPanel';
import { AnalysisRunner } from './analysisRunner';
import { defaultControls } from './controlsToOptions';
import { parseControls } from './webviewMessages';
import { activeWeightsFile, pickWeightsFile, rememberChoice, trackWeightsFilesContext } from './weightsFiles';

export interface PanelsInspection {
  panels: { file: string; report: PanelReport | { error: string } }[];
  lastError: string | undefined;
}

/** The file to analyse: the one the command was invoked on, the active editor's weights file, or a pick. */
async function chooseFile(context: vscode.ExtensionContext, target: unknown): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  return (
    (await activeWeightsFile()) ?? pickWeightsFile(context, { title: 'Analyze RNN gradients', openLabel: 'Analyze' })
  );
}

/** Registers the analysis; returns the extension's output channel, which the other features log to as well, and
 *  what stops every analysis in flight (the cancel command stops timelines too: extension.ts). */
export function registerAnalyzeFeatures(context: vscode.ExtensionContext): {
  output: vscode.LogOutputChannel;
  cancelAll: () => number;
} {
  const output = vscode.window.createOutputChannel('RNN Gradient Inspector', { log: true });
  const runner = new AnalysisRunner(workerBundlePath(context.extensionPath, 'analysisWorker'), output);
  const deps: PanelDeps = { extensionUri: context.extensionUri, runner };

  const analyze = async (target?: unknown, controlsArgument?: unknown): Promise<AnalysisResult | undefined> => {
    const uri = await chooseFile(context, target);
    if (!uri) return undefined;
    await rememberChoice(context, uri);
    const file = uri.fsPath;
    const controls = parseControls(controlsArgument);
    const existing = AnalysisPanel.get(file);
    if (existing) {
      existing.reveal();
      return existing.run(controls ?? existing.currentControls);
    }
    const chosen = controls ?? defaultControls();
    const outcome = await runner.run(file, chosen);
    if (!outcome.ok) return undefined;
    AnalysisPanel.createOrShow(deps, file, chosen, outcome.result);
    return outcome.result;
  };

  const inspect = async (): Promise<PanelsInspection> => ({
    panels: await Promise.all(
      AnalysisPanel.all().map(async (panel) => ({
        file: panel.file,
        report: await panel.requestReport().catch((e: Error) => ({ error: e.message })),
      })),
    ),
    lastError: runner.lastError,
  });

  context.subscriptions.push(
    output,
    runner,
    vscode.commands.registerCommand(COMMANDS.analyze, analyze),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.analysisPanel, {
      deserializeWebviewPanel: (webviewPanel, state) => AnalysisPanel.revive(deps, webviewPanel, state),
    }),
    trackWeightsFilesContext(),
  );
  // What each open panel drew and the last error shown, for the integration tests only.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.inspectPanels, inspect));
  }
  return { output, cancelAll: () => runner.cancelAll() };
}
