// The timeline panel's page: a folder's checkpoints in training order, one section per architecture (never one
// line across shapes), line charts of each number against the step (or epoch, or the checkpoint's place) with
// the regime as a coloured band, and a table of every checkpoint (unreadable ones in their place). Entries are
// drawn as they arrive; a click on a point or a row opens that checkpoint's full analysis.
import { LogarithmicScale, type ChartConfiguration } from 'chart.js';
import { fmt, fmtCount } from '../../src/core/format-number';
import type { TimelineHostMessage, TimelinePanelState, TimelineWebviewMessage } from '../../src/protocol';
import type { Timeline, TimelineEntry, TimelineLayerPoint, TimelinePoint } from '../../src/core/timeline/types';
import { Chart, registerChartParts } from '../charts/chartSetup';
import { readThemeColors, watchTheme } from '../theme';
import { regimeBand } from './regimeBand';
import { isTimelineMessage, REGIME_BAND_VARIABLES, xAxisOf, type XAxis } from './timelineView';

interface VsCodeApi {
  postMessage(message: TimelineWebviewMessage): void;
  getState(): unknown;
  setState(state: TimelinePanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

registerChartParts();
Chart.register(LogarithmicScale);

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const statusLine = byId<HTMLSpanElement>('status');
const errorBox = byId<HTMLDivElement>('error');
const title = byId<HTMLHeadingElement>('title');
const layerSelect = byId<HTMLSelectElement>('layer');
const lyapunovBox = byId<HTMLInputElement>('lyapunov');
const probeLine = byId<HTMLParagraphElement>('probe');
const sections = byId<HTMLDivElement>('architectures');

let state: TimelinePanelState | undefined = vscode.getState() as TimelinePanelState | undefined;
let shown: { timeline: Timeline; displayNames: Record<string, string>; final: boolean } | undefined;
/** Entries of the run in flight, drawn as they arrive. */
let arriving = new Map<string, TimelineEntry>();
let charts: Chart[] = [];

function saveState(patch: Partial<TimelinePanelState>): void {
  if (!state && !patch.folder) return;
  state = { ...(state ?? { folder: patch.folder!, lyapunov: false }), ...patch };
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isTimelineMessage(event.data)) return;
  handle(event.data);
});

function handle(message: TimelineHostMessage): void {
  switch (message.type) {
    case 'timelineStarted':
      title.textContent = `Gradient health over training: ${message.displayName}`;
      lyapunovBox.checked = message.lyapunov;
      saveState({ folder: message.folder, lyapunov: message.lyapunov });
      arriving = new Map();
      statusLine.textContent = 'Reading the checkpoints…';
      return;
    case 'timelineEntry':
      arriving.set(message.entry.file, message.entry);
      statusLine.textContent = `${fmtCount(message.done)} of ${fmtCount(message.total)} checkpoints read…`;
      // Until the whole timeline is known, the entries so far in a provisional order (the final one replaces it).
      render(provisional([...arriving.values()]), {}, false);
      return;
    case 'timeline':
      errorBox.hidden = true;
      lyapunovBox.checked = message.lyapunov;
      saveState({ folder: message.folder, lyapunov: message.lyapunov });
      render(message.timeline, message.displayNames, true);
      return;
    case 'timelineFailed':
      statusLine.textContent = message.cancelled
        ? 'Cancelled: the folder is not read again until Refresh.'
        : 'The timeline could not be made.';
      if (!message.cancelled) {
        errorBox.textContent = message.message;
        errorBox.hidden = false;
      }
      return;
  }
}

/** Entries known so far, by step, else epoch, else the numbers in their names (the host's order replaces it). */
function provisional(entries: TimelineEntry[]): Timeline {
  const key = (e: TimelineEntry): number | undefined => (e.ok ? (e.globalStep ?? e.epoch) : undefined);
  const sorted = [...entries].sort(
    (a, b) =>
      (key(a) ?? 0) - (key(b) ?? 0) || a.file.localeCompare(b.file, undefined, { numeric: true, sensitivity: 'base' }),
  );
  const groups = new Map<string, number[]>();
  sorted.forEach((e, i) => {
    if (e.ok) groups.set(e.architecture, [...(groups.get(e.architecture) ?? []), i]);
  });
  return {
    order: 'fileName',
    orderDescription: 'arrival so far',
    probe: shown?.timeline.probe ?? { inputs: 'random' },
    entries: sorted,
    architectures: [...groups].map(([description, indexes]) => ({ description, entries: indexes })),
    fromCache: 0,
  };
}

