// Inside weight JSON files (ours and state_dict JSON): hovers on tensor keys, an "Analyze RNN gradients"
// CodeLens at the top, and diagnostics with exact ranges. The content comes from src/core/inspect; this
// file only converts offsets to positions and keeps results per document version.
import * as vscode from 'vscode';
import { diagnoseWeightsJson } from '../../core/inspect/diagnose-weights';
import { weightsHover } from '../../core/inspect/weights-hover';
import { parseWeightsJson, type TextRange, type WeightsJsonDocument } from '../../core/inspect/weights-json';
import { looksLikeWeightsJson } from '../analyze/weightsSniff';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
];
/** Training configs (issue 5) have their own features. */
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

const parsed = new WeakMap<vscode.TextDocument, { version: number; doc: WeightsJsonDocument }>();

function parse(document: vscode.TextDocument): WeightsJsonDocument {
  const cached = parsed.get(document);
  if (cached?.version === document.version) return cached.doc;
  const doc = parseWeightsJson(document.getText());
  parsed.set(document, { version: document.version, doc });
  return doc;
}

function toRange(document: vscode.TextDocument, r: TextRange): vscode.Range {
  return new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
}

export function registerWeightsJsonFeatures(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('rnn-weights');
  const timers = new Map<string, NodeJS.Timeout>();

  const refresh = (document: vscode.TextDocument) => {
    if (!isWeightsJsonDocument(document)) {
      diagnostics.delete(document.uri);
      return;
    }
    diagnostics.set(
      document.uri,
      diagnoseWeightsJson(parse(document)).map((d) => {
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
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      refresh(document);
    }, DIAGNOSTICS_DELAY_MS));
  };

  context.subscriptions.push(
    diagnostics,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refreshLater(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(document, position) {
        if (!isWeightsJsonDocument(document)) return undefined;
        const threshold = vscode.workspace.getConfiguration('rnnGradients').get<number>('threshold');
        const hover = weightsHover(parse(document), document.getText(), document.uri.fsPath, document.offsetAt(position), { threshold });
        if (!hover) return undefined;
        return new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(document, hover.range));
      },
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, {
      provideCodeLenses(document) {
        if (!isWeightsJsonDocument(document)) return [];
        return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Analyze RNN gradients', command: 'rnnGradients.analyze', arguments: [document.uri] })];
      },
    }),
  );
  vscode.workspace.textDocuments.forEach(refresh);
}
