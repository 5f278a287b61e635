// One webview panel per weights file: shows the analysis, re-runs it on control changes and file changes,
// exports, and survives a window reload (WebviewPanelSerializer + the webview's setState).
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../core/analysis/types';
import { RequestChannel } from '../../core/messaging/requestChannel';
import type {
  HostToWebviewMessage,
  PanelControls,
  PanelReport,
  PanelRequests,
  WebviewToHostMessage,
} from '../../protocol';
import { webviewTransport } from '../webviewTransport';
import { VIEW_TYPES } from '../ids';
import type { AnalysisRunner } from './analysisRunner';
import { exportData, exportPng } from './exportFiles';
import { panelHtml } from './panelHtml';
import { webviewResourceRoots } from '../webviewPage';
import { decodePngDataUrl, parsePanelState, parseWebviewMessage } from './webviewMessages';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  runner: AnalysisRunner;
}

const FILE_CHANGE_DEBOUNCE_MS = 300;

export class AnalysisPanel {
  private static readonly open = new Map<string, AnalysisPanel>();

  private result: AnalysisResult | undefined;
  /** The message that describes what the panel shows, sent again whenever the webview (re)loads. */
  private lastShown: HostToWebviewMessage | undefined;
  private runAbort: AbortController | undefined;
  private runCount = 0;
  /** Questions to the page (what it drew); they fail when the panel closes. */
  private readonly requests: RequestChannel<PanelRequests>;
  /** Inputs files the user picked in this panel's dialog (may lie outside the workspace). */
  private readonly chosenInputsFiles = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private changeTimer: NodeJS.Timeout | undefined;

  static get(file: string): AnalysisPanel | undefined {
    return AnalysisPanel.open.get(file);
  }

  static all(): AnalysisPanel[] {
    return [...AnalysisPanel.open.values()];
  }

