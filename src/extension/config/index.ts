// Training configs in the editor: hovers, diagnostics and quick fixes, all computed by src/core/config.
// One entry point for extension.ts.
import * as vscode from 'vscode';
import { workerBundlePath } from '../../workers/bundles';
import { onDidChangeSettings } from '../settings';
import { ConfigCache } from './configCache';
import { ConfigCodeActionProvider } from './configCodeActions';
import { ConfigDiagnostics } from './configDiagnostics';
import { CONFIG_SELECTOR } from './configFiles';
import { ConfigHoverProvider } from './configHover';

export function registerConfigFeatures(context: vscode.ExtensionContext): void {
  const cache = new ConfigCache(workerBundlePath(context.extensionPath, 'analysisWorker'));
  const diagnostics = new ConfigDiagnostics(cache);
  context.subscriptions.push(
    cache,
    diagnostics,
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, new ConfigHoverProvider(cache)),
    vscode.languages.registerCodeActionsProvider(
      CONFIG_SELECTOR,
      new ConfigCodeActionProvider(diagnostics),
      ConfigCodeActionProvider.metadata,
    ),
    onDidChangeSettings(['threshold', 'maxWeightsFileMB', 'maxMemoryMB'], () => cache.invalidate()),
    onDidChangeSettings(['configGlobs', 'threshold', 'maxWeightsFileMB', 'maxMemoryMB'], () =>
      diagnostics.refreshAll(),
    ),
  );
}
