// Checks every message and saved state that comes from the panel's webview before the host uses it:
// the webview runs untrusted-by-default code and its state survives reloads.
import { isWithinBound } from '../../core/bounds';
import { isActivationName } from '../../core/rnn/activations';
import { toleranceProblem } from '../../core/rnn/lyapunov/settings';
import {
  PANEL_CHART_IDS,
  type LongRunControls,
  type PanelChartId,
  type PanelControls,
  type PanelReport,
  type PanelState,
  type WebviewToHostMessage,
} from '../../protocol';

/** A PNG of a chart is a few hundred kB; refuse anything absurd. */
export const MAX_PNG_DATA_URL_LENGTH = 20 * 1024 * 1024;
const MAX_PATH_LENGTH = 4096;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntegerIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isString = (v: unknown, maxLength = MAX_PATH_LENGTH): v is string =>
  typeof v === 'string' && v.length <= maxLength;

const isStringList = (v: unknown, maxItems: number, maxLength: number): v is string[] =>
  Array.isArray(v) && v.length <= maxItems && v.every((x) => isString(x, maxLength));

export function parseControls(v: unknown): PanelControls | undefined {
  if (!isObject(v)) return undefined;
  const { steps, lags, inputs, seed, inputsFile, activation, layer, direction, stack, longRun } = v;
  if (!isWithinBound(steps, 'steps')) return undefined;
  if (!isWithinBound(lags, 'lags')) return undefined;
  if (inputs !== 'random' && inputs !== 'zeros' && inputs !== 'file') return undefined;
  if (!isWithinBound(seed, 'seed')) return undefined;
  if (inputsFile !== undefined && !(isString(inputsFile) && inputsFile.length > 0)) return undefined;
  if (inputs === 'file' && inputsFile === undefined) return undefined;
  if (activation !== 'auto' && !isActivationName(activation)) return undefined;
  if (!isWithinBound(layer, 'layer')) return undefined;
  if (direction !== 'forward' && direction !== 'reverse') return undefined;
  // A state saved before the toggle existed has no `stack`: it means the one layer, as it did then.
  if (stack !== undefined && typeof stack !== 'boolean') return undefined;
  // A state saved before the long run existed has none: the long run is off, as it was then.
  const parsedLongRun = longRun === undefined ? undefined : parseLongRun(longRun);
  if (longRun !== undefined && !parsedLongRun) return undefined;
  return {
    steps,
    lags: Math.min(lags, steps),
    inputs,
    seed,
    inputsFile,
    activation,
    layer,
    direction,
    stack: stack === true,
    ...(parsedLongRun ? { longRun: parsedLongRun } : {}),
  };
}

/** The long run's settings within the core's bounds; k against the state size is the core's check, once the
 *  model is known (its message reaches the panel as the analysis's error). */
function parseLongRun(v: unknown): LongRunControls | undefined {
  if (!isObject(v)) return undefined;
  const { enabled, k, steps, warmup, every, tolerance } = v;
  if (typeof enabled !== 'boolean') return undefined;
  if (k !== undefined && !isWithinBound(k, 'lyapunovK')) return undefined;
  if (!isWithinBound(steps, 'lyapunovSteps')) return undefined;
  if (!isWithinBound(warmup, 'warmup')) return undefined;
  if (!isWithinBound(every, 'reorthonormalizeEvery')) return undefined;
  if (tolerance !== undefined && (typeof tolerance !== 'number' || toleranceProblem(tolerance))) return undefined;
  return {
    enabled,
    ...(k !== undefined ? { k } : {}),
    steps,
    warmup,
    every,
    ...(tolerance !== undefined ? { tolerance } : {}),
  };
}

export function parsePanelState(v: unknown): PanelState | undefined {
  if (!isObject(v) || !isString(v.file) || v.file.length === 0) return undefined;
  const controls = parseControls(v.controls);
  return controls ? { file: v.file, controls } : undefined;
}

function isChartId(v: unknown): v is PanelChartId {
  return typeof v === 'string' && (PANEL_CHART_IDS as readonly string[]).includes(v);
}

/** The PNG bytes of a `data:image/png;base64,…` URL, or undefined if it is anything else. */
export function decodePngDataUrl(dataUrl: string): Uint8Array | undefined {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix) || dataUrl.length > MAX_PNG_DATA_URL_LENGTH) return undefined;
  const base64 = dataUrl.slice(prefix.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < signature.length || signature.some((b, i) => bytes[i] !== b)) return undefined;
  return new Uint8Array(bytes);
}

