// The read-only editor for .safetensors / .npy / .npz files: the tensors in a table, filled in steps so a
// large file never freezes the window (safetensors header first, then the decoded file, then statistics one
// tensor at a time with the event loop free in between).
import * as vscode from 'vscode';
import { isInputError } from '../../core/errors';
import { loadTensorFile } from '../../core/formats/load';
import { formatBytes } from '../../core/formats/limits';
import { readSafetensorsHeader } from '../../core/formats/safetensors';
import { fileReport, headerRows, type TensorRow } from '../../core/inspect/file-report';
import { isSquareRecurrent, tensorStatistics } from '../../core/inspect/statistics';
import { inspectorHtml } from './inspectorHtml';
import { maxWeightsFileBytes } from './settings';

export const INSPECTOR_VIEW_TYPE = 'rnnGradients.weightsInspector';
/** ρ and σ_max up to this hidden size in the extension host; above it the analysis panel (in its worker) has them. */
const HOST_SPECTRAL_LIMIT = 256;

export interface RowView extends TensorRow {
  readonly recurrent: boolean;
  readonly spectralNote?: string;
}

export interface InspectorState {
  readonly file: string;
  readonly meta: string;
  readonly layers: string;
  readonly rows: readonly RowView[];
  readonly analysable: boolean;
  readonly problem?: string;
  /** All statistics computed (or the read failed). */
  readonly done: boolean;
}

/** The latest state of every open inspector, by file path (read by the integration tests). */
export const inspectorStates = new Map<string, InspectorState>();

const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WeightsInspectorProvider implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => inspectorStates.delete(uri.fsPath) };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const uri = document.uri;
    const name = uri.path.split('/').pop() ?? uri.path;
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    panel.webview.html = inspectorHtml(panel.webview.cspSource, name);

    let state: InspectorState = { file: uri.fsPath, meta: 'Reading…', layers: '', rows: [], analysable: false, done: false };
    let disposed = false;
    const publish = (next: Partial<InspectorState>) => {
      state = { ...state, ...next };
      if (disposed) return;
      inspectorStates.set(uri.fsPath, state);
      void panel.webview.postMessage({ type: 'state', ...state });
    };
    panel.onDidDispose(() => {
      disposed = true;
    });
    panel.webview.onDidReceiveMessage((m: { type?: unknown }) => {
      if (m?.type === 'ready') publish({});
      else if (m?.type === 'analyze') void vscode.commands.executeCommand('rnnGradients.analyze', uri);
    });
    await this.fill(uri, publish, () => disposed);
  }

  private async fill(uri: vscode.Uri, publish: (s: Partial<InspectorState>) => void, isDisposed: () => boolean): Promise<void> {
    const path = uri.fsPath;
    try {
      const maxBytes = maxWeightsFileBytes();
      const { size } = await vscode.workspace.fs.stat(uri);
      if (size > maxBytes) {
        publish({ meta: formatBytes(size), problem: `${path}: file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (setting rnnGradients.maxWeightsFileMB)`, done: true });
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (path.toLowerCase().endsWith('.safetensors')) {
        const header = readSafetensorsHeader(bytes, path, { maxBytes });
        publish({ meta: `safetensors · ${header.entries.length} tensors · ${formatBytes(size)} · decoding…`, rows: headerRows(header).map(asView) });
        await yieldToHost();
      }
      const file = loadTensorFile(path, bytes, { maxBytes });
      const report = fileReport(file);
      const layers = report.layers.map((l) => `layer ${l.layer}${l.direction === 'reverse' ? ' reverse' : ''}: ${l.cell.toUpperCase()}, hidden ${l.hiddenSize}, input ${l.inputSize}`);
      const metadata = Object.entries(report.metadata).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
      let rows: RowView[] = report.rows.map(asView);
      publish({
        meta: `${report.format} · ${rows.length} tensor${rows.length === 1 ? '' : 's'} · ${formatBytes(size)}${metadata ? ` · ${metadata}` : ''}`,
        layers: layers.length ? `Recurrent layers — ${layers.join('; ')}. Analysis starts with layer 0.` : 'No recurrent layer recognised.',
        rows,
        analysable: report.analysable,
        ...(report.problem ? { problem: report.problem } : {}),
      });
      for (const [i, row] of rows.entries()) {
        await yieldToHost();
        if (isDisposed()) return;
        const tensor = file.tensors.get(row.name)!;
        const stats = tensorStatistics(tensor, { maxSpectralSize: HOST_SPECTRAL_LIMIT });
        const tooBig = row.recurrent && stats.spectralRadius === undefined;
        rows = rows.map((r, k) => (k === i ? { ...r, stats, ...(tooBig ? { spectralNote: 'in the analysis panel' } : {}) } : r));
        publish({ rows });
      }
      publish({ done: true });
    } catch (e) {
      publish({ problem: isInputError(e) ? e.message : `Could not read ${path}: ${(e as Error).message}`, done: true });
    }
  }
}

function asView(row: TensorRow): RowView {
  return { ...row, recurrent: isSquareRecurrent(row) };
}
