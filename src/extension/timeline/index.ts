// "RNN: Gradient health over training": the command, the panel's serializer, and a test-only command that says
// what each open timeline panel shows.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Timeline } from '../../core/timeline/types';
import { workerBundlePath } from '../../workers/bundles';
import { TimelineClient } from '../../workers/timelineClient';
import { COMMANDS, TEST_COMMANDS, VIEW_TYPES } from '../ids';
import { chooseTimelineFolder } from './chooseFolder';
import { TimelinePanel, type TimelineDeps } from './timelinePanel';

/** Registers the timeline; returns what stops every timeline run in flight. */
export function registerTimelineFeatures(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): { cancelAll: () => number } {
  const client = new TimelineClient(workerBundlePath(context.extensionPath, 'timelineWorker'));
  const deps: TimelineDeps = {
    extensionUri: context.extensionUri,
    client,
    output,
    cacheFile: join(context.globalStorageUri.fsPath, 'timeline-cache.json'),
  };
  // `options` lets a keybinding (or a test) ask for λ₁ at once: { lyapunov: true }.
  const show = async (target?: unknown, options?: unknown): Promise<string | undefined> => {
    const folder = await chooseTimelineFolder(target);
    if (!folder) return undefined;
    const lyapunov = typeof options === 'object' && options !== null && (options as { lyapunov?: unknown }).lyapunov;
    TimelinePanel.createOrShow(deps, folder, lyapunov === true);
    return folder;
  };
  context.subscriptions.push(
    { dispose: () => client.dispose() },
    vscode.commands.registerCommand(COMMANDS.timeline, show),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPES.timelinePanel, {
      deserializeWebviewPanel: async (webviewPanel, state) => TimelinePanel.revive(deps, webviewPanel, state),
    }),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const inspect = (): { folder: string; timeline: Timeline | undefined; outcome: string }[] =>
      TimelinePanel.all().map((p) => ({ folder: p.folder, timeline: p.shown, outcome: p.outcome }));
    context.subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.inspectTimelines, inspect));
  }
  return { cancelAll: () => TimelinePanel.cancelAll() };
}
