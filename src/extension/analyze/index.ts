// The "Analyze RNN gradients" feature: commands, the panel serializer and the menus' context key.
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../core/analysis/types';
import type { PanelReport } from '../../protocol';
import { workerBundlePath } from '../../workers/bundles';
import { AnalysisPanel, type PanelDeps } from './analysisPanel';
import { AnalysisRunner } from './analysisRunner';
import { defaultControls } from './controlsToOptions';
import { parseControls } from './webviewMessages';
import { isWeightsFile, pickWeightsFile, rememberChoice, trackWeightsFilesContext } from './weightsFiles';

export const ANALYZE_COMMAND = 'rnnGradients.analyze';
export const CANCEL_COMMAND = 'rnnGradients.cancelAnalysis';
/** Not in the palette: returns what each open panel drew and the last error shown (for the integration tests). */
export const INSPECT_COMMAND = 'rnnGradients.inspectPanels';

export interface PanelsInspection {
  panels: { file: string; report: PanelReport | { error: string } }[];
  lastError: string | undefined;
}

/** The file to analyse: the one the command was invoked on, the active editor's weights file, or a pick. */
async function chooseFile(context: vscode.ExtensionContext, target: unknown): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && (await isWeightsFile(active))) return active;
  return pickWeightsFile(context);
}

export function registerAnalyzeFeatures(context: vscode.ExtensionContext): void {
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
    vscode.commands.registerCommand(ANALYZE_COMMAND, analyze),
    vscode.commands.registerCommand(CANCEL_COMMAND, () => runner.cancelAll()),
    vscode.commands.registerCommand(INSPECT_COMMAND, inspect),
    vscode.window.registerWebviewPanelSerializer(AnalysisPanel.viewType, {
      deserializeWebviewPanel: (webviewPanel, state) => AnalysisPanel.revive(deps, webviewPanel, state),
    }),
    trackWeightsFilesContext(),
  );
}

