// One panel per folder of checkpoints: the timeline drawn as entries arrive, kept current while a training run
// writes into the folder (a watcher, and a short poll while files are still being written), a click opening a
// checkpoint's full analysis, and the panel back after a window reload (serializer + the webview's setState).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOptions } from '../../core/analysis/types';
import { isCheckpointName } from '../../core/timeline/discover';
import type { Timeline, TimelineEntry } from '../../core/timeline/types';
import type { PanelControls, TimelineHostMessage, TimelineWebviewMessage } from '../../protocol';
import type { TimelineClient } from '../../workers/timelineClient';
import { defaultControls, controlsToOptions } from '../analyze/controlsToOptions';
import { COMMANDS, VIEW_TYPES } from '../ids';
import { settings } from '../settings';
import { webviewTransport } from '../webviewTransport';
import { timelineHtml } from './timelineHtml';
import { webviewResourceRoots } from '../webviewPage';
import { parseTimelineMessage, parseTimelineState } from './timelineMessages';

export interface TimelineDeps {
  extensionUri: vscode.Uri;
  client: TimelineClient;
  output: vscode.LogOutputChannel;
  /** The cache file in the extension's global storage. */
  cacheFile: string;
}

/** How long a burst of file events is let settle before the folder is read again. */
const CHANGE_DEBOUNCE_MS = 400;
/** While files are still being written, the folder is read again this often (a write may raise no event). */
const PENDING_POLL_MS = 1000;
/** And while the panel is visible, this often anyway: a watcher may miss events (network drives, some mounts). */
const VISIBLE_POLL_MS = 5000;

/** The controls of the probe every checkpoint shares; the analysis a click opens uses the same. */
export function timelineControls(lyapunov: boolean): PanelControls {
  const controls = defaultControls();
  return { ...controls, longRun: { ...controls.longRun!, enabled: lyapunov } };
}

function probeOptions(lyapunov: boolean): AnalysisOptions {
  const analysis = controlsToOptions(timelineControls(lyapunov), settings.threshold);
  // No layer or direction: every layer and direction of each checkpoint is analysed.
  delete analysis.layer;
  delete analysis.direction;
  return analysis;
}

export class TimelinePanel {
  private static readonly open = new Map<string, TimelinePanel>();

  private lastShown: TimelineHostMessage | undefined;
  /** What the last timeline drawn was, without the run's own counts: an unchanged folder is not drawn again. */
  private lastDrawn: string | undefined;
  private timeline: Timeline | undefined;
  private running: AbortController | undefined;
  /** Files changed while a run was in flight: read the folder again when it ends. */
  private dirty = false;
  private changeTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** After a cancel, the folder is not read again by itself (watcher, poll) until the user asks (Refresh). */
  private paused = false;

  static get(folder: string): TimelinePanel | undefined {
    return TimelinePanel.open.get(folder);
  }

  static all(): TimelinePanel[] {
    return [...TimelinePanel.open.values()];
  }

  /** Stops every timeline run in flight (the panels keep what they showed); how many were stopped. */
  static cancelAll(): number {
    let stopped = 0;
    for (const panel of TimelinePanel.open.values()) {
      if (!panel.running) continue;
      panel.running.abort();
      stopped++;
    }
    return stopped;
  }

