// The weights inspector's page: draws the tree the host sends (where each tensor sits in the file, its metadata,
// its placeholders) as a treegrid whose tensor rows carry the numbers by the shared rule; a gated layer's recurrent
// matrix gets one row per gate block with its ρ and σ_max. Arrow keys move and open or close as in any tree.
// It keeps the last state, and which nodes are open, with setState, so a reloaded window draws it at once.
import { fmt, fmtMagnitude } from '../../src/core/format-number';
import type {
  FileTreeNode,
  HostToInspectorMessage,
  InspectorPageState,
  InspectorRow,
  InspectorToHostMessage,
  InspectorViewState,
} from '../../src/protocol/inspector';
import { childrenOf, defaultExpanded, treeRows, type TreeRow } from './treeRows';

interface VsCodeApi {
  postMessage(message: InspectorToHostMessage): void;
  getState(): unknown;
  setState(state: InspectorViewState): void;
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
/** The table's columns after the name: shape, dtype, five statistics, ρ, σ_max, role. */
const COLUMNS_AFTER_NAME = 10;
const INDENT_EM = 1.1;
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

/** The name cell of a tree row: indented by its level, a disclosure mark on a node with children. */
function nameCell(row: TreeRow, open: boolean): HTMLTableCellElement {
  const td = cell('', 'name');
  // CSSOM, not a style attribute: the CSP forbids inline styles, not script setting a property.
  td.style.paddingLeft = `${0.6 + (row.level - 1) * INDENT_EM}em`;
  const twisty = document.createElement('span');
  twisty.className = 'twisty';
  twisty.setAttribute('aria-hidden', 'true');
  twisty.textContent = childrenOf(row.node).length ? (open ? '▾' : '▸') : '';
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = row.node.kind === 'more' ? `… ${row.node.count.toLocaleString('en-US')} more` : row.node.label;
  td.append(twisty, label);
  return td;
}

/** What a row that is not a tensor says, across the columns after its name. */
function spanCell(node: FileTreeNode): HTMLTableCellElement {
  let text = '';
  let className = 'span';
  if (node.kind === 'value') text = node.text;
  else if (node.kind === 'placeholder') {
    text = `${node.className} · placeholder: not executed, kept as data`;
    className = 'span placeholder';
  } else if (node.kind === 'group') {
    const count = node.children.length;
    const what = node.note ?? (node.prefix ? 'names with this prefix' : '');
    text = [what, `${count} ${count === 1 ? 'entry' : 'entries'}`].filter(Boolean).join(' · ');
  } else if (node.kind === 'more') text = 'not shown: the tree is bounded';
  const td = cell(text, className);
  td.colSpan = COLUMNS_AFTER_NAME;
  return td;
}

function tensorCells(node: Extract<FileTreeNode, { kind: 'tensor' }>, row: InspectorRow | undefined) {
  if (row) return rowCells(row).slice(1);
  const listed = node.listed;
  const shape = listed ? (listed.shape.length ? listed.shape.join('×') : 'scalar') : '';
  const cells = [cell(shape), cell(listed?.dtype ?? '', 'dtype')];
  for (let i = 0; i < COLUMNS_AFTER_NAME - 3; i++) cells.push(cell(''));
  cells.push(cell(listed ? 'listed only, not floating point' : '', 'role'));
  return cells;
}

let current: InspectorViewState | undefined;
/** The row that has (or last had) the keyboard focus, by id: kept across redraws. */
let focusedId: string | undefined;

function draw(state: InspectorViewState): void {
  current = state;
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

  const byName = new Map(state.rows.map((r) => [r.name, r]));
  const roots: readonly FileTreeNode[] =
    state.tree?.roots ?? state.rows.map((r) => ({ kind: 'tensor', label: r.name, tensor: r.name }));
  const rows = treeRows(roots);
  const open = state.expanded ? new Set(state.expanded) : defaultExpanded(rows, byName);
  const hidden = new Set<string>();
  const hadFocus = page.rows.contains(document.activeElement);
  if (!rows.some((r) => r.id === focusedId)) focusedId = rows[0]?.id;
  const trs: HTMLTableRowElement[] = [];
  for (const r of rows) {
    const isHidden = r.parent !== undefined && (hidden.has(r.parent) || !open.has(r.parent));
    if (isHidden) hidden.add(r.id);
    const tr = document.createElement('tr');
    tr.dataset.id = r.id;
    tr.setAttribute('role', 'row');
    tr.setAttribute('aria-level', String(r.level));
    tr.setAttribute('aria-posinset', String(r.posinset));
    tr.setAttribute('aria-setsize', String(r.setsize));
    tr.tabIndex = r.id === focusedId ? 0 : -1;
    tr.hidden = isHidden;
    const hasChildren = childrenOf(r.node).length > 0;
    if (hasChildren) tr.setAttribute('aria-expanded', String(open.has(r.id)));
    const node = r.node;
    const classes = [`node-${node.kind}`];
    const extra: HTMLTableRowElement[] = [];
    tr.append(nameCell(r, open.has(r.id)));
    if (node.kind === 'tensor') {
      const row = byName.get(node.tensor);
      tr.dataset.tensor = node.tensor;
      tr.title = node.tensor;
      if (row && (row.recurrent || row.gates || row.gatesNote)) classes.push('recurrent');
      tr.append(...tensorCells(node, row));
      if (row) {
        for (const g of gateRows(row)) {
          g.hidden = isHidden;
          g.setAttribute('role', 'row');
          g.setAttribute('aria-level', String(r.level + 1));
          const name = g.cells[0];
          if (name) name.style.paddingLeft = `${0.6 + r.level * INDENT_EM}em`;
          extra.push(g);
        }
      }
    } else tr.append(spanCell(node));
    tr.className = classes.join(' ');
    // Cells of a treegrid's rows are gridcells (a plain table's implicit role is not).
    for (const row of [tr, ...extra]) for (const td of Array.from(row.cells)) td.setAttribute('role', 'gridcell');
    trs.push(tr, ...extra);
  }
  page.rows.replaceChildren(...trs);
  if (hadFocus) rowById(focusedId)?.focus();
}

function rowById(id: string | undefined): HTMLTableRowElement | undefined {
  if (id === undefined) return undefined;
  return (page.rows.querySelector(`tr[data-id="${CSS.escape(id)}"]`) as HTMLTableRowElement | null) ?? undefined;
}

/** Opens or closes a node; the open set is saved from then on, so a reload shows the same tree. */
function setOpen(id: string, open: boolean): void {
  if (!current) return;
  const byName = new Map(current.rows.map((r) => [r.name, r]));
  const rows = treeRows(current.tree?.roots ?? []);
  const set = current.expanded ? new Set(current.expanded) : defaultExpanded(rows, byName);
  if (open) set.add(id);
  else set.delete(id);
  focusedId = id;
  const next: InspectorViewState = { ...current, expanded: [...set] };
  draw(next);
  vscode.setState(next);
  rowById(id)?.focus();
}

function visibleTreeRows(): HTMLTableRowElement[] {
  return Array.from(page.rows.querySelectorAll('tr[data-id]'), (tr) => tr as HTMLTableRowElement).filter(
    (tr) => !tr.hidden,
  );
}

function moveFocus(tr: HTMLTableRowElement | undefined): void {
  if (!tr) return;
  for (const other of page.rows.querySelectorAll('tr[tabindex="0"]')) (other as HTMLElement).tabIndex = -1;
  tr.tabIndex = 0;
  focusedId = tr.dataset.id;
  tr.focus();
}

page.rows.addEventListener('keydown', (event: KeyboardEvent) => {
  const tr = (event.target as HTMLElement).closest('tr[data-id]') as HTMLTableRowElement | null;
  if (!tr) return;
  const id = tr.dataset.id!;
  const expanded = tr.getAttribute('aria-expanded');
  const visible = visibleTreeRows();
  const at = visible.indexOf(tr);
  const key = event.key;
  if (key === 'ArrowDown') moveFocus(visible[at + 1]);
  else if (key === 'ArrowUp') moveFocus(visible[at - 1]);
  else if (key === 'Home') moveFocus(visible[0]);
  else if (key === 'End') moveFocus(visible[visible.length - 1]);
  else if (key === 'ArrowRight') {
    if (expanded === 'false') setOpen(id, true);
    else if (expanded === 'true') moveFocus(visible[at + 1]);
  } else if (key === 'ArrowLeft') {
    if (expanded === 'true') setOpen(id, false);
    else {
      const parent = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : undefined;
      moveFocus(rowById(parent));
    }
  } else if ((key === 'Enter' || key === ' ') && expanded !== null) setOpen(id, expanded === 'false');
  else return;
  event.preventDefault();
});

page.rows.addEventListener('click', (event: MouseEvent) => {
  const tr = (event.target as HTMLElement).closest('tr[data-id]') as HTMLTableRowElement | null;
  if (!tr) return;
  const expanded = tr.getAttribute('aria-expanded');
  if (expanded !== null) setOpen(tr.dataset.id!, expanded === 'false');
  else moveFocus(tr);
});

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
    tensors: Array.from(page.rows.querySelectorAll('tr'), (tr) => (tr as HTMLElement).dataset.tensor ?? ''),
  });
}

function isPageState(value: unknown): value is InspectorViewState {
  const v = value as Partial<InspectorViewState> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.meta === 'string' &&
    typeof v.layers === 'string' &&
    Array.isArray(v.rows) &&
    (v.expanded === undefined || (Array.isArray(v.expanded) && v.expanded.every((id) => typeof id === 'string')))
  );
}

window.addEventListener('message', (event: MessageEvent<HostToInspectorMessage>) => {
  const m = event.data;
  if (m?.type !== 'state') return;
  const previous = current;
  const state: InspectorViewState = {
    file: m.file,
    meta: m.meta,
    ...(Array.isArray(m.details) ? { details: m.details.filter((d) => typeof d === 'string') } : {}),
    layers: m.layers,
    rows: m.rows,
    ...(m.tree ? { tree: m.tree } : {}),
    // The open nodes are the user's: kept while the same file is shown.
    ...(previous?.expanded && previous.file === m.file ? { expanded: previous.expanded } : {}),
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
