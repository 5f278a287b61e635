// The quick fixes for training configs, each one minimal text edit that keeps the file's comments and formatting.
import type { ConfigContext } from './context';
import { NumberText, type ConfigEditor } from './edits/editor';
import { JsonConfigEditor } from './edits/jsonEditor';
import { YamlConfigEditor } from './edits/yamlEditor';
import type { QuickFix } from './types';

export function editorFor(ctx: ConfigContext): ConfigEditor {
  return ctx.parsed.format === 'yaml' ? new YamlConfigEditor(ctx.parsed.text) : new JsonConfigEditor(ctx.parsed.text);
}

function fix(ctx: ConfigContext, title: string, change: (editor: ConfigEditor) => void): QuickFix | undefined {
  const editor = editorFor(ctx);
  try {
    change(editor);
  } catch {
    // The file's shape does not allow this fix (e.g. `train: 5`): the value is reported as invalid already.
    return undefined;
  }
  const edits = editor.edits();
  return edits.length ? { title, edits } : undefined;
}

/** `train.clip_grad_norm: 1.0`, creating `train` if needed. */
export function addClipFix(ctx: ConfigContext): QuickFix | undefined {
  return fix(ctx, 'Add clip_grad_norm: 1.0', (e) => e.set(['train', 'clip_grad_norm'], new NumberText('1.0')));
}

/**
 * recurrent_init → orthogonal with gain 1/γ, so that γρ = γσ_max = 1 exactly: gradients neither vanish nor
 * explode through the linear part (gain 1 for tanh, relu, linear; 4 for sigmoid).
 */
export function orthogonalFix(ctx: ConfigContext): QuickFix | undefined {
  if (ctx.parsed.root?.kind !== 'object') return undefined;
  const gamma = ctx.prediction?.gamma ?? 1;
  const gain = new NumberText(numberText(1 / gamma));
  const title = `Switch recurrent_init to orthogonal (gain ${gain.text}: ρ = σ_max = ${gain.text})`;
  const ri = ctx.config.recurrentInit;
  return fix(ctx, title, (e) => {
    if (!ri) {
      e.set(['model', 'recurrent_init'], { type: 'orthogonal', gain });
      return;
    }
    e.set(['model', 'recurrent_init', 'type'], 'orthogonal');
    for (const key of ['std', 'a', 'scale']) e.remove(['model', 'recurrent_init', key]);
    e.set(['model', 'recurrent_init', 'gain'], gain);
  });
}

/** For normal inits, std → 1/(γ√n), so that the expected γρ is 1 (1/√hidden_size for tanh); `a` likewise for uniform. */
export function rescaleFix(ctx: ConfigContext): QuickFix | undefined {
  const ri = ctx.config.recurrentInit;
  const n = ctx.hiddenSize;
  const p = ctx.prediction;
  if (!ri?.type || !n || !p) return undefined;
  const root = p.gamma === 1 ? '√hidden_size' : '(γ√hidden_size)';
  if (ri.type.value === 'normal') {
    const std = numberText(1 / (p.gamma * Math.sqrt(n)));
    return fix(ctx, `Rescale std to 1/${root} = ${std}`, (e) =>
      e.set(['model', 'recurrent_init', 'std'], new NumberText(std)),
    );
  }
  if (ri.type.value === 'uniform') {
    const a = numberText(Math.sqrt(3) / (p.gamma * Math.sqrt(n)));
    return fix(ctx, `Rescale a to √3/${root} = ${a}`, (e) =>
      e.set(['model', 'recurrent_init', 'a'], new NumberText(a)),
    );
  }
  return undefined;
}

/** Four significant digits, and integers with a ".0" so that they read as the floats they are. */
export function numberText(x: number): string {
  const rounded = Number(x.toPrecision(4));
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded);
}

/** `model.forget_bias: 1.0`: an LSTM's forget gate starts at σ(1) = 0.731 instead of 0.5. */
export function forgetBiasFix(ctx: ConfigContext): QuickFix | undefined {
  if (ctx.parsed.root?.kind !== 'object') return undefined;
  return fix(ctx, 'Set forget_bias: 1.0 (keeps the cell path open at the start of training)', (e) =>
    e.set(['model', 'forget_bias'], new NumberText('1.0')),
  );
}
