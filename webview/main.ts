// The analysis panel's page: controls, summary, three charts, export. It draws what the host sends and
// computes nothing of the analysis itself.
import type { AnalysisResult } from '../src/core/analysis/types';
import {
  PANEL_CHART_IDS,
  type HostToWebviewMessage,
  type PanelChartId,
  type PanelControls,
  type PanelReport,
  type PanelState,
  type WebviewToHostMessage,
} from '../src/protocol';

/** Charts a result may lack: an LSTM/GRU's gates and timescales, the long run's spectrum and running λ₁. */
const OPTIONAL_CHARTS: ReadonlySet<PanelChartId> = new Set(['gates', 'timescales', 'lyapunov', 'lyapunovRunning']);
import { registerChartParts } from './charts/chartSetup';
import { ChartPanel } from './charts/chartPanel';
import { eigenvalueChart } from './charts/eigenvalueChart';
import { gatesChart } from './charts/gatesChart';
import { gradientShareChart } from './charts/gradientShareChart';
import { jacobianChart } from './charts/jacobianChart';
import { lyapunovSpectrumChart, runningLambda1Chart } from './charts/lyapunovChart';
import type { LyapunovUnit } from '../src/core/analysis/lyapunov-units';
import { timescaleChart } from './charts/timescaleChart';
import { button, dropdown, registerControls, type DropdownControl } from './controls';
import { ControlsBar } from './controlsBar';
import { isHostMessage } from './hostMessages';
import { shownSpectrum, spectrumChoices } from './spectrumChoice';
import { binTimescales } from '../src/core/rnn/cells/timescales';
import { renderSummary } from './summary';
import { readThemeColors, themeKind, watchTheme } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) =>
  cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
  ),
);
const vscode = acquireVsCodeApi();
registerControls();
registerChartParts();

const page = {
  title: document.getElementById('file-title') as HTMLElement,
  status: document.getElementById('status') as HTMLElement,
  error: document.getElementById('error') as HTMLElement,
  controls: document.getElementById('controls') as HTMLElement,
  summary: document.getElementById('summary') as HTMLElement,
  charts: document.getElementById('charts') as HTMLElement,
  exports: document.getElementById('exports') as HTMLElement,
};

let file = '';
let current: AnalysisResult | undefined;
let shown: { verdict: string; summary: string; facts: string[]; longRun: string } = {
  verdict: '',
  summary: '',
  facts: [],
  longRun: '',
};
let errorText = '';
let clamped = { count: 0, note: '' };
let drawErrors: string[] = [];

const post = (message: WebviewToHostMessage) => vscode.postMessage(message);

const controlsBar = new ControlsBar(page.controls, {
  rerun: (controls) => {
    saveState(controls);
    post({ type: 'rerun', controls });
  },
  chooseInputsFile: (controls) => post({ type: 'chooseInputsFile', controls }),
});

const chartPanels = new Map<PanelChartId, ChartPanel>();
for (const id of PANEL_CHART_IDS) {
  const panel = new ChartPanel(id, (chart) => post({ type: 'exportPng', chart, dataUrl: panel.pngDataUrl() }));
  chartPanels.set(id, panel);
  // The gates and timescale charts join the page only for an LSTM/GRU result, the long run's with one.
  if (!OPTIONAL_CHARTS.has(id)) page.charts.append(panel.section);
}
/** The charts on the page now, in page order: what the report lists. */
const shownCharts = () => [...chartPanels.values()].filter((p) => p.section.isConnected);