function parseReport(v: unknown): PanelReport | undefined {
  if (!isObject(v)) return undefined;
  const strings = ['file', 'verdict', 'summary', 'longRun', 'error', 'clampNote', 'themeKind', 'lineColor'] as const;
  if (!strings.every((k) => isString(v[k], 100_000))) return undefined;
  if (v.lyapunovUnit !== 'ln' && v.lyapunovUnit !== 'log10') return undefined;
  if (typeof v.clampedPoints !== 'number' || !isObject(v.eigenPixelsPerUnit) || !Array.isArray(v.charts))
    return undefined;
  const violations = v.cspViolations;
  if (!Array.isArray(violations) || !violations.every((x) => isString(x, 10_000))) return undefined;
  const facts = v.facts;
  if (!Array.isArray(facts) || facts.length > 100 || !facts.every((x) => isString(x, 10_000))) return undefined;
  const ppu = v.eigenPixelsPerUnit;
  if (typeof ppu.x !== 'number' || typeof ppu.y !== 'number') return undefined;
  const charts: PanelReport['charts'] = [];
  for (const c of v.charts as unknown[]) {
    if (!isObject(c) || !isChartId(c.id) || !Array.isArray(c.datasets)) return undefined;
    if (typeof c.tableRows !== 'number' || typeof c.width !== 'number' || typeof c.height !== 'number')
      return undefined;
    if (!isString(c.title, 10_000)) return undefined;
    const datasets: { label: string; points: number }[] = [];
    for (const d of c.datasets as unknown[]) {
      if (!isObject(d) || !isString(d.label, 1000) || typeof d.points !== 'number') return undefined;
      datasets.push({ label: d.label, points: d.points });
    }
    charts.push({ id: c.id, title: c.title, datasets, tableRows: c.tableRows, width: c.width, height: c.height });
  }
  const controls = v.controls;
  if (!isObject(controls) || !isStringList(controls.layerOptions, 10_000, 1000)) return undefined;
  if (controls.stack !== 'hidden' && controls.stack !== 'disabled' && controls.stack !== 'enabled') return undefined;
  if (typeof controls.stackChecked !== 'boolean') return undefined;
  const longRun = controls.longRun;
  if (!isObject(longRun) || typeof longRun.checked !== 'boolean') return undefined;
  const fields = ['k', 'steps', 'warmup', 'every', 'tolerance'] as const;
  if (fields.some((name) => !isString(longRun[name], 100))) return undefined;
  const spectrum = v.spectrum;
  if (!isObject(spectrum) || !isString(spectrum.choice, 100) || !isString(spectrum.title, 10_000)) return undefined;
  if (!isStringList(spectrum.choices, 100, 100)) return undefined;
  if (!Array.isArray(v.timescaleBins) || v.timescaleBins.length > 100) return undefined;
  const timescaleBins: PanelReport['timescaleBins'] = [];
  for (const b of v.timescaleBins as unknown[]) {
    if (!isObject(b) || !isString(b.label, 100) || typeof b.count !== 'number') return undefined;
    timescaleBins.push({ label: b.label, count: b.count });
  }
  return {
    file: v.file as string,
    verdict: v.verdict as string,
    summary: v.summary as string,
    facts: facts as string[],
    longRun: v.longRun as string,
    lyapunovUnit: v.lyapunovUnit,
    error: v.error as string,
    charts,
    clampedPoints: v.clampedPoints,
    clampNote: v.clampNote as string,
    eigenPixelsPerUnit: { x: ppu.x, y: ppu.y },
    themeKind: v.themeKind as string,
    lineColor: v.lineColor as string,
    cspViolations: violations as string[],
    controls: {
      layerOptions: controls.layerOptions,
      stack: controls.stack,
      stackChecked: controls.stackChecked,
      longRun: {
        checked: longRun.checked,
        k: longRun.k as string,
        steps: longRun.steps as string,
        warmup: longRun.warmup as string,
        every: longRun.every as string,
        tolerance: longRun.tolerance as string,
      },
    },
    spectrum: { choice: spectrum.choice, choices: spectrum.choices, title: spectrum.title },
    timescaleBins,
  };
}

/** The message if it is one the panel may send, else undefined (and the host ignores it). */
export function parseWebviewMessage(v: unknown): WebviewToHostMessage | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rerun':
    case 'chooseInputsFile': {
      const controls = parseControls(v.controls);
      return controls ? { type: v.type, controls } : undefined;
    }
    case 'exportData':
      return v.format === 'csv-lags' ||
        v.format === 'csv-eigenvalues' ||
        v.format === 'csv-lyapunov' ||
        v.format === 'json'
        ? { type: 'exportData', format: v.format }
        : undefined;
    case 'exportPng':
      return isChartId(v.chart) && typeof v.dataUrl === 'string' && v.dataUrl.length <= MAX_PNG_DATA_URL_LENGTH
        ? { type: 'exportPng', chart: v.chart, dataUrl: v.dataUrl }
        : undefined;
    case 'result': {
      // The page's answer to a report request (the only request the host makes of it).
      const report = parseReport(v.result);
      return report && isIntegerIn(v.id, 0, Number.MAX_SAFE_INTEGER)
        ? { type: 'result', id: v.id, result: report }
        : undefined;
    }
    default:
      return undefined;
  }
}
