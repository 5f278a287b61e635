// The weights inspector's page: draws the table of tensors the host sends, with numbers by the shared rule; a
// gated layer's recurrent matrix gets one row per gate block with its ρ and σ_max.
// It keeps the last table with setState, so a reloaded window (or a tab shown again) draws it at once.
import { fmt, fmtMagnitude } from '../../src/core/format-number';
import type {
  HostToInspectorMessage,
  InspectorPageState,
  InspectorRow,
  InspectorToHostMessage,
} from '../../src/protocol/inspector';

interface VsCodeApi {
  postMessage(message: InspectorToHostMessage): void;
  getState(): unknown;
  setState(state: InspectorPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const page = {
  meta: byId('meta'),
  details: byId('details'),
  layers: byId('layers'),
  problem: byId('problem'),
  analyze: byId('analyze') as HTMLButtonElement,
  header: byId('header'),
  rows: byId('rows'),
};

const STATISTICS = ['min', 'max', 'mean', 'std', 'frobenius'] as const;
const SPECTRAL = ['spectralRadius', 'sigmaMax'] as const;
/** Gate blocks sit under their matrix's row: an em space survives HTML's collapsing of leading blanks. */
const INDENT = '\u2003';

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function rowCells(r: InspectorRow): HTMLTableCellElement[] {
  const s = r.stats;
  const pending = s ? undefined : 'pending';
  const cells = [cell(r.name, 'name'), cell(r.shape.length ? r.shape.join('×') : 'scalar'), cell(r.dtype, 'dtype')];
  for (const k of STATISTICS) cells.push(cell(s ? fmt(s[k]) : '…', pending));
  for (const k of SPECTRAL) {
    const value = s?.[k];
    const log10 = s?.[k === 'spectralRadius' ? 'log10SpectralRadius' : 'log10SigmaMax'];
    const text =
      value !== undefined ? fmtMagnitude(value, log10 ?? null) : !r.recurrent ? '' : s ? (r.spectralNote ?? '') : '…';
    cells.push(cell(text, pending));
  }
  cells.push(cell(r.role ?? '', 'role'));
  return cells;
}

/** A gated layer's W_hh, one row per canonical gate block under it: ρ and σ_max in the spectral columns. */
function gateRows(r: InspectorRow): HTMLTableRowElement[] {
  const blocks = (r.gates ?? []).map((g) => {
    const name = g.projected ? `${g.block}·W_hr` : g.block;
    const cells = [cell(`${INDENT}${name}`, 'name'), cell(`${g.size}×${g.size}`), cell('', 'dtype')];
    cells.push(...STATISTICS.map(() => cell('')));
    cells.push(cell(fmtMagnitude(g.spectralRadius, g.log10SpectralRadius)));
    cells.push(cell(fmtMagnitude(g.sigmaMax, g.log10SigmaMax)));
    const of = g.projected ? `gate block ${g.block} times the projection W_hr` : `gate block ${g.block}`;
    cells.push(cell(`${of}${r.role ? ` of ${r.role}` : ''}`, 'role'));
    return cells;
  });
  if (!blocks.length && r.gatesNote) {
    blocks.push([cell(`${INDENT}gate blocks`, 'name'), cell(''), cell('', 'dtype'), ...STATISTICS.map(() => cell(''))]);
    blocks[0].push(cell(r.gatesNote), cell(r.gatesNote), cell('', 'role'));
  }
  return blocks.map((cells) => {
    const tr = document.createElement('tr');
    tr.className = 'gate';
    tr.append(...cells);
    return tr;
  });
}

function draw(state: InspectorPageState): void {
  page.meta.textContent = state.meta;
  page.details.replaceChildren(
    ...(state.details ?? []).map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }),
  );
  page.details.hidden = !state.details?.length;
  page.layers.textContent = state.layers;
  page.problem.hidden = !state.problem;
  page.problem.textContent = state.problem ?? '';
  page.analyze.disabled = !state.analysable;
  page.rows.replaceChildren(
    ...state.rows.flatMap((r) => {
      const tr = document.createElement('tr');
      if (r.recurrent || r.gates || r.gatesNote) tr.className = 'recurrent';
      tr.append(...rowCells(r));
      return [tr, ...gateRows(r)];
    }),
  );
}

/** What was drawn, so the host (and the integration tests) know what the page really shows. */
function reportRendered(state: InspectorPageState): void {
  const text = (el: Element) => el.textContent ?? '';
  vscode.postMessage({
    type: 'rendered',
    rows: state.rows.length,
    withStatistics: state.rows.filter((r) => r.stats).length,
    problem: !page.problem.hidden,
    columns: Array.from(page.header.querySelectorAll('th'), text),
    cells: Array.from(page.rows.querySelectorAll('tr'), (tr) => Array.from(tr.querySelectorAll('td'), text)),
  });
}

function isPageState(value: unknown): value is InspectorPageState {
  const v = value as Partial<InspectorPageState> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.meta === 'string' &&
    typeof v.layers === 'string' &&
    Array.isArray(v.rows)
  );
}

window.addEventListener('message', (event: MessageEvent<HostToInspectorMessage>) => {
  const m = event.data;
  if (m?.type !== 'state') return;
  const state: InspectorPageState = {
    file: m.file,
    meta: m.meta,
    ...(Array.isArray(m.details) ? { details: m.details.filter((d) => typeof d === 'string') } : {}),
    layers: m.layers,
    rows: m.rows,
    analysable: m.analysable,
    ...(m.problem ? { problem: m.problem } : {}),
    done: m.done,
  };
  draw(state);
  vscode.setState(state);
  reportRendered(state);
});
page.analyze.addEventListener('click', () => vscode.postMessage({ type: 'analyze' }));

const saved = vscode.getState();
if (isPageState(saved)) draw(saved);
vscode.postMessage({ type: 'ready' });
