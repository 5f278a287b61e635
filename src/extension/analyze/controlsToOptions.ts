// The panel's controls → the core's AnalysisOptions, and the controls a new panel starts with.
import { DEFAULT_STEPS, type AnalysisOptions } from '../../core/analysis/types';
import type { PanelControls } from '../../protocol';

export function defaultControls(): PanelControls {
  return {
    steps: DEFAULT_STEPS,
    lags: DEFAULT_STEPS,
    inputs: 'random',
    seed: 0,
    activation: 'auto',
    layer: 0,
    direction: 'forward',
    stack: false,
  };
}

export function controlsToOptions(controls: PanelControls, threshold: number): AnalysisOptions {
  const inputs: AnalysisOptions['inputs'] =
    controls.inputs === 'file' && controls.inputsFile
      ? { kind: 'file', file: controls.inputsFile }
      : controls.inputs === 'zeros'
        ? { kind: 'zeros', steps: controls.steps }
        : { kind: 'random', seed: controls.seed, steps: controls.steps };
  return {
    inputs,
    lags: Math.min(controls.lags, controls.steps),
    activation: controls.activation === 'auto' ? undefined : controls.activation,
    layer: controls.layer,
    direction: controls.direction,
    threshold,
    ...(controls.stack ? { stack: true } : {}),
  };
}
