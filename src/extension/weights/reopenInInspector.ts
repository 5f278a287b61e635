// A weights file opened before VS Code has registered the installed extensions (the first seconds of a window,
// in a profile that has not cached the editors of a previous session) goes to the text editor, which shows its
// "binary file" notice and stays there. At activation, such tabs are reopened in the inspector, in their place.
// Only tabs open at activation are touched: later, VS Code itself opens these files in the inspector, and a text
// editor on one is the user's own choice ("Reopen Editor With…").
import * as vscode from 'vscode';
import { VIEW_TYPES } from '../ids';
import { INSPECTOR_DEFAULT_EXTENSIONS } from '../../core/formats/weights-extensions';

function opensInInspector(uri: vscode.Uri): boolean {
  const extension = uri.path.slice(uri.path.lastIndexOf('.') + 1).toLowerCase();
  return (INSPECTOR_DEFAULT_EXTENSIONS as readonly string[]).includes(extension);
}

export async function reopenInspectorFilesShownAsText(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file' || !opensInInspector(input.uri))
        continue;
      try {
        await vscode.commands.executeCommand('vscode.openWith', input.uri, VIEW_TYPES.weightsInspector, {
          viewColumn: group.viewColumn,
          preserveFocus: !(tab.isActive && group.isActive),
          preview: tab.isPreview,
        });
        // Opening a preview may already have replaced the text tab: then there is nothing left to close.
        const stale = group.tabs.find(
          (t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === input.uri.toString(),
        );
        if (stale) await vscode.window.tabGroups.close(stale, true);
      } catch {
        // The tab closed meanwhile, or the file cannot be opened: the user's tab stays as it was.
      }
    }
  }
}
