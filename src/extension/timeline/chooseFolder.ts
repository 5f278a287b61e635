// Which folder the timeline reads: the one the command was invoked on (a file's folder, if a file), else a pick
// among the workspace's folders that hold checkpoints (most first), or any folder from the dialog.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CHECKPOINT_EXTENSIONS } from '../../core/formats/weights-extensions';

const EXCLUDE = '**/{node_modules,.git}/**';
const MAX_FILES = 5000;

export async function chooseTimelineFolder(target: unknown): Promise<string | undefined> {
  if (target instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(target).then(
      (s) => s,
      () => undefined,
    );
    if (stat) return stat.type & vscode.FileType.Directory ? target.fsPath : dirname(target.fsPath);
  }
  const files = await vscode.workspace.findFiles(`**/*.{${CHECKPOINT_EXTENSIONS.join(',')}}`, EXCLUDE, MAX_FILES);
  const counts = new Map<string, number>();
  for (const uri of files) counts.set(dirname(uri.fsPath), (counts.get(dirname(uri.fsPath)) ?? 0) + 1);
  const browse = { label: '$(folder-opened) Choose a folder…', folder: undefined as string | undefined };
  const items = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([folder, count]) => ({
      label: vscode.workspace.asRelativePath(folder),
      description: `${count} checkpoint${count === 1 ? '' : 's'}`,
      folder: folder as string | undefined,
    }));
  const picked =
    items.length === 0
      ? browse
      : await vscode.window.showQuickPick([...items, browse], {
          title: 'Gradient health over training',
          placeHolder: 'The folder a training run writes its checkpoints into',
          matchOnDescription: true,
        });
  if (!picked) return undefined;
  if (picked.folder) return picked.folder;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Show the timeline',
    title: 'Gradient health over training',
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return chosen?.[0]?.fsPath;
}
