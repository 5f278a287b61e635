// The timeline panel's page: a strict CSP (our stylesheet and our nonce'd script only, no inline code), theme
// colours from --vscode-* variables (media/timeline.css), the bundled webview/timeline/main.ts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function timelineResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'timeline.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'timeline.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Gradient health over training</title>
</head>
<body>
  <header>
    <h1 id="title">Gradient health over training</h1>
    <span id="status" role="status" aria-live="polite">Reading the checkpoints…</span>
  </header>
  <div id="error" role="alert" hidden></div>
  <div class="controls" role="group" aria-label="Timeline settings">
    <label>Layer <select id="layer"></select></label>
    <label><input type="checkbox" id="lyapunov"> λ<sub>1</sub> of the long run (slower)</label>
    <button id="refresh" type="button" title="Read the folder again (after a cancel, live updates wait for this)">Refresh</button>
  </div>
  <p id="probe" class="note"></p>
  <div id="architectures"></div>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