// The eigenvalue chart's spectrum: for an LSTM/GRU, the origin Jacobian or a gate block. Kept in the state.
let spectrumChoice: string = 'origin';
let spectrumSelect: DropdownControl | undefined;
let spectrumOptionsKey = '';
// The long run's charts in ln or log10 per step (the core's exponents are ln), kept in the state.
let lyapunovUnit: LyapunovUnit = 'ln';
const unitSelect = dropdown(
  'lyapunov-unit',
  'Units',
  [
    { value: 'ln', label: 'ln per step' },
    { value: 'log10', label: 'log10 per step' },
  ],
  lyapunovUnit,
);
unitSelect.onChange(() => {
  lyapunovUnit = unitSelect.value === 'log10' ? 'log10' : 'ln';
  if (lastControls) saveState(lastControls);
  drawCharts();
});
chartPanels.get('lyapunov')?.setHeaderControl(unitSelect.container);
const longRunExport = button(
  'Export CSV (long run)',
  () => post({ type: 'exportData', format: 'csv-lyapunov' }),
  'secondary',
  'The Lyapunov spectrum with its standard errors and the running λ₁ as CSV',
);
longRunExport.hidden = true;
page.exports.append(
  button(
    'Export CSV (by lag)',
    () => post({ type: 'exportData', format: 'csv-lags' }),
    'secondary',
    'Jacobian norms, bounds and gradient shares per lag as CSV',
  ),
  button(
    'Export CSV (eigenvalues)',
    () => post({ type: 'exportData', format: 'csv-eigenvalues' }),
    'secondary',
    'Eigenvalues of W_hh as CSV',
  ),
  longRunExport,
  button('Export JSON', () => post({ type: 'exportData', format: 'json' }), 'secondary', 'The whole analysis as JSON'),
);

let lastControls: PanelControls | undefined;
function saveState(controls: PanelControls): void {
  lastControls = controls;
  if (file) vscode.setState({ file, controls, spectrum: spectrumChoice, lyapunovUnits: lyapunovUnit });
}

/** The spectrum dropdown in the eigenvalue chart's header, for results that have a choice; none otherwise. */
function showSpectrumChoices(result: AnalysisResult): void {
  const choices = spectrumChoices(result);
  const panel = chartPanels.get('eigenvalues');
  if (choices.length < 2) {
    spectrumOptionsKey = '';
    spectrumSelect = undefined;
    panel?.setHeaderControl(undefined);
    return;
  }
  spectrumChoice = shownSpectrum(result, spectrumChoice).choice;
  const key = JSON.stringify(choices);
  if (!spectrumSelect || key !== spectrumOptionsKey) {
    spectrumOptionsKey = key;
    const select = dropdown('spectrum-choice', 'Spectrum', choices, spectrumChoice);
    select.onChange(() => {
      spectrumChoice = select.value;
      if (lastControls) saveState(lastControls);
      redrawSpectrum();
    });
    spectrumSelect = select;
    panel?.setHeaderControl(select.container);
  }
  spectrumSelect.value = spectrumChoice;
}

