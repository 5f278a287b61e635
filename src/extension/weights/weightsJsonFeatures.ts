// Inside weight JSON files (ours and state_dict JSON): hovers on tensor keys, an "Analyze RNN gradients"
// CodeLens at the top, and diagnostics with exact ranges. The content comes from src/core/inspect, computed
// in the weights worker (parsing a large matrix and analysing W_hh take seconds); this file converts
// offsets to positions and drops answers about versions of a document that have changed since.
import * as vscode from 'vscode';
import type { TextRange } from '../../core/inspect/weights-json';
import type { WeightsWorkerRequests } from '../../protocol/weightsWorker';
import { WorkerClient } from '../../workers/workerClient';
import { looksLikeWeightsJson } from '../analyze/weightsSniff';
import { COMMANDS } from '../ids';
import { settings } from '../settings';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
];
/** Training configs (`*.rnn.json`, `*.rnn.jsonc`) get the config features instead. */
const CONFIG_FILE = /\.rnn\.jsonc?$/i;
/** Parsing is linear, but a diagnostics pass over a 100 MB document on every keystroke is not. */
const MAX_DOCUMENT_CHARS = 20 * 1024 * 1024;
const DIAGNOSTICS_DELAY_MS = 300;

export function isWeightsJsonDocument(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (CONFIG_FILE.test(document.uri.path)) return false;
  const text = document.getText();
  return text.length <= MAX_DOCUMENT_CHARS && looksLikeWeightsJson(text);
}

function toRange(document: vscode.TextDocument, r: TextRange): vscode.Range {
  return new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
}

export function registerWeightsJsonFeatures(context: vscode.ExtensionContext, workerScript: string): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('rnn-weights');
  const timers = new Map<string, NodeJS.Timeout>();
  // One long-lived worker for every JSON document; it restarts if it dies (requests in flight then fail).
  const worker = new WorkerClient<WeightsWorkerRequests>(workerScript, 'the weights worker', { unref: true });

  const refresh = async (document: vscode.TextDocument) => {
    if (!isWeightsJsonDocument(document)) {
      diagnostics.delete(document.uri);
      return;
    }
    const version = document.version;
    const found = await worker.request('diagnose', { text: document.getText() }).catch(() => undefined);
    if (!found || document.isClosed || document.version !== version) return;
    diagnostics.set(
      document.uri,
      found.map((d) => {
        const diagnostic = new vscode.Diagnostic(
          toRange(document, d.range),
          d.message,
          d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'RNN weights';
        diagnostic.code = d.code;
        return diagnostic;
      }),
    );
  };
  const refreshLater = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void refresh(document);
      }, DIAGNOSTICS_DELAY_MS),
    );
  };

  context.subscriptions.push(
    diagnostics,
    { dispose: () => worker.stop() },
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument((d) => void refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => refreshLater(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.languages.registerHoverProvider(SELECTOR, {
      async provideHover(document, position) {
        if (!isWeightsJsonDocument(document)) return undefined;
        const version = document.version;
        const threshold = settings.threshold;
        const hover = await worker.request('hover', {
          text: document.getText(),
          file: document.uri.fsPath,
          offset: document.offsetAt(position),
          threshold,
        });
        if (!hover || document.version !== version) return undefined;
        const markdown = new vscode.MarkdownString(hover.markdown);
        markdown.supportHtml = true; // formulas carry <sub>/<sup> (src/core/notation.ts)
        return new vscode.Hover(markdown, toRange(document, hover.range));
      },
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, {
      provideCodeLenses(document) {
        if (!isWeightsJsonDocument(document)) return [];
        return [
          new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
            title: 'Analyze RNN gradients',
            command: COMMANDS.analyze,
            arguments: [document.uri],
          }),
        ];
      },
    }),
  );
  vscode.workspace.textDocuments.forEach((d) => void refresh(d));
}
