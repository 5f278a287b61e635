// Which files in the workspace are RNN weights: the `rnnGradients.weightsGlobs` setting, plus a cheap sniff of
// JSON files (any JSON matches the glob; only those naming a recurrent matrix are offered).
import * as vscode from 'vscode';
import { globToRegExp, looksLikeWeightsJson } from './weightsSniff';

export const SETTINGS_SECTION = 'rnnGradients';
const DEFAULT_GLOBS = ['**/*.json', '**/*.safetensors', '**/*.npy', '**/*.npz'];
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode-test/**}';
const MAX_FILES = 2000;
/** Bytes read from each end of a JSON file: the recurrent matrix's key is near the start in every layout we read. */
const SNIFF_BYTES = 256 * 1024;

export function weightsGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('weightsGlobs');
  return Array.isArray(globs) && globs.every((g) => typeof g === 'string') && globs.length > 0 ? globs : DEFAULT_GLOBS;
}

function matchesGlobs(uri: vscode.Uri): boolean {
  const relative = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  return weightsGlobs().some((glob) => globToRegExp(glob).test(relative));
}

async function sniffJson(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 2 * SNIFF_BYTES && uri.scheme === 'file') {
      // Read only both ends of a large file.
      const { open } = await import('node:fs/promises');
      const handle = await open(uri.fsPath, 'r');
      try {
        const head = Buffer.alloc(SNIFF_BYTES);
        const tail = Buffer.alloc(SNIFF_BYTES);
        await handle.read(head, 0, SNIFF_BYTES, 0);
        await handle.read(tail, 0, SNIFF_BYTES, stat.size - SNIFF_BYTES);
        return looksLikeWeightsJson(head.toString('utf8')) || looksLikeWeightsJson(tail.toString('utf8'));
      } finally {
        await handle.close();
      }
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    return looksLikeWeightsJson(Buffer.from(bytes).toString('utf8'));
  } catch {
    return false;
  }
}

export async function isWeightsFile(uri: vscode.Uri): Promise<boolean> {
  if (!matchesGlobs(uri)) return false;
  return uri.path.toLowerCase().endsWith('.json') ? sniffJson(uri) : true;
}

export async function findWeightsFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const glob of weightsGlobs()) {
    for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE, MAX_FILES, token)) found.set(uri.toString(), uri);
  }
  const candidates = [...found.values()];
  const keep = await Promise.all(candidates.map((uri) => (uri.path.toLowerCase().endsWith('.json') ? sniffJson(uri) : true)));
  return candidates.filter((_, i) => keep[i]).sort((a, b) => a.path.localeCompare(b.path));
}

const LAST_CHOICE_KEY = 'rnnGradients.lastWeightsFile';

export function rememberChoice(context: vscode.ExtensionContext, uri: vscode.Uri): Thenable<void> {
  return context.workspaceState.update(LAST_CHOICE_KEY, uri.toString());
}

/** A quick pick of the workspace's weights files, the last choice first. */
export async function pickWeightsFile(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const files = await findWeightsFiles();
  if (files.length === 0) {
    const choice = await vscode.window.showWarningMessage(
      `No RNN weights files found in the workspace (setting ${SETTINGS_SECTION}.weightsGlobs).`,
      'Open a File…',
    );
    if (choice !== 'Open a File…') return undefined;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'RNN weights': ['json', 'safetensors', 'npy', 'npz'] },
      openLabel: 'Analyze',
    });
    return picked?.[0];
  }
  const last = context.workspaceState.get<string>(LAST_CHOICE_KEY);
  const items = files.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri),
    description: uri.toString() === last ? 'last analysed' : undefined,
    uri,
  }));
  items.sort((a, b) => Number(Boolean(b.description)) - Number(Boolean(a.description)));
  const chosen = await vscode.window.showQuickPick(items, { title: 'Analyze RNN gradients', placeHolder: 'Choose a weights file' });
  return chosen?.uri;
}

/**
 * Keeps the context key `rnnGradients.weightsFiles` (the workspace's weights files) current, so the explorer
 * and editor title menus offer the command only on real weights files.
 */
export function trackWeightsFilesContext(): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const files = await findWeightsFiles();
      await vscode.commands.executeCommand('setContext', 'rnnGradients.weightsFiles', files.map((f) => f.fsPath));
    }, 500);
  };
  refresh();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,safetensors,npy,npz}');
  const subscriptions = [
    watcher,
    watcher.onDidCreate(refresh),
    watcher.onDidDelete(refresh),
    watcher.onDidChange((uri) => uri.path.endsWith('.json') && refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SETTINGS_SECTION}.weightsGlobs`) && refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
  ];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subscriptions.forEach((s) => s.dispose());
  });
}
