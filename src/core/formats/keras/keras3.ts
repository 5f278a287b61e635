// Keras 3 `.keras` archives: a zip of config.json, metadata.json and model.weights.h5 (or model.weights.npz).
// Keras stores each layer's variables at layers/<snake_case class name>[_n]/…/vars/<index>, numbered by class in
// the order of the model's layers; those paths are matched to config.json's layers in the same order, so the
// tensors carry the user's layer names, in Keras 2 variable names (my_rnn/cell/recurrent_kernel) that the Keras
// naming in model/naming.ts recognises.
import { InputError } from '../../errors';
import type { Tensor, TensorFile } from '../../tensors';
import { Hdf5Reader, type Hdf5Node } from '../hdf5/hdf5';
import { MemoryBudget, maxBytesOf, type ReaderOptions } from '../limits';
import { readNpz } from '../npz';
import { listZipMembers, unpackZipMember, type ZipMember } from '../zip';
import { kerasMetadata, parseModelConfig, type KerasLayerConfig } from './config';

const CONFIG = 'config.json';
const WEIGHTS_H5 = 'model.weights.h5';
const WEIGHTS_NPZ = 'model.weights.npz';

/** What each variable index of a layer (or its cell) is, by class. */
const RECURRENT_VARS = ['kernel', 'recurrent_kernel', 'bias'];
const VARS_BY_CLASS = new Map<string, readonly string[]>([
  ['SimpleRNN', RECURRENT_VARS],
  ['LSTM', RECURRENT_VARS],
  ['GRU', RECURRENT_VARS],
  ['Dense', ['kernel', 'bias']],
]);

/** True for a zip whose directory holds a Keras 3 model (config.json and its weights). */
export function looksLikeKerasArchive(members: readonly ZipMember[]): boolean {
  const names = new Set(members.map((m) => m.name));
  return names.has(CONFIG) && (names.has(WEIGHTS_H5) || names.has(WEIGHTS_NPZ) || names.has('metadata.json'));
}

export function readKerasArchive(bytes: Uint8Array, file: string, opts: ReaderOptions = {}): TensorFile {
  const budget = opts.budget ?? new MemoryBudget();
  const members = listZipMembers(bytes, file, maxBytesOf(opts));
  const member = (name: string) => members.find((m) => m.name === name);
  const config = member(CONFIG);
  if (!config) throw new InputError(file, `entry '${CONFIG}'`, 'a .keras archive needs config.json');
  const layers = parseModelConfig(text(bytes, config, file, budget), file, `entry '${CONFIG}'`);
  const h5 = member(WEIGHTS_H5);
  const npz = member(WEIGHTS_NPZ);
  if (!h5 && !npz)
    throw new InputError(file, `entry '${WEIGHTS_H5}'`, 'the .keras archive holds no model.weights.h5 (nor .npz)');
  const saved = member('metadata.json');
  const version = saved ? kerasVersionOf(text(bytes, saved, file, budget)) : undefined;
  const metadata = kerasMetadata(layers, version ? { kerasVersion: version } : {});
  if (!h5) {
    const inner = readNpz(charged(bytes, npz!, file, budget), `${file} (entry '${WEIGHTS_NPZ}')`, { ...opts, budget });
    return { file, format: 'keras', tensors: inner.tensors, metadata };
  }
  const reader = new Hdf5Reader(charged(bytes, h5, file, budget), `${file} (entry '${WEIGHTS_H5}')`, budget);
  return { file, format: 'keras', tensors: tensorsOf(reader, layers), metadata };
}

function tensorsOf(h5: Hdf5Reader, layers: readonly KerasLayerConfig[]): Map<string, Tensor> {
  const tensors = new Map<string, Tensor>();
  const all = h5.group(h5.root, 'layers');
  if (!all) return tensors;
  const add = (node: Hdf5Node | undefined, prefix: string, names: readonly string[] | undefined) => {
    const vars = node && h5.group(node, 'vars');
    if (!vars) return;
    for (const key of h5.keys(vars)) {
      const index = /^\d+$/.test(key) ? Number(key) : -1;
      const part = names?.[index] ?? `vars/${key}`;
      const dataset = h5.floatDataset(vars, key);
      const name = `${prefix}/${part}`;
      if (dataset) tensors.set(name, { name, shape: dataset.shape, dtype: dataset.dtype, data: dataset.data });
    }
  };
  const matched = new Set<string>();
  const counts = new Map<string, number>();
  for (const layer of layers) {
    const base = snakeCase(layer.className);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    const key = n === 0 ? base : `${base}_${n}`;
    const node = h5.group(all, key);
    if (!node) continue;
    matched.add(key);
    if (layer.className === 'Bidirectional') {
      const innerName = layer.inner?.name ?? 'layer';
      const names = VARS_BY_CLASS.get(layer.inner?.className ?? 'SimpleRNN');
      for (const side of ['forward', 'backward']) {
        const copy = h5.group(node, `${side}_layer`);
        add(copy && h5.group(copy, 'cell'), `${layer.name}/${side}_${innerName}/cell`, names);
      }
    } else {
      const names = VARS_BY_CLASS.get(layer.className);
      const cell = h5.group(node, 'cell');
      if (cell) add(cell, `${layer.name}/cell`, names);
      else add(node, layer.name, names);
    }
  }
  // Layers config.json does not name (a custom model): their variables keep the paths Keras gave them.
  for (const key of h5.keys(all)) {
    if (matched.has(key)) continue;
    const node = h5.group(all, key);
    const cell = node && h5.group(node, 'cell');
    if (cell) add(cell, `layers/${key}/cell`, RECURRENT_VARS);
    else add(node, `layers/${key}`, undefined);
  }
  return tensors;
}

/** Keras' snake_case of a class name: SimpleRNN → simple_rnn, Bidirectional → bidirectional. */
export function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function charged(bytes: Uint8Array, member: ZipMember, file: string, budget: MemoryBudget): Uint8Array {
  if (member.method !== 0) budget.charge(member.size, file, `entry '${member.name}'`, 'inflating the entry');
  return unpackZipMember(bytes, member, file);
}

function text(bytes: Uint8Array, member: ZipMember, file: string, budget: MemoryBudget): string {
  const data = charged(bytes, member, file, budget);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new InputError(file, `entry '${member.name}'`, 'is not UTF-8 text');
  }
}

/** metadata.json's keras_version, read as data; a metadata.json that is not JSON is no reason to refuse the weights. */
function kerasVersionOf(json: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || !Object.hasOwn(parsed, 'keras_version')) return undefined;
    const version = (parsed as Record<string, unknown>).keras_version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
