// The timeline panel's page (webviewPage: the strict CSP and the frame every page shares), theme colours from
// --vscode-* variables (media/timeline.css), the bundled webview/timeline/main.ts.
import type * as vscode from 'vscode';
import { webviewPage } from '../webviewPage';

export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    bundle: 'timeline',
    stylesheet: 'timeline',
    title: 'Gradient health over training',
    dataImagesAndFonts: true,
    body: `  <header>
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
  <div id="architectures"></div>`,
  });
}
