// Which files in the workspace are RNN weights, and the one picker every command uses: the
// `rnnGradients.weightsGlobs` setting, plus a cheap sniff of JSON files (any JSON matches the glob; only those
// naming a recurrent matrix are offered). Every scan is bounded and cancellable.
import * as vscode from 'vscode';
import { userFileSource } from '../../core/io/readFile';
import { CONTEXT_KEYS, WORKSPACE_STATE_KEYS } from '../ids';
import { CHECKPOINT_EXTENSIONS } from '../../core/formats/weights-extensions';
import { onDidChangeSettings, settingId, settings } from '../settings';
import { globToRegExp, looksLikeWeightsJson } from './weightsSniff';

/** The open dialog offers what the inspector opens, weight JSON, and the checkpoint names torch.save users also
 * pick (.bin from Hugging Face, .tar from older examples). */
const WEIGHTS_DIALOG_EXTENSIONS = ['json', ...CHECKPOINT_EXTENSIONS];

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode-test/**}';
/** Files listed per glob, and JSON files looked into per scan: a huge workspace costs a bounded amount. */
const MAX_FILES = 2000;
const MAX_SNIFFED = 500;
const SNIFF_CONCURRENCY = 8;
/** Bytes read from each end of a JSON file: the recurrent matrix's key is near the start in every layout we read. */
const SNIFF_BYTES = 256 * 1024;
/** The explorer's context key is filled this long after activation, off the window's start-up. */
const CONTEXT_SCAN_DELAY_MS = 2000;
const CONTEXT_RESCAN_DELAY_MS = 500;

function isJson(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.json');
}

/** The globs as RegExps, compiled again only when the setting changes (file events ask for every file). */
let compiled: { key: string; patterns: RegExp[] } | undefined;
function matchesGlobs(uri: vscode.Uri): boolean {
  const globs = settings.weightsGlobs;
  const key = globs.join('\n');
  if (compiled?.key !== key) compiled = { key, patterns: globs.map(globToRegExp) };
  const relative = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  return compiled.patterns.some((pattern) => pattern.test(relative));
}

async function sniffJson(uri: vscode.Uri): Promise<boolean> {
  try {
    if (uri.scheme === 'file') {
      // Through the one read path: a FIFO or a device named *.json is refused, never read on the host.
      const source = userFileSource(uri.fsPath);
      if (source.size > 2 * SNIFF_BYTES) {
        // Read only both ends of a large file.
        const head = source.read(0, SNIFF_BYTES);
        const tail = source.read(source.size - SNIFF_BYTES, SNIFF_BYTES);
        return (
          looksLikeWeightsJson(Buffer.from(head).toString('utf8')) ||
          looksLikeWeightsJson(Buffer.from(tail).toString('utf8'))
        );
      }
      return looksLikeWeightsJson(Buffer.from(source.read(0, source.size)).toString('utf8'));
    }
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 2 * SNIFF_BYTES) return false;
    const bytes = await vscode.workspace.fs.readFile(uri);
    return looksLikeWeightsJson(Buffer.from(bytes).toString('utf8'));
  } catch {
    return false;
  }
}

/** A weights file by the settings: it matches `rnnGradients.weightsGlobs` and, if JSON, names a recurrent matrix. */
export async function isWeightsFile(uri: vscode.Uri): Promise<boolean> {
  if (!matchesGlobs(uri)) return false;
  return isJson(uri) ? sniffJson(uri) : true;
}

/** The workspace's weights files, sorted by path; at most MAX_SNIFFED JSON files are looked into. */
export async function findWeightsFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const glob of settings.weightsGlobs) {
    if (token?.isCancellationRequested) return [];
    for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE, MAX_FILES, token)) found.set(uri.toString(), uri);
  }
  const candidates = [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
  const json = candidates.filter(isJson).slice(0, MAX_SNIFFED);
  const weightsJson = new Set<string>();
  for (let i = 0; i < json.length; i += SNIFF_CONCURRENCY) {
    if (token?.isCancellationRequested) return [];
    const batch = json.slice(i, i + SNIFF_CONCURRENCY);
    const keep = await Promise.all(batch.map(sniffJson));
    batch.forEach((uri, k) => keep[k] && weightsJson.add(uri.toString()));
  }
  return candidates.filter((uri) => !isJson(uri) || weightsJson.has(uri.toString()));
}

export function rememberChoice(context: vscode.ExtensionContext, uri: vscode.Uri): Thenable<void> {
  return context.workspaceState.update(WORKSPACE_STATE_KEYS.lastWeightsFile, uri.toString());
}

/** The weights file in the active editor or tab (text editor, inspector), if it is one by the settings. */
export async function activeWeightsFile(): Promise<vscode.Uri | undefined> {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const candidates = [
    vscode.window.activeTextEditor?.document.uri,
    input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined,
  ];
  for (const uri of candidates) if (uri?.scheme === 'file' && (await isWeightsFile(uri))) return uri;
  return undefined;
}

export interface PickOptions {
  readonly title: string;
  readonly openLabel: string;
}

/** A quick pick of the workspace's weights files, the last choice first; an open dialog when there are none. */
export async function pickWeightsFile(
  context: vscode.ExtensionContext,
  options: PickOptions,
): Promise<vscode.Uri | undefined> {
  const files = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Looking for RNN weights files', cancellable: false },
    () => findWeightsFiles(),
  );
  if (files.length === 0) {
    const choice = await vscode.window.showWarningMessage(
      `No RNN weights files found in the workspace (setting ${settingId('weightsGlobs')}).`,
      'Open a File…',
    );
    if (choice !== 'Open a File…') return undefined;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'RNN weights': WEIGHTS_DIALOG_EXTENSIONS },
      openLabel: options.openLabel,
    });
    return picked?.[0];
  }
  const last = context.workspaceState.get<string>(WORKSPACE_STATE_KEYS.lastWeightsFile);
  const items = files.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri),
    description: uri.toString() === last ? 'last analysed' : undefined,
    uri,
  }));
  items.sort((a, b) => Number(Boolean(b.description)) - Number(Boolean(a.description)));
  const chosen = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: 'Choose a weights file',
  });
  return chosen?.uri;
}

/**
 * Keeps the context key `rnnGradients.weightsFiles` (the workspace's weights files) current, so the explorer
 * and editor title menus offer the commands on weight JSON files. The first scan waits until the window has
 * started; a newer scan cancels the one in flight.
 */
export function trackWeightsFilesContext(): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  let scan: vscode.CancellationTokenSource | undefined;
  const refresh = (delay = CONTEXT_RESCAN_DELAY_MS) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      scan?.cancel();
      const own = new vscode.CancellationTokenSource();
      scan = own;
      try {
        const files = await findWeightsFiles(own.token);
        if (!own.token.isCancellationRequested) {
          await vscode.commands.executeCommand(
            'setContext',
            CONTEXT_KEYS.weightsFiles,
            files.map((f) => f.fsPath),
          );
        }
      } finally {
        own.dispose();
        if (scan === own) scan = undefined;
      }
    }, delay);
  };
  refresh(CONTEXT_SCAN_DELAY_MS);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const changed = (uri: vscode.Uri) => matchesGlobs(uri) && refresh();
  const subscriptions = [
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidDelete(changed),
    watcher.onDidChange((uri) => isJson(uri) && changed(uri)),
    onDidChangeSettings(['weightsGlobs'], () => refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => refresh()),
  ];
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    scan?.cancel();
    subscriptions.forEach((s) => s.dispose());
  });
}