function layerKeyOf(l: TimelineLayerPoint): string {
  return `${l.layer}:${l.direction}`;
}

function layerLabel(key: string): string {
  const [layer, direction] = key.split(':');
  return `layer ${Number(layer) + 1} · ${direction}`;
}

function render(timeline: Timeline, displayNames: Record<string, string>, final: boolean): void {
  shown = { timeline, displayNames, final };
  const points = timeline.entries.filter((e): e is TimelinePoint => e.ok);
  const keys = [...new Set(points.flatMap((p) => p.layers.map(layerKeyOf)))];
  const chosen = state?.layerKey && keys.includes(state.layerKey) ? state.layerKey : (keys[0] ?? '0:forward');
  layerSelect.replaceChildren(
    ...keys.map((k) => {
      const option = document.createElement('option');
      option.value = k;
      option.textContent = layerLabel(k);
      option.selected = k === chosen;
      return option;
    }),
  );
  layerSelect.disabled = keys.length < 2;
  const pending = timeline.pending ?? [];
  if (final) {
    const counts = `${fmtCount(timeline.entries.length)} checkpoint${timeline.entries.length === 1 ? '' : 's'}`;
    const order = timeline.entries.length > 0 ? `, in the order of ${timeline.orderDescription}` : '';
    const cached = timeline.fromCache > 0 ? ` (${fmtCount(timeline.fromCache)} from the cache)` : '';
    const writing = pending.length > 0 ? `; ${fmtCount(pending.length)} still being written…` : '';
    statusLine.textContent = `${counts}${order}${cached}${writing}; watching the folder for new ones.`;
  }
  const probe = timeline.probe;
  probeLine.textContent =
    timeline.entries.length === 0 && pending.length === 0
      ? 'No checkpoint in this folder yet: each one a training run writes here is analysed as it appears.'
      : `One probe for every checkpoint: ${
          probe.inputs === 'file'
            ? `the inputs file ${probe.file}`
            : `${probe.inputs} inputs${probe.seed !== undefined ? `, seed ${probe.seed}` : ''}, T = ${probe.steps}`
        }.`;
  for (const c of charts) c.destroy();
  charts = [];
  const xAxis = xAxisOf(timeline);
  const several = timeline.architectures.length > 1;
  const parts: HTMLElement[] = timeline.architectures.map((a) =>
    architectureSection(timeline, a.entries, several ? a.description : a.description, chosen, xAxis),
  );
  parts.push(entriesTable(timeline, displayNames, chosen, pending));
  sections.replaceChildren(...parts);
}

interface Series {
  label: string;
  value: (l: TimelineLayerPoint) => number | null | undefined;
  color: string;
}

