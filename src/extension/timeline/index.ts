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

export function registerTimelineFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const client = new TimelineClient(workerBundlePath(context.extensionPath, 'timelineWorker'));
  const deps: TimelineDeps = {
    extensionUri: context.extensionUri,
    client,
    output,
    cacheFile: join(context.globalStorageUri.fsPath, 'timeline-cache.json'),
  };
  const show = async (target?: unknown): Promise<string | undefined> => {
    const folder = await chooseTimelineFolder(target);
    if (!folder) return undefined;
    TimelinePanel.createOrShow(deps, folder);
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
    const inspect = (): { folder: string; timeline: Timeline | undefined }[] =>
      TimelinePanel.all().map((p) => ({ folder: p.folder, timeline: p.shown }));
    context.subscriptions.push(vscode.commands.registerCommand(TEST_COMMANDS.inspectTimelines, inspect));
  }
}
