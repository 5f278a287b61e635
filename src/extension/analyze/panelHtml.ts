// The analysis panel's page (webviewPage: the strict CSP and the frame every page shares).
import type * as vscode from 'vscode';
import { webviewPage } from '../webviewPage';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    bundle: 'webview',
    stylesheet: 'panel',
    title: 'RNN gradients',
    styleNonce: true,
    dataImagesAndFonts: true,
    body: `  <header>
    <h1 id="file-title">RNN gradients</h1>
    <span id="status" role="status" aria-live="polite">Waiting for the analysis…</span>
  </header>
  <div id="error" role="alert" hidden></div>
  <div id="controls" class="controls" role="group" aria-label="Analysis settings"></div>
  <section id="summary" aria-label="Summary" aria-live="polite"></section>
  <div id="charts" class="charts"></div>
  <div id="exports" class="exports" role="group" aria-label="Export"></div>`,
  });
}
