// The colours every chart is drawn with (theme.ts reads them from the VS Code theme). Types only, no DOM,
// so the charts' pure helpers also compile, and are tested, on the host side.

export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  frobenius: string;
  spectral: string;
  pascanu: string;
  spectralRadius: string;
  threshold: string;
  horizon: string;
  eigenvalue: string;
  largest: string;
  circle: string;
  gammaCircle: string;
  bar: string;
  cumulative: string;
  /** LSTM/GRU and stacks: the hidden and cell paths, the whole stack, top to bottom. */
  hiddenPath: string;
  cellPath: string;
  stackPath: string;
  topToBottom: string;
  /** The gates chart and the timescale histogram. */
  gateMean: string;
  saturatedLow: string;
  saturatedHigh: string;
  histogram: string;
  /** The long run: the exponents (positive ones apart), the zero line, the running λ₁ and its band. */
  exponent: string;
  positiveExponent: string;
  zeroLine: string;
  runningLambda1: string;
  fontFamily: string;
}