  /** Shows a finished analysis in the file's panel, creating the panel if needed. */
  static createOrShow(deps: PanelDeps, file: string, controls: PanelControls, result: AnalysisResult): AnalysisPanel {
    let panel = AnalysisPanel.open.get(file);
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(
        VIEW_TYPES.analysisPanel,
        `RNN gradients: ${basename(file)}`,
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri) },
      );
      panel = new AnalysisPanel(deps, webviewPanel, file, controls);
    } else {
      panel.webviewPanel.reveal();
    }
    panel.showResult(controls, result);
    return panel;
  }

  /** Restores a panel after a window reload from the state its webview saved. */
  static async revive(deps: PanelDeps, webviewPanel: vscode.WebviewPanel, savedState: unknown): Promise<void> {
    const state = parsePanelState(savedState);
    if (!state || AnalysisPanel.open.has(state.file)) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri) };
    const panel = new AnalysisPanel(deps, webviewPanel, state.file, state.controls);
    await panel.run(state.controls);
  }

  private constructor(
    private readonly deps: PanelDeps,
    private readonly webviewPanel: vscode.WebviewPanel,
    readonly file: string,
    private controls: PanelControls,
  ) {
    AnalysisPanel.open.set(file, this);
    webviewPanel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-dark.svg'),
    };
    webviewPanel.webview.html = panelHtml(webviewPanel.webview, deps.extensionUri);
    const peer = `the panel for ${this.displayName}`;
    const transport = webviewTransport<HostToWebviewMessage, WebviewToHostMessage>(webviewPanel, {
      parse: parseWebviewMessage,
      onInvalid: () => this.deps.runner.output.warn(`Ignored an invalid message from the panel of ${this.displayName}`),
      peer,
    });
    this.requests = new RequestChannel(transport, { peer });
    transport.onMessage((message) => void this.handle(message));
    this.disposables.push(
      transport,
      webviewPanel.onDidDispose(() => this.dispose()),
      this.watchFile(),
    );
  }

  get displayName(): string {
    return vscode.workspace.asRelativePath(this.file);
  }

  get currentControls(): PanelControls {
    return this.controls;
  }

  reveal(): void {
    this.webviewPanel.reveal();
  }

  /** Runs the analysis with `controls` (stopping a run still in flight) and shows the outcome. */
  async run(controls: PanelControls): Promise<AnalysisResult | undefined> {
    this.runAbort?.abort();
    const abort = new AbortController();
    this.runAbort = abort;
    const runNumber = ++this.runCount;
    this.controls = controls;
    void this.post({ type: 'analysisStarted', file: this.file, controls });
    const outcome = await this.deps.runner.run(this.file, controls, abort.signal);
    // A newer run replaced this one: its outcome is no longer what the panel should show.
    if (runNumber !== this.runCount) return undefined;
    this.runAbort = undefined;
    if (outcome.ok) {
      this.showResult(controls, outcome.result);
      return outcome.result;
    }
    // The panel keeps showing the last good result, so it keeps (and shows) the controls that produced it.
    const shownControls = this.lastShown?.type === 'analysisResult' ? this.lastShown.controls : controls;
    this.controls = shownControls;
    this.lastShownFailure(shownControls, outcome.message, outcome.cancelled);
    return undefined;
  }

  private showResult(controls: PanelControls, result: AnalysisResult): void {
    this.controls = controls;
    this.result = result;
    this.lastShown = {
      type: 'analysisResult',
      file: this.file,
      displayName: this.displayName,
      inputsDisplayName: controls.inputsFile ? vscode.workspace.asRelativePath(controls.inputsFile) : undefined,
      controls,
      result,
    };
    void this.post(this.lastShown);
  }

  private lastShownFailure(controls: PanelControls, message: string, cancelled: boolean): void {
    const failure: HostToWebviewMessage = {
      type: 'analysisFailed',
      file: this.file,
      displayName: this.displayName,
      controls,
      message,
      cancelled,
    };
    // Keep resending the last good result on reload; the failure is shown once on top of it.
    if (!this.result) this.lastShown = failure;
    void this.post(failure);
  }

  private post(message: HostToWebviewMessage): Thenable<boolean> {
    return this.webviewPanel.webview.postMessage(message);
  }

  /** Asks the webview what it drew (charts, verdict); rejects if it does not answer in time. */
  requestReport(timeoutMs = 5000): Promise<PanelReport> {
    return this.requests.request('report', {}, { timeoutMs });
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.lastShown) void this.post(this.lastShown);
        return;
      case 'rerun':
        if (!this.inputsFileAllowed(message.controls)) return;
        await this.run(message.controls);
        return;
      case 'chooseInputsFile':
        await this.chooseInputsFile(message.controls);
        return;
      case 'exportData':
        if (this.result) await exportData(this.file, this.result, message.format);
        return;
      case 'exportPng': {
        const png = decodePngDataUrl(message.dataUrl);
        if (!png) {
          this.deps.runner.output.warn(
            `Ignored a chart export that is not a PNG from the panel of ${this.displayName}`,
          );
          return;
        }
        await exportPng(this.file, message.chart, png);
        return;
      }
      case 'result':
        // An answer to requestReport: the request channel takes it.
        return;
    }
  }

  /** An inputs file must be one the user chose here or lie inside the workspace. */
  private inputsFileAllowed(controls: PanelControls): boolean {
    const file = controls.inputsFile;
    if (!file) return controls.inputs !== 'file';
    if (this.chosenInputsFiles.has(file) || vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))) return true;
    this.deps.runner.output.warn(`Ignored an inputs file outside the workspace: ${file}`);
    return false;
  }

  private async chooseInputsFile(controls: PanelControls): Promise<void> {
    const folder =
      vscode.workspace.getWorkspaceFolder(vscode.Uri.file(this.file))?.uri ?? vscode.Uri.file(dirname(this.file));
    const picked = await vscode.window.showOpenDialog({
      defaultUri: folder,
      canSelectMany: false,
      openLabel: 'Use as inputs',
      title: 'Inputs for the RNN (a T×m array)',
      filters: { 'Inputs (JSON, NumPy)': ['json', 'npy'] },
    });
    if (!picked?.[0]) {
      // Nothing chosen: show the controls of what is on screen again.
      if (this.lastShown) void this.post(this.lastShown);
      return;
    }
    this.chosenInputsFiles.add(picked[0].fsPath);
    await this.run({ ...controls, inputs: 'file', inputsFile: picked[0].fsPath });
  }

  private watchFile(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dirname(this.file)), basename(this.file)),
    );
    const uri = vscode.Uri.file(this.file);
    const stampOf = async (): Promise<string | undefined> => {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        return `${stat.mtime}:${stat.size}`;
      } catch {
        return undefined;
      }
    };
    // Watchers also report events that change nothing (metadata, a save of the same bytes' stamp): only a new
    // modification time or size re-runs, so the panel does not redraw, nor reset the controls, for nothing.
    let lastStamp: string | undefined;
    void stampOf().then((stamp) => (lastStamp ??= stamp));
    const changed = () => {
      clearTimeout(this.changeTimer);
      this.changeTimer = setTimeout(async () => {
        const stamp = await stampOf();
        if (stamp !== undefined && stamp === lastStamp) return;
        lastStamp = stamp;
        this.deps.runner.output.info(`${this.displayName} changed on disk: analysing again`);
        void this.run(this.controls);
      }, FILE_CHANGE_DEBOUNCE_MS);
    };
    const subscriptions = [
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(() => this.lastShownFailure(this.controls, `${this.file} was deleted.`, false)),
    ];
    return new vscode.Disposable(() => subscriptions.forEach((s) => s.dispose()));
  }

  private dispose(): void {
    if (AnalysisPanel.open.get(this.file) === this) AnalysisPanel.open.delete(this.file);
    clearTimeout(this.changeTimer);
    this.runAbort?.abort();
    this.disposables.forEach((d) => d.dispose());
  }
}
