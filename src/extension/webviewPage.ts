// Every webview page's frame, one way: a strict CSP (our stylesheet and our nonce'd script only, no inline code),
// the bundle and stylesheet the page names, and the folders it may load from. Each page says only which of the
// CSP's few allowances it needs and writes its own body.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folders a page may load from: the bundles and the stylesheets. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export interface PageSpec {
  /** dist/<bundle>.js */
  bundle: string;
  /** media/<stylesheet>.css */
  stylesheet: string;
  title: string;
  /** The body's markup, before the script. */
  body: string;
  /** Styles carrying the nonce (the toolkit's FAST probes :focus-visible with a <style> tagged by meta csp-nonce). */
  styleNonce?: boolean;
  /** Images from data: URLs (chart exports) and fonts from the extension. */
  dataImagesAndFonts?: boolean;
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, spec: PageSpec): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', `${spec.bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${spec.stylesheet}.css`));
  const source = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `style-src ${source}${spec.styleNonce ? ` 'nonce-${nonce}'` : ''}`,
    `img-src ${source}${spec.dataImagesAndFonts ? ' data:' : ''}`,
    ...(spec.dataImagesAndFonts ? [`font-src ${source}`] : []),
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
${spec.styleNonce ? `  <meta property="csp-nonce" content="${nonce}">\n` : ''}  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>${escapeHtml(spec.title)}</title>
</head>
<body>
${spec.body}
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
