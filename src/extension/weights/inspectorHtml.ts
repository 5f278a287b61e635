// The inspector webview's page: a strict CSP (nothing but our stylesheet and our nonce'd script, no inline
// code), theme colours from --vscode-* variables (media/inspector.css), and the bundled webview/inspector/main.ts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folders the page may load from: the bundles and the stylesheets. */
export function inspectorResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'inspector.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'inspector.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<h1 id="title">${escapeHtml(title)}</h1>
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
</table>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
