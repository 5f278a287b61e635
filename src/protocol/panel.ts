// Host ↔ webview: the analysis panel (src/extension/analyze/ and webview/).
// The webview is untrusted: everything it sends is checked by src/extension/analyze/webviewMessages.ts.
import type { LyapunovUnit } from '../core/analysis/lyapunov-units';
import type { AnalysisResult } from '../core/analysis/types';
import type { ActivationName } from '../core/rnn/activations';
import type { RequestMessage, ResponseMessage } from './requests';

/** What the panel's controls choose; the host turns it into AnalysisOptions. */
export interface PanelControls {
  /** Steps T of the forward pass. */
  steps: number;
  /** Lags L plotted (1..T). */
  lags: number;
  inputs: 'random' | 'zeros' | 'file';
  seed: number;
  /** Absolute path of an inputs file inside the workspace, when inputs is 'file'. */
  inputsFile?: string;
  /** 'auto' keeps the activation the weights file states (or the default). */
  activation: 'auto' | ActivationName;
  layer: number;
  direction: 'forward' | 'reverse';
  /** The whole unidirectional stack (AnalysisOptions.stack): only offered for one with more than one layer. */
  stack: boolean;
  /** The long run (AnalysisOptions.lyapunov): absent or not enabled, no Lyapunov spectrum is computed. */
  longRun?: LongRunControls;
}

/** The Lyapunov run's settings as the panel holds them (src/core/rnn/lyapunov/settings.ts gives the defaults). */
export interface LongRunControls {
  enabled: boolean;
  /** Directions k; absent: the state size, up to the core's default maximum. */
  k?: number;
  /** Counted steps T. */
  steps: number;
  warmup: number;
  /** Re-orthonormalise every t steps (1 ≤ t ≤ 10). */
  every: number;
  /** Stop early once every standard error is below this (per step); absent: run all T steps. */
  tolerance?: number;
}

/** What the webview keeps with setState, so a reloaded window can restore the panel. */
export interface PanelState {
  file: string;
  controls: PanelControls;
  /** The eigenvalue chart's spectrum for an LSTM/GRU: 'origin' (the step Jacobian at s = 0) or a gate name. */
  spectrum?: string;
  /** The Lyapunov spectrum chart's units: 'ln' (natural log per step, the core's) or 'log10' per step. */
  lyapunovUnits?: LyapunovUnit;
}

/** gates and timescales are drawn for LSTM/GRU results only, lyapunov and lyapunovRunning for a result with a
 *  long run (the page leaves them out otherwise). */
export type PanelChartId =
  'jacobian' | 'eigenvalues' | 'gradientShare' | 'gates' | 'timescales' | 'lyapunov' | 'lyapunovRunning';
export const PANEL_CHART_IDS: readonly PanelChartId[] = [
  'jacobian',
  'eigenvalues',
  'gradientShare',
  'gates',
  'timescales',
  'lyapunov',
  'lyapunovRunning',
];

export type HostToWebviewMessage =
  | { type: 'analysisStarted'; file: string; controls: PanelControls }
  | {
      type: 'analysisResult';
      file: string;
      /** The file as the user knows it (workspace-relative). */
      displayName: string;
      /** The inputs file as the user knows it, when inputs is 'file'. */
      inputsDisplayName?: string;
      controls: PanelControls;
      result: AnalysisResult;
    }
  | {
      type: 'analysisFailed';
      file: string;
      displayName: string;
      controls: PanelControls;
      message: string;
      cancelled: boolean;
    }
  | RequestMessage<PanelRequests>;

/** What the host asks the page, and the page answers. */
export interface PanelRequests {
  /** What the page drew, so tests can check the panel itself. */
  report: { params: Record<string, never>; result: PanelReport };
}

/** What the webview drew, sent on request so tests can check the panel itself. */
export interface PanelReport {
  file: string;
  /** The verdict heading and the plain-words summary as shown. */
  verdict: string;
  summary: string;
  /** The facts list beside the verdict as shown, one "name: value" line each. */
  facts: string[];
  /** The long run's verdict line as shown ('' without a long run). */
  longRun: string;
  /** The unit the long run's charts are drawn in. */
  lyapunovUnit: LyapunovUnit;
  /** Shown error, if the last run failed. */
  error: string;
  /** The charts on the page, in page order (gates and timescales only for an LSTM/GRU result). */
  charts: {
    id: PanelChartId;
    /** The title as shown (its text, scripts flattened). */
    title: string;
    /** Points per dataset as drawn. */
    datasets: { label: string; points: number }[];
    /** Rows in the chart's text alternative. */
    tableRows: number;
    /** The canvas size in CSS pixels. */
    width: number;
    height: number;
  }[];
  /** Jacobian values drawn at the axis floor because they are exactly 0 (log10 = −∞). */
  clampedPoints: number;
  /** The clamping note shown under chart 1 ('' if none). */
  clampNote: string;
  /** Pixels per unit on the eigenvalue chart's axes: equal when the aspect is equal. */
  eigenPixelsPerUnit: { x: number; y: number };
  /** body's theme class: vscode-light, vscode-dark, vscode-high-contrast(-light). */
  themeKind: string;
  /** The colour the Frobenius line is drawn in, as resolved from the theme. */
  lineColor: string;
  /** Content-Security-Policy violations the page saw (directive and blocked URI): should stay empty. */
  cspViolations: string[];
  /** The controls as shown: the layer picker's entries and the whole-stack toggle. */
  controls: {
    layerOptions: string[];
    /** 'hidden' for a file with one layer; 'disabled' where the stack cannot be analysed (bidirectional). */
    stack: 'hidden' | 'disabled' | 'enabled';
    stackChecked: boolean;
    /** The Long run toggle and its fields as shown (tolerance '' for none). */
    longRun: { checked: boolean; k: string; steps: string; warmup: string; every: string; tolerance: string };
  };
  /** The eigenvalue chart's spectrum: the one shown, and those its header offers (none for an RNN). */
  spectrum: { choice: string; choices: string[]; title: string };
  /** The timescale histogram's bins as drawn ([] without one). */
  timescaleBins: { label: string; count: number }[];
}

export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'rerun'; controls: PanelControls }
  | { type: 'chooseInputsFile'; controls: PanelControls }
  | { type: 'exportData'; format: 'csv-lags' | 'csv-eigenvalues' | 'csv-lyapunov' | 'json' }
  | { type: 'exportPng'; chart: PanelChartId; dataUrl: string }
  | Extract<ResponseMessage<PanelRequests>, { type: 'result' }>;