function architectureSection(
  timeline: Timeline,
  indexes: number[],
  description: string,
  layerKey: string,
  xAxis: XAxis,
): HTMLElement {
  const section = document.createElement('section');
  section.className = 'architecture';
  const heading = document.createElement('h2');
  heading.textContent = `Architecture: ${description}`;
  section.append(heading);
  const points = indexes.map((i) => ({ index: i, point: timeline.entries[i] as TimelinePoint }));
  const layerOf = (p: TimelinePoint): TimelineLayerPoint | undefined =>
    p.layers.find((l) => layerKeyOf(l) === layerKey);
  const drawn = points.filter((p) => layerOf(p.point));
  const colors = readThemeColors();
  const cell = drawn.length > 0 ? layerOf(drawn[0].point)!.cell : 'rnn';
  const gate = cell === 'lstm' ? 'forget' : 'update';
  const groups: { id: string; title: string; series: Series[]; band?: boolean; whole?: boolean }[] = [
    {
      id: 'spectrum',
      title:
        cell === 'rnn'
          ? 'ρ, σ_max and γσ_max of W_hh'
          : 'ρ and σ_max of the step Jacobian at the origin, the sup bound',
      band: true,
      series: [
        { label: 'ρ', value: (l) => l.rho, color: colors.spectralRadius },
        { label: 'σ_max', value: (l) => l.sigmaMax, color: colors.largest },
        { label: 'γσ_max', value: (l) => l.gammaSigmaMax, color: colors.pascanu },
      ],
    },
    {
      id: 'horizon',
      title: 'Gradient horizon (steps)',
      band: true,
      whole: true,
      series: [{ label: 'horizon', value: (l) => l.horizon, color: colors.horizon }],
    },
    {
      id: 'gradient',
      title: '‖∂E/∂W_hh‖ of the probe loss',
      series: [{ label: '‖∂E/∂W_hh‖', value: (l) => l.gradientNorm, color: colors.bar }],
    },
  ];
  if (cell !== 'rnn') {
    groups.push({
      id: 'gate',
      title: `Mean ${gate} gate and median timescale τ (steps)`,
      series: [
        { label: `mean ${gate} gate`, value: (l) => l.meanGate, color: colors.gateMean },
        { label: 'median τ', value: (l) => l.medianTimescale, color: colors.saturatedHigh },
      ],
    });
  }
  if (drawn.some((p) => layerOf(p.point)?.lambda1 !== undefined)) {
    groups.push({
      id: 'lambda1',
      title: 'λ₁ of the long run (per step)',
      series: [{ label: 'λ₁', value: (l) => l.lambda1, color: colors.runningLambda1 }],
    });
  }
  const legend = document.createElement('p');
  legend.className = 'note band-legend';
  legend.append('Band: the regime at each checkpoint — ');
  Object.entries(REGIME_BAND_VARIABLES).forEach(([regime, variable], i, all) => {
    const swatch = document.createElement('span');
    swatch.className = `swatch regime-${regime}`;
    swatch.title = variable;
    legend.append(swatch, ` ${regime}${i < all.length - 1 ? ', ' : '. '}`);
  });
  legend.append('Click a point to open that checkpoint’s analysis.');
  section.append(legend);
  const grid = document.createElement('div');
  grid.className = 'charts';
  section.append(grid);
  const xs = drawn.map((p) => xAxis.value(p.point, p.index));
  const regimes = drawn.map((p) => layerOf(p.point)!.regime);
  for (const group of groups) {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.dataset.chart = group.id;
    const caption = document.createElement('figcaption');
    caption.textContent = group.title;
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${group.title} against ${xAxis.label}`);
    figure.append(caption, canvas);
    grid.append(figure);
    const config: ChartConfiguration<'line'> = {
      type: 'line',
      data: {
        datasets: group.series.map((s) => ({
          label: s.label,
          data: drawn.map((p, i) => ({ x: xs[i], y: finiteOrNaN(s.value(layerOf(p.point)!)) })),
          borderColor: s.color,
          backgroundColor: s.color,
          pointRadius: 3,
          pointHoverRadius: 6,
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        // A click (and the tooltip) takes the checkpoint nearest along the x axis: no need to hit the dot itself.
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: xAxis.label, color: colors.foreground },
            // Steps, epochs and places are whole numbers.
            ticks: { color: colors.muted, callback: (v) => fmt(Number(v)), precision: 0 },
            grid: { color: colors.grid },
          },
          y: {
            // A log axis where the values span more than a factor of ten (an LSTM's sup bound beside ρ ≈ 1).
            type: spansDecade(group.series.flatMap((s) => drawn.map((p) => finiteOrNaN(s.value(layerOf(p.point)!)))))
              ? 'logarithmic'
              : 'linear',
            ticks: { color: colors.muted, callback: (v) => fmt(Number(v)), ...(group.whole ? { precision: 0 } : {}) },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { labels: { color: colors.foreground } },
          themeBackground: { color: colors.background },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? fileLabel(drawn[items[0].dataIndex].point.file) : ''),
              label: (item) => `${item.dataset.label}: ${fmt(item.parsed.y ?? NaN)}`,
            },
          },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) openCheckpoint(drawn[hit.index].point, layerKey);
        },
      },
      plugins: group.band ? [regimeBand(xs, regimes)] : [],
    };
    charts.push(new Chart(canvas, config));
  }
  return section;
}

/** A log axis only where the values span more than a factor of ten: else its ticks crowd together. */
function spansDecade(values: number[]): boolean {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 10;
}

function finiteOrNaN(x: number | null | undefined): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : NaN;
}

function fileLabel(file: string): string {
  return shown?.displayNames[file] ?? file.split(/[\\/]/).pop() ?? file;
}

function openCheckpoint(point: TimelinePoint, layerKey: string): void {
  const layer = point.layers.find((l) => layerKeyOf(l) === layerKey) ?? point.layers[0];
  vscode.postMessage({ type: 'openCheckpoint', file: point.file, layer: layer.layer, direction: layer.direction });
}

const num = (x: number | null | undefined): string => (x === undefined ? '' : x === null ? '∞' : fmt(x));

function entriesTable(
  timeline: Timeline,
  displayNames: Record<string, string>,
  layerKey: string,
  pending: string[],
): HTMLElement {
  const gated = timeline.entries.some((e) => e.ok && e.layers.some((l) => l.meanGate !== undefined));
  const lyapunov = timeline.entries.some((e) => e.ok && e.layers.some((l) => l.lambda1 !== undefined));
  const headers = ['#', 'checkpoint', 'epoch', 'step', 'ρ', 'σ_max', 'γσ_max', 'regime', 'horizon', '‖∂E/∂W_hh‖'];
  if (gated) headers.push('mean gate', 'median τ');
  if (lyapunov) headers.push('λ₁');
  const table = document.createElement('table');
  table.id = 'entries';
  table.setAttribute('aria-label', `Every checkpoint, ${layerLabel(layerKey)}`);
  const head = table.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  timeline.entries.forEach((entry, i) => {
    const row = body.insertRow();
    row.dataset.file = entry.file;
    const name = displayNames[entry.file] ?? fileLabel(entry.file);
    row.insertCell().textContent = String(i + 1);
    const fileCell = row.insertCell();
    if (!entry.ok) {
      row.className = 'unreadable';
      fileCell.textContent = name;
      const problem = row.insertCell();
      problem.colSpan = headers.length - 2;
      problem.textContent = `could not be read: ${entry.error}`;
      return;
    }
    const layer = entry.layers.find((l) => layerKeyOf(l) === layerKey);
    const open = document.createElement('button');
    open.className = 'link';
    open.textContent = name;
    open.title = 'Open this checkpoint’s analysis';
    open.addEventListener('click', () => openCheckpoint(entry, layerKey));
    fileCell.append(open);
    const cells = [
      entry.epoch === undefined ? '' : String(entry.epoch),
      entry.globalStep === undefined ? '' : String(entry.globalStep),
    ];
    if (layer) {
      cells.push(num(layer.rho), num(layer.sigmaMax), num(layer.gammaSigmaMax), layer.regime);
      cells.push(`${fmtCount(layer.horizon)}${layer.horizonReachesEnd ? '+' : ''}`, fmt(layer.gradientNorm));
      if (gated) cells.push(num(layer.meanGate), num(layer.medianTimescale));
      if (lyapunov) cells.push(layer.lambda1 === null ? '−∞' : num(layer.lambda1));
    } else cells.push(`no ${layerLabel(layerKey)}`);
    for (const c of cells) row.insertCell().textContent = c;
    if (layer) row.classList.add(`regime-${layer.regime}`);
  });
  for (const file of pending) {
    const row = body.insertRow();
    row.className = 'pending';
    row.dataset.file = file;
    row.insertCell().textContent = '';
    row.insertCell().textContent = displayNames[file] ?? fileLabel(file);
    const note = row.insertCell();
    note.colSpan = headers.length - 2;
    note.textContent = 'being written… (analysed once the file is complete)';
  }
  const wrapper = document.createElement('section');
  const heading = document.createElement('h2');
  heading.textContent = 'Every checkpoint';
  wrapper.append(heading, table);
  return wrapper;
}

layerSelect.addEventListener('change', () => {
  saveState({ layerKey: layerSelect.value });
  if (shown) render(shown.timeline, shown.displayNames, shown.final);
});
byId<HTMLButtonElement>('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
lyapunovBox.addEventListener('change', () => {
  saveState({ lyapunov: lyapunovBox.checked });
  vscode.postMessage({ type: 'setLyapunov', enabled: lyapunovBox.checked });
});
watchTheme(() => {
  if (shown) render(shown.timeline, shown.displayNames, shown.final);
});
if (state) lyapunovBox.checked = state.lyapunov;
vscode.postMessage({ type: 'ready' });
