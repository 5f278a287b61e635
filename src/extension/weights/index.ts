// Everything about weights files in the editor: the inspector (custom editor + command) and the hovers,
// CodeLens and diagnostics inside weight JSON files. One entry point for extension.ts.
import * as vscode from 'vscode';
import { workerBundlePath } from '../../workers/bundles';
import {
  inspectorRendered,
  inspectorStates,
  WeightsInspectorProvider,
  type InspectorState,
  type RenderedTable,
} from './inspectorEditor';
import { registerWeightsJsonFeatures } from './weightsJsonFeatures';
import { activeWeightsFile, pickWeightsFile } from '../analyze/weightsFiles';
import { COMMANDS, TEST_COMMANDS, VIEW_TYPES } from '../ids';
import { reopenInspectorFilesShownAsText } from './reopenInInspector';

/** The inspector's view type for a file: binaries have their own (their default editor), JSON the "Open With…" one. */
export function inspectorViewType(uri: vscode.Uri): string {
  return /\.json$/i.test(uri.path) ? VIEW_TYPES.weightsInspectorJson : VIEW_TYPES.weightsInspector;
}

export function registerWeightsFeatures(context: vscode.ExtensionContext): void {
  const workerScript = workerBundlePath(context.extensionPath, 'weightsWorker');
  const provider = new WeightsInspectorProvider(workerScript, context.extensionUri);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(VIEW_TYPES.weightsInspector, provider, options),
    vscode.window.registerCustomEditorProvider(VIEW_TYPES.weightsInspectorJson, provider, options),
    vscode.commands.registerCommand(COMMANDS.inspectWeights, async (target?: unknown) => {
      const uri =
        target instanceof vscode.Uri
          ? target
          : ((await activeWeightsFile()) ??
            (await pickWeightsFile(context, { title: 'Inspect weights', openLabel: 'Inspect' })));
      if (!uri) return;
      await vscode.commands.executeCommand('vscode.openWith', uri, inspectorViewType(uri));
    }),
  );
  void reopenInspectorFilesShownAsText();
  registerWeightsJsonFeatures(context, workerScript);
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // The inspector's current table for a file, for the integration tests only.
    context.subscriptions.push(
      vscode.commands.registerCommand(
        TEST_COMMANDS.weightsInspectorState,
        (path: unknown): (InspectorState & { rendered?: RenderedTable }) | undefined => {
          const state = typeof path === 'string' ? inspectorStates.get(path) : undefined;
          const rendered = typeof path === 'string' ? inspectorRendered.get(path) : undefined;
          return state && { ...state, ...(rendered ? { rendered } : {}) };
        },
      ),
    );
  }
}
