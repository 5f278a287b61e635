// One config's text → its diagnostics, reading the weights it names: shared by `rnn-gradients check` and the editor.
import { buildContext, type ConfigContext } from './context';
import { diagnoseConfig } from './diagnostics';
import { loadWeightsReport, type MeasureWeights, type WeightsRequest } from './loadWeights';
import type { WeightsReport } from './weightsReport';
import type { ConfigDiagnostic } from './types';

export interface CheckTextOptions {
  threshold?: number;
  /** The size limit and memory budget the weights are read under. */
  limits?: WeightsRequest['limits'];
  measure?: MeasureWeights;
  /** Replaces loadWeightsReport, e.g. with a memoised one. */
  loadReport?: (request: WeightsRequest) => Promise<WeightsReport>;
}

export async function contextWithWeights(
  text: string,
  fileName: string,
  options: CheckTextOptions = {},
): Promise<ConfigContext> {
  const first = buildContext(text, fileName, { threshold: options.threshold });
  const written = first.config.weights?.value;
  if (written === undefined) return first;
  const weights = await (options.loadReport ?? loadWeightsReport)({
    configFile: fileName,
    written,
    seqLen: first.config.seqLen?.value,
    threshold: first.threshold,
    activation: first.config.activation?.value,
    tied: first.config.tied?.groups.map((g) => g.members.map((m) => m.value)),
    limits: options.limits,
    measure: options.measure,
  });
  return buildContext(text, fileName, { threshold: options.threshold, weights });
}

export async function checkConfigText(
  text: string,
  fileName: string,
  options: CheckTextOptions = {},
): Promise<ConfigDiagnostic[]> {
  return diagnoseConfig(await contextWithWeights(text, fileName, options));
}
