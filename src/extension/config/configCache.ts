// The analysed config of each open document, recomputed when its text, the threshold setting or the weights
// file it names changes. The weights are read, decoded and analysed in the analysis worker, never on the
// extension host (a config may name /dev/zero, a FIFO or a huge file), and the report is memoised per request,
// so typing in a config does not re-analyse the same weights.
import * as vscode from 'vscode';
import { contextWithWeights } from '../../core/config/checkText';
import type { ConfigContext } from '../../core/config/context';
import { buildContext } from '../../core/config/context';
import { resolveWeightsPath, type WeightsRequest } from '../../core/config/loadWeights';
import type { WeightsReport } from '../../core/config/weightsReport';
import { AnalysisClient } from '../../workers/analysisClient';
import { settings } from '../settings';

interface Entry {
  version: number;
  generation: number;
  context: Promise<ConfigContext>;
}

export class ConfigCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly reports = new Map<string, Promise<WeightsReport>>();
  /** Bumped when a watched weights file or a setting changes: every cached result is recomputed. */
  private generation = 0;
  private readonly client: AnalysisClient;

  constructor(workerScript: string) {
    this.client = new AnalysisClient(workerScript);
  }

  get(document: vscode.TextDocument): Promise<ConfigContext> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.context;
    const text = document.getText();
    // The panel's threshold, so hovers and the panel agree.
    const threshold = settings.threshold;
    const context =
      document.uri.scheme === 'file'
        ? contextWithWeights(text, document.uri.fsPath, {
            threshold,
            loadReport: (r) => this.report(r),
          })
        : Promise.resolve(buildContext(text, document.fileName, { threshold }));
    this.entries.set(key, { version: document.version, generation: this.generation, context });
    return context;
  }

  private report(request: WeightsRequest): Promise<WeightsReport> {
    const key = JSON.stringify([
      request.configFile,
      request.written,
      request.seqLen,
      request.threshold,
      request.activation,
      request.tied,
    ]);
    let report = this.reports.get(key);
    if (!report) {
      const { configFile, written, seqLen, threshold, activation, tied } = request;
      const limits = { maxBytes: settings.maxWeightsFileBytes, memoryBudget: settings.maxMemoryBytes };
      report = this.client
        .weightsReport({ configFile, written, seqLen, threshold, activation, tied, limits })
        .catch((e: unknown) => failedReport(request, e));
      this.reports.set(key, report);
    }
    return report;
  }

  /** A weights file or a setting changed: nothing cached can be trusted. */
  invalidate(): void {
    this.generation++;
    this.reports.clear();
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }

  dispose(): void {
    this.client.dispose();
  }
}

/** The worker itself failed (it crashed or was stopped): the config says so on its weights path. */
function failedReport(request: WeightsRequest, e: unknown): WeightsReport {
  return {
    status: 'unreadable',
    written: request.written,
    file: resolveWeightsPath(request.configFile, request.written),
    message: `The weights file ${request.written} could not be analysed: ${(e as Error).message}.`,
  };
}