  static createOrShow(deps: TimelineDeps, folder: string, lyapunov = false): TimelinePanel {
    const existing = TimelinePanel.open.get(folder);
    if (existing) {
      existing.webviewPanel.reveal();
      if (lyapunov) existing.lyapunov = true;
      void existing.run({ notify: true });
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      VIEW_TYPES.timelinePanel,
      `Gradient health: ${basename(folder)}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: webviewResourceRoots(deps.extensionUri) },
    );
    const panel = new TimelinePanel(deps, webviewPanel, folder, lyapunov);
    void panel.run({ notify: true });
    return panel;
  }

  static revive(deps: TimelineDeps, webviewPanel: vscode.WebviewPanel, savedState: unknown): void {
    const state = parseTimelineState(savedState);
    if (!state || TimelinePanel.open.has(state.folder)) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = {
      enableScripts: true,
      localResourceRoots: webviewResourceRoots(deps.extensionUri),
    };
    void new TimelinePanel(deps, webviewPanel, state.folder, state.lyapunov).run({ notify: false });
  }

  private constructor(
    private readonly deps: TimelineDeps,
    private readonly webviewPanel: vscode.WebviewPanel,
    readonly folder: string,
    private lyapunov: boolean,
  ) {
    TimelinePanel.open.set(folder, this);
    webviewPanel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-dark.svg'),
    };
    webviewPanel.webview.html = timelineHtml(webviewPanel.webview, deps.extensionUri);
    const transport = webviewTransport<TimelineHostMessage, TimelineWebviewMessage>(webviewPanel, {
      parse: parseTimelineMessage,
      onInvalid: () => deps.output.warn(`Ignored an invalid message from the timeline of ${this.displayName}`),
      peer: `the timeline of ${this.displayName}`,
    });
    transport.onMessage((message) => void this.handle(message));
    const poll = setInterval(() => {
      if (this.webviewPanel.visible && !this.running && !this.changeTimer && !this.paused)
        void this.run({ notify: false });
    }, VISIBLE_POLL_MS);
    this.disposables.push(
      transport,
      webviewPanel.onDidDispose(() => this.dispose()),
      this.watchFolder(),
      { dispose: () => clearInterval(poll) },
    );
  }

  get displayName(): string {
    return vscode.workspace.asRelativePath(this.folder);
  }

  /** How the last run ended: 'running', 'done', 'cancelled' or the error's message (tests read it). */
  outcome = 'running';

  /** What the panel last showed (tests read it). */
  get shown(): Timeline | undefined {
    return this.timeline;
  }

  /** Reads the folder again: cached checkpoints come back at once, new or changed ones are analysed. */
  async run({ notify }: { notify: boolean }): Promise<Timeline | undefined> {
    if (this.running) {
      this.dirty = true;
      return undefined;
    }
    const abort = new AbortController();
    this.running = abort;
    this.paused = false;
    this.dirty = false;
    this.outcome = 'running';
    const lyapunov = this.lyapunov;
    // Entries are drawn one by one for a timeline the page does not show yet; a re-read of a folder it shows
    // sends only the result (mostly cached), so that the charts do not flicker.
    const streaming = notify || !this.timeline;
    if (streaming)
      void this.post({ type: 'timelineStarted', folder: this.folder, displayName: this.displayName, lyapunov });
    const request = {
      folder: this.folder,
      analysis: probeOptions(lyapunov),
      cacheFile: this.deps.cacheFile,
      live: true,
      maxBytes: settings.maxWeightsFileBytes,
      memoryBudget: settings.maxMemoryBytes,
    };
    const started = Date.now();
    const work = (progress?: vscode.Progress<{ increment?: number; message?: string }>) => {
      let reported = 0;
      return this.deps.client.timeline(request, {
        signal: abort.signal,
        onEntry: (entry: TimelineEntry, done: number, total: number) => {
          const fraction = done / total;
          if (streaming) void this.post({ type: 'timelineEntry', entry, done, total });
          progress?.report({ increment: Math.max(0, 100 * fraction - reported), message: basename(entry.file) });
          reported = Math.max(reported, 100 * fraction);
        },
      });
    };
    try {
      const timeline = notify
        ? await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Gradient health over training: ${this.displayName}`,
              cancellable: true,
            },
            (progress, token) => {
              token.onCancellationRequested(() => abort.abort());
              return work(progress);
            },
          )
        : await work();
      if (this.disposed) return undefined;
      const drawn = JSON.stringify({ ...timeline, fromCache: 0, lyapunov });
      const unchanged = !streaming && drawn === this.lastDrawn;
      this.lastDrawn = drawn;
      this.timeline = timeline;
      this.outcome = 'done';
      this.lastShown = {
        type: 'timeline',
        folder: this.folder,
        displayName: this.displayName,
        lyapunov,
        watching: true,
        timeline,
        displayNames: Object.fromEntries(
          timeline.entries.map((e) => [e.file, vscode.workspace.asRelativePath(e.file)]),
        ),
      };
      if (timeline.pending?.length) this.dirty = true;
      if (unchanged) return timeline;
      void this.post(this.lastShown);
      const fresh = timeline.entries.length - timeline.fromCache;
      this.deps.output.info(
        `Timeline of ${this.displayName}: ${timeline.entries.length} checkpoints (${fresh} analysed) in ${Date.now() - started} ms` +
          (timeline.pending?.length ? `; ${timeline.pending.length} still being written` : ''),
      );
      return timeline;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const cancelled = error.name === 'CancelledError';
      const message = cancelled ? 'Cancelled.' : error.message;
      this.outcome = cancelled ? 'cancelled' : message;
      if (cancelled) this.paused = true;
      if (!cancelled) this.deps.output.error(`Timeline of ${this.displayName}: ${message}`);
      const failure: TimelineHostMessage = {
        type: 'timelineFailed',
        folder: this.folder,
        displayName: this.displayName,
        message,
        cancelled,
      };
      if (!this.timeline) this.lastShown = failure;
      void this.post(failure);
      return undefined;
    } finally {
      if (this.running === abort) this.running = undefined;
      // Changes seen during the run, or files still being written: look again shortly.
      if (this.dirty && !this.disposed && !this.paused) this.scheduleRun(PENDING_POLL_MS);
    }
  }

  private scheduleRun(delayMs: number): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.run({ notify: false });
    }, delayMs);
  }

  private watchFolder(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(this.folder), '*'),
    );
    const changed = (uri: vscode.Uri): void => {
      if (this.paused || !isCheckpointName(basename(uri.fsPath))) return;
      if (this.running) this.dirty = true;
      else this.scheduleRun(CHANGE_DEBOUNCE_MS);
    };
    watcher.onDidCreate(changed);
    watcher.onDidChange(changed);
    watcher.onDidDelete(changed);
    return watcher;
  }

  private post(message: TimelineHostMessage): Thenable<boolean> {
    return this.webviewPanel.webview.postMessage(message);
  }

  private async handle(message: TimelineWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.lastShown) void this.post(this.lastShown);
        return;
      case 'refresh':
        await this.run({ notify: true });
        return;
      case 'setLyapunov':
        if (message.enabled === this.lyapunov) return;
        this.lyapunov = message.enabled;
        this.running?.abort();
        this.running = undefined;
        await this.run({ notify: true });
        return;
      case 'openCheckpoint': {
        // Only a checkpoint this timeline holds: the page is not trusted to name files.
        const entry = this.timeline?.entries.find((e) => e.file === message.file && e.ok);
        if (!entry || !entry.ok) return;
        if (!entry.layers.some((l) => l.layer === message.layer && l.direction === message.direction)) return;
        const controls: PanelControls = {
          ...timelineControls(this.lyapunov),
          layer: message.layer,
          direction: message.direction,
        };
        await vscode.commands.executeCommand(COMMANDS.analyze, vscode.Uri.file(entry.file), controls);
        return;
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    TimelinePanel.open.delete(this.folder);
    this.running?.abort();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.disposables.forEach((d) => d.dispose());
    this.webviewPanel.dispose();
  }
}
