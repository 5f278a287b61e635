// Export through a save dialog: a chart as PNG, the numbers as CSV or JSON.
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../../core/analysis/types';
import type { PanelChartId } from '../../protocol';
import { eigenvaluesCsv, lagsCsv, lyapunovCsv } from './exportTables';

export type DataFormat = 'csv-lags' | 'csv-eigenvalues' | 'csv-lyapunov' | 'json';

async function saveBytes(
  suggested: string,
  filters: Record<string, string[]>,
  bytes: Uint8Array,
): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(suggested),
    filters,
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Exported ${vscode.workspace.asRelativePath(target)}`);
  return target;
}

function stem(weightsFile: string): string {
  return join(dirname(weightsFile), basename(weightsFile, extname(weightsFile)));
}

export function exportData(
  weightsFile: string,
  result: AnalysisResult,
  format: DataFormat,
): Promise<vscode.Uri | undefined> {
  const encode = (text: string) => new TextEncoder().encode(text);
  switch (format) {
    case 'csv-lags':
      return saveBytes(`${stem(weightsFile)}-gradients-by-lag.csv`, { CSV: ['csv'] }, encode(lagsCsv(result)));
    case 'csv-eigenvalues':
      return saveBytes(`${stem(weightsFile)}-eigenvalues.csv`, { CSV: ['csv'] }, encode(eigenvaluesCsv(result)));
    case 'csv-lyapunov':
      return saveBytes(`${stem(weightsFile)}-lyapunov.csv`, { CSV: ['csv'] }, encode(lyapunovCsv(result)));
    case 'json':
      return saveBytes(
        `${stem(weightsFile)}-analysis.json`,
        { JSON: ['json'] },
        encode(JSON.stringify(result, null, 2) + '\n'),
      );
  }
}

export function exportPng(weightsFile: string, chart: PanelChartId, png: Uint8Array): Promise<vscode.Uri | undefined> {
  return saveBytes(`${stem(weightsFile)}-${chart}.png`, { 'PNG image': ['png'] }, png);
}
