// Chart colours from the VS Code theme's CSS variables, re-read whenever the theme changes.
import type { ThemeColors } from './themeColors';

export type { ThemeColors };

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
  return {
    foreground: v(['--vscode-editor-foreground', '--vscode-foreground'], '#cccccc', '#333333'),
    muted: v(['--vscode-descriptionForeground'], '#9d9d9d', '#717171'),
    grid: v(['--vscode-editorWidget-border', '--vscode-panel-border', '--vscode-widget-border'], '#454545', '#c8c8c8'),
    background: v(['--vscode-editor-background'], '#1e1e1e', '#ffffff'),
    frobenius: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    spectral: v(['--vscode-charts-purple'], '#b180d7', '#652d90'),
    pascanu: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    spectralRadius: v(['--vscode-charts-green'], '#89d185', '#388a34'),
    threshold: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    horizon: v(['--vscode-charts-yellow'], '#cca700', '#bf8803'),
    eigenvalue: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    largest: v(['--vscode-charts-red', '--vscode-errorForeground'], '#f14c4c', '#e51400'),
    circle: v(['--vscode-descriptionForeground'], '#9d9d9d', '#717171'),
    gammaCircle: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    bar: v(['--vscode-charts-blue'], '#3794ff', '#1a85ff'),
    cumulative: v(['--vscode-charts-orange'], '#d18616', '#d18616'),
    fontFamily: v(['--vscode-font-family'], 'sans-serif'),
  };
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
