// Runs one analysis in the worker under window.withProgress: cancellable (the worker is stopped at once),
// errors shown with the file and place and logged to the output channel.
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../core/analysis/types';
import type { PanelControls } from '../../protocol';
import { AnalysisClient } from '../../workers/analysisClient';
import { CONTEXT_KEYS } from '../ids';
import { settings } from '../settings';
import { controlsToOptions } from './controlsToOptions';

export type RunOutcome = { ok: true; result: AnalysisResult } | { ok: false; cancelled: boolean; message: string };

export class AnalysisRunner implements vscode.Disposable {
  private readonly client: AnalysisClient;
  private readonly running = new Set<AbortController>();
  /** The last error shown to the user (for the diagnostics command the tests use). */
  lastError: string | undefined;

  constructor(
    workerScript: string,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.client = new AnalysisClient(workerScript);
  }

  /** Runs the analysis of `file`; `signal` lets a panel stop its previous run when a new one starts. */
  async run(file: string, controls: PanelControls, signal?: AbortSignal): Promise<RunOutcome> {
    const name = vscode.workspace.asRelativePath(file);
    const options = controlsToOptions(controls, settings.threshold);
    const abort = new AbortController();
    signal?.addEventListener('abort', () => abort.abort(), { once: true });
    this.running.add(abort);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.analysisRunning, true);
    this.output.info(`Analysing ${file} with ${JSON.stringify(options)}`);
    const started = Date.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Analysing ${name}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          return this.client.analyze(
            { file, options, maxBytes: settings.maxWeightsFileBytes, memoryBudget: settings.maxMemoryBytes },
            {
              signal: abort.signal,
              onProgress: (fraction, message) => {
                const increment = Math.max(0, 100 * fraction - reported);
                reported += increment;
                progress.report({ increment, message });
              },
            },
          );
        },
      );
      this.output.info(
        `${name}: ${result.verdict.regime}, horizon ${result.verdict.horizon} (${Date.now() - started} ms)`,
      );
      return { ok: true, result };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (error.name === 'CancelledError') {
        this.output.info(`Analysis of ${name} cancelled after ${Date.now() - started} ms`);
        return { ok: false, cancelled: true, message: 'Cancelled.' };
      }
      // The worker's message already names the file and the place; other errors get the file added.
      const message = error.message.includes(file) ? error.message : `${file}: ${error.message}`;
      this.lastError = message;
      this.output.error(`${error.name}: ${message}`);
      void vscode.window.showErrorMessage(`RNN gradients: ${message}`, 'Show Output').then((choice) => {
        if (choice) this.output.show(true);
      });
      return { ok: false, cancelled: false, message };
    } finally {
      this.running.delete(abort);
      if (this.running.size === 0)
        void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.analysisRunning, false);
    }
  }

  /** Stops every analysis in flight. */
  cancelAll(): number {
    const count = this.running.size;
    for (const abort of this.running) abort.abort();
    return count;
  }

  dispose(): void {
    this.cancelAll();
    this.client.dispose();
  }
}
