// The Problems panel for configs: refreshed on open, debounced while typing, and when a weights file a config
// names is created, changed or deleted (one FileSystemWatcher per weights file).
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { diagnoseConfig } from '../../core/config/diagnostics';
import type { ConfigDiagnostic } from '../../core/config/types';
import type { ConfigCache } from './configCache';
import { isConfigDocument } from './configFiles';
import { toDiagnostic } from './convert';

const TYPING_DELAY_MS = 300;
/** VS Code's JSON language service reports these documents' syntax errors itself: ours would say each twice. */
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('rnn-config');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The core diagnostics behind what is shown, with their fixes, per document URI and version. */
  private readonly shown = new Map<string, { version: number; diagnostics: ConfigDiagnostic[] }>();
  /** weights file path → its watcher and the configs naming it. */
  private readonly watchers = new Map<string, { watcher: vscode.FileSystemWatcher; configs: Set<string> }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly cache: ConfigCache) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
    );
    for (const document of vscode.workspace.textDocuments) void this.refresh(document);
  }

  /** The fixes behind a diagnostic shown for this document version. */
  coreDiagnostics(document: vscode.TextDocument): ConfigDiagnostic[] {
    const entry = this.shown.get(document.uri.toString());
    return entry && entry.version === document.version ? entry.diagnostics : [];
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (isConfigDocument(document)) void this.refresh(document);
      else this.clear(document);
    }
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document);
      }, TYPING_DELAY_MS),
    );
  }

  async refresh(document: vscode.TextDocument): Promise<void> {
    if (!isConfigDocument(document) || document.isClosed) return;
    const version = document.version;
    const context = await this.cache.get(document);
    // A newer edit or a close won the race: its own refresh will report.
    if (document.isClosed || document.version !== version) return;
    const diagnostics = diagnoseConfig(context).filter(
      (d) => !(d.code === 'syntax' && JSON_LANGUAGES.has(document.languageId)),
    );
    const key = document.uri.toString();
    this.shown.set(key, { version, diagnostics });
    this.collection.set(
      document.uri,
      diagnostics.map((d) => toDiagnostic(document, d)),
    );
    this.watchWeights(key, context.weights?.file);
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(document.uri);
    this.shown.delete(key);
    this.cache.forget(document);
    this.watchWeights(key, undefined);
  }

  private watchWeights(configKey: string, weightsFile: string | undefined): void {
    for (const [file, entry] of this.watchers) {
      if (file === weightsFile) continue;
      entry.configs.delete(configKey);
      if (entry.configs.size === 0) {
        entry.watcher.dispose();
        this.watchers.delete(file);
      }
    }
    if (!weightsFile) return;
    let entry = this.watchers.get(weightsFile);
    if (!entry) {
      // The folder is watched, not the path: a watch on a file that does not exist yet never hears it created.
      const pattern = new vscode.RelativePattern(vscode.Uri.file(dirname(weightsFile)), '*');
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const onChange = (uri: vscode.Uri): void => {
        if (uri.fsPath === weightsFile) this.weightsChanged(weightsFile);
      };
      watcher.onDidChange(onChange);
      watcher.onDidCreate(onChange);
      watcher.onDidDelete(onChange);
      entry = { watcher, configs: new Set() };
      this.watchers.set(weightsFile, entry);
    }
    entry.configs.add(configKey);
  }

  private weightsChanged(weightsFile: string): void {
    const configs = this.watchers.get(weightsFile)?.configs ?? new Set<string>();
    this.cache.invalidate();
    for (const document of vscode.workspace.textDocuments) {
      if (configs.has(document.uri.toString())) void this.refresh(document);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const { watcher } of this.watchers.values()) watcher.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
