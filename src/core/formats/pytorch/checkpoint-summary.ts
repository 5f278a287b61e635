// What a checkpoint says about itself, as plain JSON for the CLI's `model.checkpoint` and the views: epoch, step,
// learning rate, hyper-parameters, where the weights sat, and the globals read as placeholders. Keys come from the
// file, so objects are built with Object.fromEntries (own data properties: a "__proto__" key stays a name).
import type { CheckpointMetadata, CheckpointNode, Placeholder, TorchCheckpoint } from './types';

export interface CheckpointSummary {
  readonly serialization: TorchCheckpoint['serialization'];
  readonly epoch?: number;
  readonly globalStep?: number;
  readonly learningRate?: number;
  /** Where the learning rate was read (`optimizer_states.0.param_groups.0.lr`). */
  readonly learningRateFrom?: string;
  /** As plain JSON: dicts (and a dict subclass's or an object's entries) as objects, lists as arrays, other Python
   * objects as `{ "class": "module.qualname" }`. */
  readonly hyperParameters?: unknown;
  readonly lightningVersion?: string;
  /** The dotted path of the state_dict inside the checkpoint ('' for a bare state_dict). */
  readonly weightsPath?: string;
  /** Globals that were not allowed, kept as names: nothing of them ran. */
  readonly placeholders: readonly Placeholder[];
}

/** Beyond these a value is summarised, not copied: hyper-parameters are for people to read. */
const MAX_DEPTH = 8;
const MAX_ITEMS = 200;

export function checkpointSummary(checkpoint: TorchCheckpoint): CheckpointSummary {
  const m: CheckpointMetadata = checkpoint.metadata;
  return {
    serialization: checkpoint.serialization,
    ...(m.epoch !== undefined ? { epoch: m.epoch } : {}),
    ...(m.globalStep !== undefined ? { globalStep: m.globalStep } : {}),
    ...(m.learningRate !== undefined ? { learningRate: m.learningRate, learningRateFrom: m.learningRateFrom } : {}),
    ...(m.hyperParameters !== undefined ? { hyperParameters: plainNode(m.hyperParameters, 0) } : {}),
    ...(m.lightningVersion !== undefined ? { lightningVersion: m.lightningVersion } : {}),
    ...(checkpoint.weightsPath !== undefined ? { weightsPath: checkpoint.weightsPath } : {}),
    placeholders: checkpoint.placeholders.slice(0, MAX_ITEMS),
  };
}

/** A checkpoint node as JSON a person can read. */
export function plainNode(node: CheckpointNode, depth: number): unknown {
  if (depth > MAX_DEPTH) return '…';
  switch (node.kind) {
    case 'value':
    case 'int':
      return node.value;
    case 'tensor':
      return `tensor ${node.name}`;
    case 'dict':
      return Object.fromEntries(node.entries.slice(0, MAX_ITEMS).map((e) => [e.key, plainNode(e.node, depth + 1)]));
    case 'list':
    case 'tuple':
    case 'set':
      return node.items.slice(0, MAX_ITEMS).map((item) => plainNode(item, depth + 1));
    case 'object': {
      // A dict subclass (Lightning's AttributeDict) or an object whose attributes are a dict: its entries, as a
      // dict's (its class is among the placeholders); any other object by its class.
      const entries = [...(node.state?.kind === 'dict' ? node.state.entries : []), ...(node.entries ?? [])];
      if (!entries.length) return { class: node.className };
      return Object.fromEntries(entries.slice(0, MAX_ITEMS).map((e) => [e.key, plainNode(e.node, depth + 1)]));
    }
    case 'global':
      return node.name;
    case 'bytes':
      return `${node.length} bytes`;
    case 'other':
      return node.text;
    case 'seen':
      return `same as ${node.path || 'the root'}`;
  }
}
