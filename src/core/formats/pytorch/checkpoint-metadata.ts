// What a checkpoint says about itself (epoch, step, learning rate, hyper-parameters) and where the model's own
// weights sit in it, read from the checkpoint tree by the names Lightning and common training loops use.
import type { CheckpointEntry, CheckpointMetadata, CheckpointNode } from './types';

/** The keys a checkpoint dict keeps the model's state_dict under, most specific first. */
export const WEIGHTS_KEYS = [
  'state_dict',
  'model_state_dict',
  'model',
  'net',
  'network',
  'module',
  'model_ema',
  'ema',
  'ema_state_dict',
  'weights',
  'params',
];
const HYPER_KEYS = ['hyper_parameters', 'hparams', 'args', 'config', 'cfg'];
const STEP_KEYS = ['global_step', 'step', 'iteration'];
const LR_KEYS = ['lr', 'learning_rate'];

function entriesOf(node: CheckpointNode | undefined): readonly CheckpointEntry[] {
  if (!node) return [];
  if (node.kind === 'dict') return node.entries;
  if (node.kind === 'object') {
    const state = node.state?.kind === 'dict' ? node.state.entries : [];
    return [...state, ...(node.entries ?? [])];
  }
  return [];
}

function child(node: CheckpointNode | undefined, key: string): CheckpointNode | undefined {
  if (node?.kind === 'list' || node?.kind === 'tuple') return node.items[Number(key)];
  return entriesOf(node).find((e) => e.key === key)?.node;
}

function at(node: CheckpointNode, path: string): CheckpointNode | undefined {
  let n: CheckpointNode | undefined = node;
  for (const key of path.split('.')) n = child(n, key);
  return n;
}

function finiteNumber(node: CheckpointNode | undefined): number | undefined {
  return node?.kind === 'value' && typeof node.value === 'number' && Number.isFinite(node.value)
    ? node.value
    : undefined;
}

function firstNumber(root: CheckpointNode, paths: readonly string[]): { value: number; path: string } | undefined {
  for (const path of paths) {
    const value = finiteNumber(at(root, path));
    if (value !== undefined) return { value, path };
  }
  return undefined;
}

export function checkpointMetadata(root: CheckpointNode): CheckpointMetadata {
  const epoch = firstNumber(root, ['epoch']);
  const step = firstNumber(root, STEP_KEYS);
  const hyperFrom = HYPER_KEYS.find((k) => {
    const n = child(root, k);
    return n?.kind === 'dict' || n?.kind === 'object';
  });
  const lrPaths = [
    ...LR_KEYS,
    ...(hyperFrom ? LR_KEYS.map((k) => `${hyperFrom}.${k}`) : []),
    'optimizer_states.0.param_groups.0.lr',
    'optimizer_state_dict.param_groups.0.lr',
    'optimizer.param_groups.0.lr',
    'lr_schedulers.0._last_lr.0',
    'scheduler._last_lr.0',
  ];
  const lr = firstNumber(root, lrPaths);
  const version = child(root, 'pytorch-lightning_version');
  return {
    ...(epoch ? { epoch: epoch.value } : {}),
    ...(step ? { globalStep: step.value } : {}),
    ...(lr ? { learningRate: lr.value, learningRateFrom: lr.path } : {}),
    ...(hyperFrom ? { hyperParameters: child(root, hyperFrom), hyperParametersFrom: hyperFrom } : {}),
    ...(version?.kind === 'value' && typeof version.value === 'string' ? { lightningVersion: version.value } : {}),
  };
}

/**
 * Where the model's weights are: '' when the root holds tensors itself or is a pickled module; else the
 * shallowest entry under one of WEIGHTS_KEYS (in that order) with tensors below it; else undefined.
 */
export function weightsPath(root: CheckpointNode, tensorNames: readonly string[]): string | undefined {
  if (root.kind === 'object' || root.kind === 'tensor') return '';
  if (entriesOf(root).some((e) => e.node.kind === 'tensor')) return '';
  const holdsTensors = (path: string): boolean => tensorNames.some((n) => n.startsWith(`${path}.`));
  let level: { path: string; node: CheckpointNode }[] = [{ path: '', node: root }];
  while (level.length > 0) {
    const next: { path: string; node: CheckpointNode }[] = [];
    for (const key of WEIGHTS_KEYS) {
      for (const { path, node } of level) {
        const found = child(node, key);
        const p = path ? `${path}.${key}` : key;
        if (found && (found.kind === 'dict' || found.kind === 'object') && holdsTensors(p)) return p;
      }
    }
    for (const { path, node } of level)
      for (const e of entriesOf(node)) next.push({ path: path ? `${path}.${e.key}` : e.key, node: e.node });
    level = next;
  }
  return undefined;
}
