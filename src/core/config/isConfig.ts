// Whether a file handed to the config check is a training config at all, so a README or a weights file in the
// same folder is skipped once, with the reason, instead of being reported as a config full of mistakes.
import { isInputError } from '../errors';
import { readJsonWeights } from '../formats/json';
import { listLayers } from '../model/recognize';
import type { LayerInfo } from '../rnn/model';
import { CLOSED_OBJECTS } from './keys';
import { configFormatOf, parseConfigSource } from './parse';

export type ConfigCandidate = { readonly isConfig: true } | { readonly isConfig: false; readonly reason: string };

const CONFIG_EXTENSION = /\.(json|jsonc|ya?ml)$/i;
/** The naming convention that declares a file a config, whatever it holds. */
const CONFIG_NAME = /\.rnn\.(json|jsonc|ya?ml)$/i;
const TOP_LEVEL_KEYS = CLOSED_OBJECTS[''].filter((k) => k !== '$schema');

/**
 * A config is named *.rnn.json(c)/*.rnn.y(a)ml, or is JSON/YAML whose top level has a config key (model, data,
 * train, weights, tied) and no recurrent weights: saved weights may carry `tied` too, but configs hold no tensors.
 */
export function configCandidate(fileName: string, text: string): ConfigCandidate {
  if (CONFIG_NAME.test(fileName)) return { isConfig: true };
  const byName = notConfigByName(fileName);
  if (byName) return { isConfig: false, reason: byName };
  if (configFormatOf(fileName) !== 'yaml') {
    const layer = firstRecurrentLayer(fileName, text);
    if (layer) {
      const cell = layer.cell.toUpperCase();
      return {
        isConfig: false,
        reason: `a weights file (${cell}, hidden size ${layer.hiddenSize}), not a config; \`rnn-gradients analyze\` reads it`,
      };
    }
  }
  const { root, syntaxProblems } = parseConfigSource(text, fileName);
  if (root?.kind === 'object' && root.entries.some((e) => TOP_LEVEL_KEYS.includes(e.key))) return { isConfig: true };
  const format = configFormatOf(fileName) === 'yaml' ? 'YAML' : 'JSON';
  if (syntaxProblems.length > 0 && root?.kind !== 'object')
    return { isConfig: false, reason: `not valid ${format}, and not named *.rnn.*` };
  return { isConfig: false, reason: `no config keys (${TOP_LEVEL_KEYS.join(', ')}) at the top level` };
}

/** Why the name alone rules the file out (so a large binary file need not be read), or undefined. */
export function notConfigByName(fileName: string): string | undefined {
  return CONFIG_EXTENSION.test(fileName) ? undefined : 'not a JSON or YAML file';
}

function firstRecurrentLayer(fileName: string, text: string): LayerInfo | undefined {
  try {
    return listLayers(readJsonWeights(text, fileName))[0];
  } catch (e) {
    if (isInputError(e)) return undefined;
    throw e;
  }
}
