// The panel's page: a strict CSP (nothing but our stylesheet and our nonce'd script; no eval, no inline code).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [
    "default-src 'none'",
    // The toolkit (FAST) probes :focus-visible support with a <style> carrying the nonce of meta csp-nonce.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>RNN gradients</title>
</head>
<body>
  <header>
    <h1 id="file-title">RNN gradients</h1>
    <span id="status" role="status" aria-live="polite">Waiting for the analysis…</span>
  </header>
  <div id="error" role="alert" hidden></div>
  <div id="controls" class="controls" role="group" aria-label="Analysis settings"></div>
  <section id="summary" aria-label="Summary" aria-live="polite"></section>
  <div id="charts" class="charts"></div>
  <div id="exports" class="exports" role="group" aria-label="Export"></div>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