/** The eigenvalue chart and the facts (ρ and σ_max of the chosen spectrum) after a new choice. */
function redrawSpectrum(): void {
  if (!current) return;
  shown = renderSummary(page.summary, current, spectrumChoice);
  const colors = readThemeColors();
  try {
    chartPanels.get('eigenvalues')?.show(eigenvalueChart(current, colors, spectrumChoice), colors.background);
  } catch (e) {
    drawErrors.push(`eigenvalues: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Puts the optional charts on the page when the result has them (in PANEL_CHART_IDS' order), and takes them off
 *  when not. */
function placeOptionalCharts(result: AnalysisResult): void {
  const has = new Map<PanelChartId, boolean>([
    ['gates', !!result.gates],
    ['timescales', !!result.timescales],
    ['lyapunov', !!result.lyapunov],
    ['lyapunovRunning', !!result.lyapunov],
  ]);
  for (const id of PANEL_CHART_IDS) {
    const panel = chartPanels.get(id);
    if (!panel) continue;
    const wanted = !OPTIONAL_CHARTS.has(id) || has.get(id) === true;
    // Re-appended in order, so a chart that joins lands after those before it in PANEL_CHART_IDS.
    if (wanted) page.charts.append(panel.section);
    else if (panel.section.isConnected) {
      panel.destroy();
      panel.section.remove();
    }
  }
  longRunExport.hidden = !result.lyapunov;
}

function setStatus(text: string, busy: boolean): void {
  page.status.textContent = text;
  document.body.classList.toggle('busy', busy);
  page.charts.setAttribute('aria-busy', String(busy));
}

function showError(message: string): void {
  errorText = message;
  page.error.textContent = message;
  page.error.hidden = !message;
}

function drawCharts(): void {
  if (!current) return;
  const result = current;
  const colors = readThemeColors();
  drawErrors = [];
  // One chart failing to draw must not take the others (or the summary) with it; the report says so.
  const draw = (id: PanelChartId, build: () => Parameters<ChartPanel['show']>[0]) => {
    try {
      chartPanels.get(id)?.show(build(), colors.background);
    } catch (e) {
      drawErrors.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  draw('jacobian', () => {
    const jacobian = jacobianChart(result, colors);
    clamped = { count: jacobian.clampedCount, note: jacobian.note };
    return jacobian;
  });
  draw('eigenvalues', () => eigenvalueChart(result, colors, spectrumChoice));
  draw('gradientShare', () => gradientShareChart(result, colors));
  if (result.gates) draw('gates', () => gatesChart(result, colors));
  if (result.timescales) draw('timescales', () => timescaleChart(result, colors));
  if (result.lyapunov) {
    draw('lyapunov', () => lyapunovSpectrumChart(result, colors, lyapunovUnit));
    draw('lyapunovRunning', () => runningLambda1Chart(result, colors, lyapunovUnit));
  }
}

function report(): PanelReport {
  return {
    file,
    verdict: shown.verdict,
    summary: shown.summary,
    facts: shown.facts,
    longRun: shown.longRun,
    lyapunovUnit,
    error: [errorText, ...drawErrors.map((e) => `could not draw ${e}`)].filter(Boolean).join('\n'),
    charts: shownCharts().map((p) => p.report()),
    clampedPoints: clamped.count,
    clampNote: clamped.note,
    eigenPixelsPerUnit: chartPanels.get('eigenvalues')?.pixelsPerUnit() ?? { x: 0, y: 0 },
    themeKind: themeKind(),
    lineColor: readThemeColors().frobenius,
    cspViolations: [...cspViolations],
    controls: controlsBar.report(),
    spectrum: {
      choice: current ? shownSpectrum(current, spectrumChoice).choice : spectrumChoice,
      choices: current ? spectrumChoices(current).map((c) => c.value) : [],
      title: chartPanels.get('eigenvalues')?.report().title ?? '',
    },
    timescaleBins: current?.timescales
      ? binTimescales(current.timescales).bins.map((b) => ({ label: b.label, count: b.count }))
      : [],
  };
}

function onMessage(message: HostToWebviewMessage): void {
  switch (message.type) {
    case 'analysisStarted':
      file = message.file;
      controlsBar.set(message.controls, current?.model.layers);
      setStatus('Analysing…', true);
      return;
    case 'analysisResult':
      file = message.file;
      current = message.result;
      page.title.textContent = message.displayName;
      document.title = `RNN gradients: ${message.displayName}`;
      controlsBar.set(message.controls, message.result.model.layers, message.inputsDisplayName);
      showError('');
      showSpectrumChoices(message.result);
      saveState(message.controls);
      shown = renderSummary(page.summary, message.result, spectrumChoice);
      placeOptionalCharts(message.result);
      drawCharts();
      document.body.classList.add('has-result');
      setStatus(
        `Analysed in ${Math.round(Object.values(message.result.timingsMs).reduce((a, b) => a + b, 0))} ms`,
        false,
      );
      return;
    case 'analysisFailed':
      file = message.file;
      page.title.textContent = message.displayName;
      controlsBar.set(message.controls, current?.model.layers);
      saveState(message.controls);
      if (message.cancelled) {
        setStatus(current ? 'Cancelled: showing the previous result.' : 'Cancelled.', false);
      } else {
        showError(message.message);
        setStatus(current ? 'Failed: the charts show the previous result.' : 'Failed.', false);
      }
      return;
    case 'request':
      post({ type: 'result', id: message.id, result: report() });
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) onMessage(event.data);
});
watchTheme(drawCharts);

const saved = vscode.getState() as Partial<PanelState> | undefined;
if (saved && typeof saved.file === 'string') file = saved.file;
// Checked against the result when one arrives: a choice it does not have falls back to the origin.
if (saved && typeof saved.spectrum === 'string') spectrumChoice = saved.spectrum;
if (saved && (saved.lyapunovUnits === 'ln' || saved.lyapunovUnits === 'log10')) {
  lyapunovUnit = saved.lyapunovUnits;
  unitSelect.value = lyapunovUnit;
}
post({ type: 'ready' });
