// A file's non-tensor entries as a person reads them in the inspector: one short line beside the format, and, for a
// PyTorch checkpoint, lines saying what the checkpoint says about itself, what was kept as data and never run,
// and which tensors are only listed. Pure words: the host sends them, the page draws them.
import { KERAS_GATED_KEY, type KerasGatedLayer } from '../formats/keras/config';
import type { OnnxSummary } from '../formats/onnx';
import type { CheckpointSummary } from '../formats/pytorch/checkpoint-summary';
import { fmt, fmtCount } from '../format-number';

export interface MetadataText {
  /** Short, for the line beside the format and the tensor count ('' when there is nothing to say). */
  readonly summary: string;
  /** Lines under it. */
  readonly details: readonly string[];
}

const MAX_LISTED = 20;

interface ListedTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

export function metadataText(format: string, metadata: Readonly<Record<string, unknown>>): MetadataText {
  if (format.startsWith('pytorch-')) return checkpointText(metadata);
  if (format === 'onnx') return onnxText(own(metadata, 'onnx') as OnnxSummary | undefined);
  const summary = Object.entries(metadata)
    .filter(([k]) => k !== KERAS_GATED_KEY)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return { summary, details: kerasGatedLines(own(metadata, KERAS_GATED_KEY)) };
}

/** A Keras config's LSTM/GRU settings, one line per layer: "Layer gru: GRU, activation tanh, …, reset_after True." */
function kerasGatedLines(gated: unknown): string[] {
  if (!Array.isArray(gated)) return [];
  return (gated as KerasGatedLayer[]).slice(0, MAX_LISTED).map((l) => {
    const settings = [
      l.activation !== undefined && `activation ${l.activation}`,
      l.recurrentActivation !== undefined && `recurrent_activation ${l.recurrentActivation}`,
      l.resetAfter !== undefined && `reset_after ${l.resetAfter ? 'True' : 'False'}`,
    ].filter((part): part is string => !!part);
    return `Layer ${l.name}: ${l.className}${settings.length ? `, ${settings.join(', ')}` : ''}.`;
  });
}

function own(metadata: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(metadata, key) ? metadata[key] : undefined;
}

/** An ONNX model's producer and opset, and one line per recurrent node with its attributes. */
function onnxText(onnx: OnnxSummary | undefined): MetadataText {
  if (!onnx) return { summary: '', details: [] };
  const summary = [onnx.producer && `by ${onnx.producer}`, onnx.opset !== undefined && `opset ${onnx.opset}`]
    .filter((part): part is string => !!part)
    .join(', ');
  const details = onnx.layers.slice(0, MAX_LISTED).map((l) => {
    const activations = l.activations.length ? `, activations ${l.activations.join(', ')}` : '';
    const gated = [
      l.clip !== undefined && `clip ${fmt(l.clip)}`,
      l.inputForget !== undefined && `input_forget ${l.inputForget}`,
      l.linearBeforeReset !== undefined && `linear_before_reset ${l.linearBeforeReset}`,
    ].filter((part): part is string => !!part);
    const attributes = `${activations}${gated.length ? `, ${gated.join(', ')}` : ''}`;
    return `Layer ${l.layer}: ${l.opType} node "${l.node}", ${l.direction}, hidden size ${fmtCount(l.hiddenSize)}${attributes}.`;
  });
  if (onnx.layers.length > MAX_LISTED) details.push(`And ${fmtCount(onnx.layers.length - MAX_LISTED)} more nodes.`);
  return { summary, details };
}

function checkpointText(metadata: Readonly<Record<string, unknown>>): MetadataText {
  const checkpoint = own(metadata, 'checkpoint') as CheckpointSummary | undefined;
  const listed = (own(metadata, 'listedOnly') as readonly ListedTensor[] | undefined) ?? [];
  const notes = (own(metadata, 'notes') as readonly string[] | undefined) ?? [];
  const details: string[] = [];
  const facts: string[] = [];
  if (checkpoint?.epoch !== undefined) facts.push(`epoch ${fmtCount(checkpoint.epoch)}`);
  if (checkpoint?.globalStep !== undefined) facts.push(`global step ${fmtCount(checkpoint.globalStep)}`);
  if (checkpoint?.learningRate !== undefined) {
    const from = checkpoint.learningRateFrom ? ` (${checkpoint.learningRateFrom})` : '';
    facts.push(`learning rate ${fmt(checkpoint.learningRate)}${from}`);
  }
  if (checkpoint?.lightningVersion) facts.push(`Lightning ${checkpoint.lightningVersion}`);
  if (checkpoint?.weightsPath) facts.push(`weights under ${checkpoint.weightsPath}`);
  if (facts.length) details.push(`Checkpoint: ${facts.join(' · ')}.`);
  const hyper = checkpoint?.hyperParameters;
  if (hyper !== undefined) details.push(`Hyper-parameters: ${hyperText(hyper)}.`);
  const placeholders = checkpoint?.placeholders ?? [];
  if (placeholders.length) {
    const shown = placeholders
      .slice(0, MAX_LISTED)
      .map((p) => `${p.className} (at ${p.path || 'the root'})`)
      .join(', ');
    const more = placeholders.length > MAX_LISTED ? ` and ${fmtCount(placeholders.length - MAX_LISTED)} more` : '';
    details.push(`Kept as data, never run: ${shown}${more}.`);
  }
  if (listed.length) {
    const shown = listed
      .slice(0, MAX_LISTED)
      .map((t) => `${t.name} (${t.dtype}, ${t.shape.length ? t.shape.join('×') : 'scalar'})`)
      .join(', ');
    const more = listed.length > MAX_LISTED ? ` and ${fmtCount(listed.length - MAX_LISTED)} more` : '';
    details.push(`Listed only, not floating point: ${shown}${more}.`);
  }
  details.push(...notes);
  const serialization = checkpoint ? `${checkpoint.serialization} serialization` : '';
  return { summary: serialization, details };
}

/** Top-level hyper-parameters as `name = value`; nested values as compact JSON. */
function hyperText(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return 'none';
  return entries
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
