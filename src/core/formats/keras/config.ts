// A Keras model config (the HDF5 model_config attribute, a .keras archive's config.json) read as data: the
// layers' class names, names, SimpleRNN activations and LSTM/GRU settings, in order. Parsed JSON is read through own keys only.
import { InputError } from '../../errors';

export interface KerasLayerConfig {
  readonly className: string;
  readonly name: string;
  /** A SimpleRNN's activation (or that of the SimpleRNN a Bidirectional wraps). */
  readonly activation?: string;
  /** What a Bidirectional wraps. */
  readonly inner?: KerasLayerConfig;
  /** An LSTM's or GRU's settings (or those of the one a Bidirectional wraps). */
  readonly gated?: KerasGatedSettings;
}

/** What a config says about an LSTM or GRU layer, each as stored (absent when the config leaves it out). */
export interface KerasGatedSettings {
  readonly activation?: string;
  readonly recurrentActivation?: string;
  readonly resetAfter?: boolean;
}

/** Metadata key of the gated layers' settings: one entry per LSTM/GRU layer, named as the layer. */
export const KERAS_GATED_KEY = 'kerasGatedLayers';

export interface KerasGatedLayer extends KerasGatedSettings {
  /** The layer's name: the first segment of its variables' names. */
  readonly name: string;
  readonly className: string;
}

/** How deep layers may nest (a Sequential in a Functional in …) before the config is refused. */
const MAX_NESTING = 32;

export function parseModelConfig(text: string, file: string, where: string): KerasLayerConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, where, `the model config is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const layers: KerasLayerConfig[] = [];
  collectLayers(parsed, layers, 0, file, where);
  return layers;
}

function collectLayers(model: unknown, out: KerasLayerConfig[], depth: number, file: string, where: string): void {
  if (depth > MAX_NESTING) throw new InputError(file, where, `models nest deeper than ${MAX_NESTING} levels`);
  const list = own(own(model, 'config'), 'layers');
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    const layer = layerOf(entry);
    if (!layer) continue;
    if (Array.isArray(own(own(entry, 'config'), 'layers'))) collectLayers(entry, out, depth + 1, file, where);
    else out.push(layer);
  }
}

function layerOf(entry: unknown): KerasLayerConfig | undefined {
  const className = own(entry, 'class_name');
  const config = own(entry, 'config');
  const name = own(config, 'name') ?? own(entry, 'name');
  if (typeof className !== 'string' || typeof name !== 'string') return undefined;
  const activation = own(config, 'activation');
  const inner = className === 'Bidirectional' ? layerOf(own(config, 'layer')) : undefined;
  const gated = className === 'LSTM' || className === 'GRU' ? gatedSettings(config) : inner?.gated;
  return {
    className,
    name,
    ...(className === 'SimpleRNN' && typeof activation === 'string' ? { activation } : {}),
    ...(inner ? { inner, ...(inner.activation ? { activation: inner.activation } : {}) } : {}),
    ...(gated ? { gated } : {}),
  };
}

function gatedSettings(config: unknown): KerasGatedSettings {
  const activation = settingText(own(config, 'activation'));
  const recurrentActivation = settingText(own(config, 'recurrent_activation'));
  const resetAfter = own(config, 'reset_after');
  return {
    ...(activation !== undefined ? { activation } : {}),
    ...(recurrentActivation !== undefined ? { recurrentActivation } : {}),
    ...(typeof resetAfter === 'boolean' ? { resetAfter } : {}),
  };
}

/** An activation as the config writes it; a serialized object (a custom activation) as its JSON, so it is refused, never taken for the default. */
function settingText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function own(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The activation the file states for its SimpleRNN layers, when they all agree on one. */
export function sharedActivation(layers: readonly KerasLayerConfig[]): string | undefined {
  const stated = new Set(layers.filter((l) => l.activation !== undefined).map((l) => l.activation));
  return stated.size === 1 ? [...stated][0] : undefined;
}

/** Metadata a Keras reader gives recognition: the activation when stated, the layers in order, the gated layers' settings. */
export function kerasMetadata(
  layers: readonly KerasLayerConfig[],
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...extra };
  const activation = sharedActivation(layers);
  if (activation !== undefined) metadata.activation = activation;
  if (layers.length > 0) metadata.kerasLayers = layers.map((l) => `${l.name} (${l.className})`);
  const gated: KerasGatedLayer[] = layers.flatMap((l) =>
    l.gated ? [{ name: l.name, className: l.inner?.className ?? l.className, ...l.gated }] : [],
  );
  if (gated.length > 0) metadata[KERAS_GATED_KEY] = gated;
  return metadata;
}
