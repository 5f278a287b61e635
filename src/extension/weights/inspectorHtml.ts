// The inspector webview's page (webviewPage: the strict CSP and the frame every page shares), theme colours from
// --vscode-* variables (media/inspector.css), and the bundled webview/inspector/main.ts.
import type * as vscode from 'vscode';
import { escapeHtml, webviewPage } from '../webviewPage';

export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, {
    bundle: 'inspector',
    stylesheet: 'inspector',
    title,
    body: `<h1 id="title">${escapeHtml(title)}</h1>
<div class="meta" id="meta">Reading…</div>
<ul class="details" id="details" hidden></ul>
<div class="problem" id="problem" role="alert" hidden></div>
<div class="note" id="layers"></div>
<button id="analyze" disabled>Analyze RNN gradients</button>
<table role="treegrid" aria-label="Where each tensor sits in the file, with its metadata and placeholders">
  <thead><tr id="header" role="row">
    <th class="name" scope="col">name</th><th scope="col">shape</th><th class="dtype" scope="col">dtype</th>
    <th scope="col">min</th><th scope="col">max</th><th scope="col">mean</th><th scope="col">std</th>
    <th scope="col">‖·‖<sub>F</sub></th><th scope="col">ρ</th><th scope="col">σ<sub>max</sub></th><th class="role" scope="col">role</th>
  </tr></thead>
  <tbody id="rows" role="rowgroup"></tbody>
</table>`,
  });
}
