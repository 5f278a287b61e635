// Chart colours from the VS Code theme's CSS variables, re-read whenever the theme changes. Every series colour
// keeps a contrast of at least 3:1 on the editor background (WCAG 2 for graphics), nudged towards the
// foreground when a theme's chart colour is fainter than that.
import { readableOn } from './color';
import type { ThemeColors } from './themeColors';

export type { ThemeColors };

/** The least contrast a series keeps on the editor background. */
export const SERIES_CONTRAST = 3;

const SERIES: readonly (keyof ThemeColors)[] = [
  'frobenius',
  'spectral',
  'pascanu',
  'spectralRadius',
  'threshold',
  'horizon',
  'eigenvalue',
  'largest',
  'circle',
  'gammaCircle',
  'bar',
  'cumulative',
  'hiddenPath',
  'cellPath',
  'stackPath',
  'topToBottom',
  'gateMean',
  'saturatedLow',
  'saturatedHigh',
  'histogram',
  'exponent',
  'positiveExponent',
  'zeroLine',
  'runningLambda1',
];

function cssVar(style: CSSStyleDeclaration, names: string[], fallback: string): string {
  for (const name of names) {
    const value = style.getPropertyValue(name).trim();
    if (value) return value;
  }
  return fallback;
}

export function themeKind(): string {
  const classes = document.body.classList;
  for (const kind of ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-dark', 'vscode-light']) {
    if (classes.contains(kind)) return kind;
  }
  return 'vscode-dark';
}

export function readThemeColors(): ThemeColors {
  const style = getComputedStyle(document.body);
  const light = themeKind() === 'vscode-light' || themeKind() === 'vscode-high-contrast-light';
  const v = (names: string[], dark: string, lightFallback = dark) => cssVar(style, names, light ? lightFallback : dark);
  const colors: ThemeColors = {
    foreground: v(['--vscode-editor-foreground', '--vscode-foreground'], '#cccccc', '#333333'),
    muted: v(['--vscode-descriptionForeground'], '#9d9d9d', '#717171'),
    grid: v(['--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border'], '#454545', '#c8c8c8'),
    background: v(['--vscode-editor-background'], '#1e1e1e', '#ffffff'),
    frobenius: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    // The verdict's line: a bright core on the wide Frobenius band it often coincides with.
    spectral: v(['--vscode-charts-yellow'], '#cca700', '#bf8803'),
    pascanu: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    spectralRadius: v(['--vscode-charts-green'], '#89d185', '#388a34'),
    threshold: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    horizon: v(['--vscode-charts-purple'], '#b180d7', '#652d90'),
    eigenvalue: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    largest: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    circle: v(['--vscode-descriptionForeground'], '#9d9d9d', '#717171'),
    gammaCircle: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    bar: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    cumulative: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    // The six chart colours are taken by the RNN's series: the paths use the terminal's magenta and cyan.
    hiddenPath: v(['--vscode-terminal-ansiMagenta'], '#bc3fbc', '#bc05bc'),
    cellPath: v(['--vscode-terminal-ansiCyan'], '#11a8cd', '#0598bc'),
    stackPath: v(['--vscode-charts-purple'], '#b180d7', '#652d90'),
    topToBottom: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    gateMean: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    saturatedLow: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    saturatedHigh: v(['--vscode-charts-purple'], '#b180d7', '#652d90'),
    histogram: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    exponent: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    positiveExponent: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    zeroLine: v(['--vscode-descriptionForeground'], '#9d9d9d', '#717171'),
    runningLambda1: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    fontFamily: v(['--vscode-font-family'], 'sans-serif'),
  };
  for (const key of SERIES)
    colors[key] = readableOn(colors[key], colors.background, colors.foreground, SERIES_CONTRAST);
  return colors;
}

/** Calls `onChange` when VS Code switches theme: it rewrites the body's class and CSS variables. */
export function watchTheme(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
