// The read-only editor for .safetensors / .npy / .npz files: the tensors in a table, filled in steps (the
// headers first (names, shapes, dtypes), then the layers, then statistics one tensor at a time), all computed in a
// worker thread so a large file never freezes the window.
import * as vscode from 'vscode';
import { formatBytes } from '../../core/formats/limits';
import type { TensorRow } from '../../core/inspect/file-report';
import { metadataText } from '../../core/inspect/metadata-lines';
import { isSquareRecurrent } from '../../core/inspect/statistics';
import { describeLayerList } from '../../core/model/describe';
import { RequestFailedError } from '../../core/messaging/requestChannel';
import type { InspectParams, InspectProgress, WeightsWorkerRequests } from '../../protocol/weightsWorker';
import { WorkerClient } from '../../workers/workerClient';
import type {
  HostToInspectorMessage,
  InspectorPageState,
  InspectorRow,
  InspectorToHostMessage,
  RenderedTable,
} from '../../protocol/inspector';
import { inspectorHtml } from './inspectorHtml';
import { webviewResourceRoots } from '../webviewPage';
import { COMMANDS } from '../ids';
import { settings } from '../settings';

/** ρ and σ_max up to this hidden size (a few seconds in the worker); above it the analysis panel has them. */
const WORKER_SPECTRAL_LIMIT = 1024;
const PUBLISH_EVERY_MS = 100;
/** Bounds on what the page's report of its table may hold. */
const MAX_REPORTED_ROWS = 10_000;
const MAX_REPORTED_CELLS = 64;

export type RowView = InspectorRow;
export type InspectorState = InspectorPageState;
export type { RenderedTable };

/** The latest state of every open inspector, by file path (read by the integration tests). */
export const inspectorStates = new Map<string, InspectorState>();
export const inspectorRendered = new Map<string, RenderedTable>();

export class WeightsInspectorProvider implements vscode.CustomReadonlyEditorProvider {
  /** workerScript: dist/weightsWorker.js, the bundle of src/workers/weightsWorker.ts. */
  constructor(
    private readonly workerScript: string,
    private readonly extensionUri: vscode.Uri,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return {
      uri,
      dispose: () => {
        inspectorStates.delete(uri.fsPath);
        inspectorRendered.delete(uri.fsPath);
      },
    };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const uri = document.uri;
    const name = uri.path.split('/').pop() ?? uri.path;
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(this.extensionUri) };
    panel.webview.html = inspectorHtml(panel.webview, this.extensionUri, name);

    let state: InspectorState = {
      file: uri.fsPath,
      meta: 'Reading…',
      layers: '',
      rows: [],
      analysable: false,
      done: false,
    };
    let disposed = false;
    const publish = (next: Partial<InspectorState>) => {
      state = { ...state, ...next };
      if (disposed) return;
      inspectorStates.set(uri.fsPath, state);
      const message: HostToInspectorMessage = { type: 'state', ...state };
      void panel.webview.postMessage(message);
    };
    panel.onDidDispose(() => {
      disposed = true;
    });
    panel.webview.onDidReceiveMessage((m: Record<string, unknown> | undefined) => {
      const type = m?.type as InspectorToHostMessage['type'] | undefined;
      if (type === 'ready') publish({});
      else if (type === 'rendered') inspectorRendered.set(uri.fsPath, readRendered(m!));
      else if (type === 'analyze') void vscode.commands.executeCommand(COMMANDS.analyze, uri);
    });
    const cleanups: (() => void)[] = [];
    panel.onDidDispose(() => cleanups.forEach((f) => f()));
    void this.fill(
      uri,
      publish,
      () => disposed,
      (f) => cleanups.push(f),
    );
  }

  /** Reads and analyses the file in a worker thread; the host only forwards what it reports. */
  private async fill(
    uri: vscode.Uri,
    publish: (s: Partial<InspectorState>) => void,
    isDisposed: () => boolean,
    onDispose: (f: () => void) => void,
  ): Promise<void> {
    const path = uri.fsPath;
    const params: InspectParams = {
      file: path,
      maxBytes: settings.maxWeightsFileBytes,
      memoryBudget: settings.maxMemoryBytes,
      maxSpectralSize: WORKER_SPECTRAL_LIMIT,
    };
    const worker = new WorkerClient<WeightsWorkerRequests>(this.workerScript, "the inspector's worker");
    onDispose(() => worker.stop());
    let rows: RowView[] = [];
    let lastPublished = 0;
    const onProgress = (m: InspectProgress) => {
      if (isDisposed()) return;
      switch (m.type) {
        case 'header':
          rows = m.rows.map(asView);
          publish({
            meta: `${m.format} · ${rows.length} tensors · ${formatBytes(m.size)} · decoding…`,
            rows,
            tree: m.tree,
          });
          break;
        case 'report': {
          const report = m.report;
          const metadata = metadataText(report.format, report.metadata);
          rows = report.rows.map(asView);
          publish({
            meta: `${report.format} · ${rows.length} tensor${rows.length === 1 ? '' : 's'} · ${formatBytes(m.size)}${metadata.summary ? ` · ${metadata.summary}` : ''}`,
            details: metadata.details,
            layers: report.layers.length
              ? `Recurrent layers: ${describeLayerList(report.layers)}. Analysis starts with layer 0.`
              : 'No recurrent layer recognised.',
            rows,
            analysable: report.analysable,
            ...(report.problem ? { problem: report.problem } : {}),
          });
          break;
        }
        case 'statistics': {
          const row = rows[m.index];
          const tooBig = row.recurrent && m.stats.spectralRadius === undefined;
          rows = rows.map((r, k) =>
            k === m.index ? { ...r, stats: m.stats, ...(tooBig ? { spectralNote: 'in the analysis panel' } : {}) } : r,
          );
          // The page redraws the whole table per message: at most ~10 redraws a second for files of many tensors.
          if (Date.now() - lastPublished >= PUBLISH_EVERY_MS) {
            lastPublished = Date.now();
            publish({ rows });
          }
          break;
        }
      }
    };
    try {
      await worker.request('inspect', params, { onProgress });
      publish({ rows, done: true });
    } catch (e) {
      // The worker's own failures name the file and the place; a crashed or stopped thread gets the file added.
      const message =
        e instanceof RequestFailedError ? e.message : `Could not inspect ${path}: ${(e as Error).message}`;
      if (!isDisposed()) publish({ problem: message, done: true });
    } finally {
      worker.stop();
    }
  }
}

function asView(row: TensorRow): RowView {
  return { ...row, recurrent: isSquareRecurrent(row) };
}

/** The page's report, checked: it comes from an untrusted webview. */
function readRendered(m: Record<string, unknown>): RenderedTable {
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  const texts = (v: unknown) =>
    Array.isArray(v) ? v.slice(0, MAX_REPORTED_CELLS).map((t) => (typeof t === 'string' ? t.slice(0, 200) : '')) : [];
  const cells = Array.isArray(m.cells) ? m.cells.slice(0, MAX_REPORTED_ROWS).map(texts) : [];
  return {
    rows: count(m.rows),
    withStatistics: count(m.withStatistics),
    problem: m.problem === true,
    columns: texts(m.columns),
    cells,
    tensors: Array.isArray(m.tensors)
      ? m.tensors.slice(0, MAX_REPORTED_ROWS).map((t) => (typeof t === 'string' ? t.slice(0, 1000) : ''))
      : [],
  };
}
