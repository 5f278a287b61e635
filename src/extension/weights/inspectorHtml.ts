// The inspector webview's page: a strict CSP (no remote content, scripts and styles only with this page's
// nonce), theme colours from --vscode-* variables, and a small script that draws the rows the host sends.
import { randomBytes } from 'node:crypto';

export function inspectorHtml(cspSource: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
  h1 { font-size: 1.2em; font-weight: 600; margin: 14px 0 4px; }
  .meta, .note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
  .problem { color: var(--vscode-errorForeground); margin: 8px 0; white-space: pre-wrap; }
  table { border-collapse: collapse; margin-top: 10px; width: 100%; }
  th, td { text-align: right; padding: 3px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); white-space: nowrap; font-variant-numeric: tabular-nums; }
  th { color: var(--vscode-descriptionForeground); font-weight: 600; position: sticky; top: 0; background: var(--vscode-editor-background); }
  td.name, th.name, td.role, th.role, td.dtype { text-align: left; }
  td.role { white-space: normal; min-width: 12em; }
  td.name { font-family: var(--vscode-editor-font-family); }
  tr.recurrent td.name { font-weight: 600; }
  td.pending { color: var(--vscode-descriptionForeground); }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 5px 12px; cursor: pointer; margin-top: 10px; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
</style>
</head>
<body>
<h1 id="title">${escapeHtml(title)}</h1>
<div class="meta" id="meta">Reading…</div>
<div class="problem" id="problem" role="alert" hidden></div>
<div class="note" id="layers"></div>
<button id="analyze" disabled>Analyze RNN gradients</button>
<table aria-label="Tensors">
  <thead><tr>
    <th class="name" scope="col">name</th><th scope="col">shape</th><th class="dtype" scope="col">dtype</th>
    <th scope="col">min</th><th scope="col">max</th><th scope="col">mean</th><th scope="col">std</th>
    <th scope="col">‖·‖_F</th><th scope="col">ρ</th><th scope="col">σ_max</th><th class="role" scope="col">role</th>
  </tr></thead>
  <tbody id="rows"></tbody>
</table>
<script nonce="${nonce}">
(() => {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const fmt = (x) => {
    if (x === undefined || x === null) return '';
    if (typeof x !== 'number' || !isFinite(x)) return String(x);
    if (x === 0) return '0';
    const a = Math.abs(x);
    return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
  };
  const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };
  function drawRows(rows) {
    const body = $('rows');
    body.replaceChildren();
    for (const r of rows) {
      const tr = document.createElement('tr');
      if (r.recurrent) tr.className = 'recurrent';
      const s = r.stats;
      const pending = s ? '' : 'pending';
      tr.append(cell(r.name, 'name'), cell(r.shape.length ? r.shape.join('×') : 'scalar'), cell(r.dtype, 'dtype'));
      for (const k of ['min', 'max', 'mean', 'std', 'frobenius']) tr.append(cell(s ? fmt(s[k]) : '…', pending));
      for (const k of ['spectralRadius', 'sigmaMax']) tr.append(cell(s ? fmt(s[k]) || (r.recurrent ? r.spectralNote || '' : '') : (r.recurrent ? '…' : ''), pending));
      tr.append(cell(r.role || '', 'role'));
      body.append(tr);
    }
  }
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'state') {
      $('meta').textContent = m.meta;
      $('layers').textContent = m.layers || '';
      const p = $('problem');
      p.hidden = !m.problem;
      p.textContent = m.problem || '';
      $('analyze').disabled = !m.analysable;
      drawRows(m.rows);
      // What was drawn, so the host (and the integration tests) know the page really shows the table.
      vscode.postMessage({ type: 'rendered', rows: m.rows.length, withStatistics: m.rows.filter((r) => r.stats).length, problem: !$('problem').hidden });
    }
  });
  $('analyze').addEventListener('click', () => vscode.postMessage({ type: 'analyze' }));
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
