// Everything about weights files in the editor: the inspector (custom editor + command) and the hovers,
// CodeLens and diagnostics inside weight JSON files. One entry point for extension.ts.
import * as vscode from 'vscode';
import { INSPECTOR_VIEW_TYPE, inspectorRendered, inspectorStates, WeightsInspectorProvider, type InspectorState, type RenderedTable } from './inspectorEditor';
import { isWeightsJsonDocument, registerWeightsJsonFeatures } from './weightsJsonFeatures';

/** The same inspector for weight JSON files, offered under "Open With…" and by the command, never the default. */
export const JSON_INSPECTOR_VIEW_TYPE = 'rnnGradients.weightsInspectorJson';

export const INSPECT_WEIGHTS_COMMAND = 'rnnGradients.inspectWeights';
/** Not in the palette: the inspector's current table for a file (for the integration tests). */
export const INSPECTOR_STATE_COMMAND = 'rnnGradients.weightsInspectorState';

export function registerWeightsFeatures(context: vscode.ExtensionContext): void {
  const workerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'weightsWorker.js').fsPath;
  const provider = new WeightsInspectorProvider(workerScript, context.extensionUri);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(INSPECTOR_VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(JSON_INSPECTOR_VIEW_TYPE, provider, options),
    vscode.commands.registerCommand(INSPECT_WEIGHTS_COMMAND, async (target?: unknown) => {
      const uri = target instanceof vscode.Uri ? target : await pickWeights();
      if (!uri) return;
      const viewType = /\.json$/i.test(uri.path) ? JSON_INSPECTOR_VIEW_TYPE : INSPECTOR_VIEW_TYPE;
      await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    }),
    vscode.commands.registerCommand(INSPECTOR_STATE_COMMAND, (path: unknown): (InspectorState & { rendered?: RenderedTable }) | undefined => {
      const state = typeof path === 'string' ? inspectorStates.get(path) : undefined;
      const rendered = typeof path === 'string' ? inspectorRendered.get(path) : undefined;
      return state && { ...state, ...(rendered ? { rendered } : {}) };
    }),
  );
  registerWeightsJsonFeatures(context, workerScript);
}

/** The active weights file (binary, or a weight JSON in the text editor), else a pick among the workspace's binaries. */
async function pickWeights(): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file' && isWeightsJsonDocument(editor.document)) return editor.document.uri;
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (active instanceof vscode.TabInputText || active instanceof vscode.TabInputCustom) {
    if (/\.(safetensors|npy|npz)$/i.test(active.uri.path)) return active.uri;
  }
  const found = await vscode.workspace.findFiles('**/*.{safetensors,npy,npz}', '**/node_modules/**', 500);
  if (found.length === 0) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Weights': ['safetensors', 'npy', 'npz'] } });
    return picked?.[0];
  }
  const choice = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Weights file to inspect' },
  );
  return choice?.uri;
}
