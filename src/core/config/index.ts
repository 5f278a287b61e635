// The config features' public API, used by the CLI's `check` and by the editor adapters.
export { buildContext, type ConfigContext, type ContextOptions } from './context';
export { diagnoseConfig } from './diagnostics';
export { hoverAt, type ConfigHover, type HoverOptions } from './hover';
export { configFormatOf, parseConfigSource, type ConfigFormat } from './parse';
export {
  DEFAULT_THRESHOLD,
  predictGradients,
  predictInit,
  type GradientPrediction,
  type InitPrediction,
  type InitSpec,
} from './predict';
export { LineIndex, type LineCol } from './lines';
export { applyTextEdits } from './edits/editor';
export type { ConfigDiagnostic, DiagnosticCode, QuickFix, Severity, TextEdit } from './types';
export type { TextRange } from './source';
export type { WeightsReport, WeightsOk, WeightsFailed, TiedCheck } from './weightsReport';
