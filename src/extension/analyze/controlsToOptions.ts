// The panel's controls → the core's AnalysisOptions, and the controls a new panel starts with.
import { DEFAULT_STEPS, type AnalysisOptions } from '../../core/analysis/types';
import {
  DEFAULT_LYAPUNOV_STEPS,
  DEFAULT_REORTHONORMALIZE_EVERY,
  DEFAULT_WARMUP,
} from '../../core/rnn/lyapunov/settings';
import type { LongRunControls, PanelControls } from '../../protocol';

/** The long run as a new panel offers it: off, with the core's defaults (k: the state size, up to 64). */
export function defaultLongRun(): LongRunControls {
  return {
    enabled: false,
    steps: DEFAULT_LYAPUNOV_STEPS,
    warmup: DEFAULT_WARMUP,
    every: DEFAULT_REORTHONORMALIZE_EVERY,
  };
}

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
    longRun: defaultLongRun(),
  };
}

export function controlsToOptions(controls: PanelControls, threshold: number): AnalysisOptions {
  const inputs: AnalysisOptions['inputs'] =
    controls.inputs === 'file' && controls.inputsFile
      ? { kind: 'file', file: controls.inputsFile }
      : controls.inputs === 'zeros'
        ? { kind: 'zeros', steps: controls.steps }
        : { kind: 'random', seed: controls.seed, steps: controls.steps };
  const longRun = controls.longRun;
  return {
    inputs,
    lags: Math.min(controls.lags, controls.steps),
    activation: controls.activation === 'auto' ? undefined : controls.activation,
    layer: controls.layer,
    direction: controls.direction,
    threshold,
    ...(controls.stack ? { stack: true } : {}),
    ...(longRun?.enabled
      ? {
          lyapunov: {
            ...(longRun.k !== undefined ? { k: longRun.k } : {}),
            steps: longRun.steps,
            warmup: longRun.warmup,
            every: longRun.every,
            ...(longRun.tolerance !== undefined ? { tolerance: longRun.tolerance } : {}),
          },
        }
      : {}),
  };
}
