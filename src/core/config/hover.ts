// Hover text (markdown) for a position in a config: what the value under the cursor will do to the gradients.
import { ACTIVATIONS, ACTIVATION_NAMES, type ActivationName } from '../rnn/activations';
import type { ConfigContext } from './context';
import { initLabel } from './diagnostics';
import { KEY_DOCS } from './keys';
import { fmt, fmtMagnitude, fmtPow10 } from '../format-number';
import { html, htmlFromPlain } from '../notation';
import { log10Power, type GradientPrediction } from './predict';
import { OPEN_FORGET_BIAS, predictGate, type GatePrediction } from './predictGates';
import { meanFieldSentence } from '../rnn/lyapunov/mean-field';
import { entryOf, nodeAt, pathAt, type TextRange } from './source';

export interface ConfigHover {
  readonly markdown: string;
  /** The key or value the hover is about. */
  readonly range: TextRange;
}

export interface HoverOptions {
  /** A markdown link target that opens the analysis panel on a weights file, e.g. a `command:` URI. */
  analyzeLink?: (weightsFile: string) => string | undefined;
}

// Hovers are markdown with HTML on: formulas show with real subscripts and superscripts.
const SIGMA_MAX = html('σ_max');
const GAMMA_SIGMA_MAX = html('γσ_max');
const JACOBIAN_LAG = html('‖∂h_T/∂h_{T−l}‖');

const DERIVATION = html(
  "*How this is estimated:* ∂h_T/∂h_{T−l} = ∏ diag(σ'(a_i)) W_hh over the l steps. Replacing each diag(σ'(a_i)) by its " +
    'largest possible value γ linearises the product to γ^l W_hh^l, whose norm grows or decays like (γρ)^l ' +
    '(‖W^l‖^{1/l} → ρ). Every factor has norm ≤ γσ_max, so (γσ_max)^l is a true upper bound (Pascanu et al. 2013); ' +
    "(γρ)^l is an estimate, not a guarantee: saturation (σ' < γ) makes real gradients smaller.",
);

export function hoverAt(ctx: ConfigContext, offset: number, options: HoverOptions = {}): ConfigHover | undefined {
  const at = pathAt(ctx.parsed.root, offset);
  if (!at || at.path.length === 0) return undefined;
  const path = at.path.filter((s): s is string => typeof s === 'string');
  const key = path.join('.');
  let entryPath = at.path;
  while (entryPath.length > 0 && typeof entryPath[entryPath.length - 1] !== 'string')
    entryPath = entryPath.slice(0, -1);
  const range = rangeOfEntry(ctx, entryPath) ?? { start: offset, end: offset };
  let body: string | undefined;
  if (ctx.gatePrediction && (key === 'model.cell' || key === 'model.forget_bias')) body = gateHover(ctx, key);
  else if (key.startsWith('model.recurrent_init')) body = initHover(ctx);
  else if (key === 'data.seq_len') body = seqLenHover(ctx);
  else if (key === 'model.activation') body = activationHover(ctx);
  else if (key === 'weights') body = weightsHover(ctx, options);
  else if (key === 'train.clip_grad_norm') body = clipHover(ctx);
  else if (key.startsWith('tied')) body = KEY_DOCS.tied;
  else if (Object.hasOwn(KEY_DOCS, key)) body = `**${key}** — ${KEY_DOCS[key]}`; // not "constructor"'s
  return body ? { markdown: body, range } : undefined;
}

function rangeOfEntry(ctx: ConfigContext, path: (string | number)[]): TextRange | undefined {
  const parent = nodeAt(ctx.parsed.root, path.slice(0, -1));
  const last = path[path.length - 1];
  const entry = typeof last === 'string' ? entryOf(parent, last) : undefined;
  return entry ? { start: entry.keyRange.start, end: entry.value.range.end } : undefined;
}

function horizonText(h: number): string {
  return Number.isFinite(h) ? `${h} steps` : 'unbounded (γρ ≥ 1: the linearised Jacobian does not decay)';
}

function regimeLine(p: GradientPrediction): string {
  const why =
    p.regime === 'vanishing'
      ? 'γρ < 1: the Jacobian shrinks every step'
      : p.regime === 'exploding'
        ? 'γρ > 1: the Jacobian grows every step'
        : 'γρ ≈ 1: the edge of stability';
  return `**${p.regime}** expected (${why})`;
}

function initHover(ctx: ConfigContext): string {
  const p = ctx.prediction;
  const head = `**recurrent_init** — ${KEY_DOCS['model.recurrent_init']}`;
  if (ctx.gatePrediction) {
    return [
      head,
      '',
      `For an ${ctx.cell.toUpperCase()} the spectral radius of the recurrent matrix does not set the regime alone: the gates multiply every step. At initialisation ${gateLine(ctx.gatePrediction)}.`,
    ].join('\n');
  }
  if (!p || ctx.hiddenSize === undefined) {
    return `${head}\n\nSet a valid \`model.hidden_size\` and init to see the expected spectral radius.`;
  }
  const n = ctx.hiddenSize;
  const i = p.init;
  const approx = i.exact ? '=' : '≈';
  const lines = [
    head,
    '',
    `${initLabel(ctx)[0].toUpperCase()}${initLabel(ctx).slice(1)}: W_hh entries ${i.exact ? 'form' : '~'} ${i.distribution}, n = ${n}.`,
    '',
    `- Spectral radius ρ ${approx} **${fmt(i.spectralRadius)}** — ${i.derivation}.`,
    i.exact
      ? `- Largest singular value ${SIGMA_MAX} = ${fmt(i.sigmaMax)}.`
      : `- Largest singular value ${SIGMA_MAX} ≈ 2s√n = ${fmt(i.sigmaMax)} (the Bai–Yin / Marchenko–Pastur edge).`,
    `- With ${p.activation} (γ = ${fmt(p.gamma)}): γρ ${approx} ${fmt(p.gammaRho)}, ${GAMMA_SIGMA_MAX} ${approx} ${fmt(p.gammaSigmaMax)} → ${regimeLine(p)}.`,
    `- Predicted horizon (${JACOBIAN_LAG} ≥ ${fmt(p.threshold)}): ${horizonText(p.horizon)}.`,
  ];
  // The gain g of a random init is its ρ (s√n, or an orthogonal init's gain); an identity's units are uncoupled.
  if (p.activation === 'tanh' && i.type !== 'identity') lines.push(`- ${meanFieldSentence(i.spectralRadius)}`);
  if (i.type !== 'orthogonal')
    lines.push(`- An orthogonal init with gain ${fmt(1 / p.gamma)} would give γρ = ${GAMMA_SIGMA_MAX} = 1 exactly.`);
  lines.push('', DERIVATION);
  return lines.join('\n');
}

function seqLenHover(ctx: ConfigContext): string {
  const head = `**seq_len** — ${KEY_DOCS['data.seq_len']}`;
  const T = ctx.config.seqLen?.value;
  const g = ctx.gatePrediction;
  if (g && T !== undefined) {
    const b = g.gate === 'f' ? 'b_f' : 'b_z';
    return [
      head,
      '',
      `At initialisation ${gateLine(g)}.`,
      '',
      `- Over T = ${T} steps a unit keeps ${html(`σ(${b})^{${T}}`)} = **${fmtPow10(log10Power(g.gateValue, T))}** of its memory (${T >= g.timescale ? `T is ${fmt(T / g.timescale)} timescales` : 'T is within one timescale'}).`,
    ].join('\n');
  }
  const p = ctx.prediction;
  if (T === undefined || !p) return head;
  const approx = p.init.exact ? '=' : '≈';
  const reaches = p.horizon >= T;
  const lines = [
    head,
    '',
    `Over T = ${T} steps, with ${initLabel(ctx)} (ρ ${approx} ${fmt(p.init.spectralRadius)}, ${SIGMA_MAX} ${approx} ${fmt(p.init.sigmaMax)}) and ${p.activation} (γ = ${fmt(p.gamma)}):`,
    '',
    `- Predicted ${html(`‖∂h_T/∂h_0‖ ≈ (γρ)^T = ${fmt(p.gammaRho)}^{${T}}`)} = **${fmtPow10(log10Power(p.gammaRho, T))}** (linearised estimate).`,
    `- Upper bound ${html(`‖∂h_T/∂h_0‖ ≤ (γσ_max)^T = ${fmt(p.gammaSigmaMax)}^{${T}}`)} = ${fmtPow10(log10Power(p.gammaSigmaMax, T))}.`,
    `- Predicted horizon: ${horizonText(p.horizon)} — ${
      !reaches
        ? `shorter than seq_len: the first ${T - p.horizon} steps of a sequence cannot teach the last.`
        : p.regime === 'exploding'
          ? 'the first step reaches the last, but through a gradient that grows every step: expect blow-ups unless clipped.'
          : 'it reaches seq_len: the first step can still teach the last.'
    }`,
  ];
  const w = ctx.weights?.status === 'ok' ? ctx.weights : undefined;
  if (w) {
    lines.push(
      `- Saved weights (${w.written}): measured horizon ${w.horizonReachesEnd ? `≥ ${w.steps} steps (all lags checked)` : `${w.horizon} steps`}.`,
    );
  }
  lines.push('', DERIVATION);
  return lines.join('\n');
}

function activationHover(ctx: ConfigContext): string {
  const name = ctx.activation;
  const formula: Record<ActivationName, string> = {
    tanh: "σ'(a) = 1 − tanh²(a), largest at a = 0",
    sigmoid: "σ'(a) = σ(a)(1 − σ(a)), largest at a = 0",
    relu: "σ'(a) = 1 for a > 0, 0 otherwise",
    linear: "σ'(a) = 1 everywhere",
  };
  const gamma = ACTIVATIONS[name].gamma;
  const lines = [
    `**activation: ${name}** — ${formula[name]}, so γ = sup|σ'| = **${fmt(gamma)}**.`,
    '',
    html(
      "Each step multiplies the gradient by diag(σ'(a_t)) W_hh, so its norm is at most γσ_max per step: γ scales the Pascanu bound (γσ_max)^T and the estimate (γρ)^T.",
    ),
  ];
  const p = ctx.prediction;
  if (p) {
    lines.push(
      '',
      `With this init: γρ ≈ ${fmt(p.gammaRho)}, ${GAMMA_SIGMA_MAX} ≈ ${fmt(p.gammaSigmaMax)} → ${regimeLine(p)}.`,
    );
    const others = ACTIVATION_NAMES.filter((a) => a !== name && ACTIVATIONS[a].gamma !== gamma);
    for (const other of others) {
      const g = ACTIVATIONS[other].gamma;
      lines.push(`- ${other} (γ = ${fmt(g)}) would give γρ ≈ ${fmt(g * p.init.spectralRadius)}.`);
    }
  }
  if (name === 'relu')
    lines.push(
      '',
      "relu's derivative is 0 for inactive units, so real gradients are often smaller than γ suggests; γ = 1 bounds them.",
    );
  return lines.join('\n');
}

function weightsHover(ctx: ConfigContext, options: HoverOptions): string {
  const head = `**weights** — ${KEY_DOCS.weights}`;
  const w = ctx.weights;
  if (!w) return `${head}\n\n*Reading the saved weights…*`;
  if (w.status !== 'ok') return `${head}\n\n**${w.status === 'missing' ? 'Missing' : 'Unreadable'}:** ${w.message}`;
  const lines = [
    head,
    '',
    w.cell === 'rnn'
      ? `\`${w.written}\` (${w.format}): n = ${w.hiddenSize}, m = ${w.inputSize}, ${w.activation}${w.activationSource === 'file' ? '' : ' (not stored in the file)'}.`
      : `\`${w.written}\` (${w.format}): ${w.cell.toUpperCase()}, n = ${w.hiddenSize}, m = ${w.inputSize}.`,
    '',
    w.cell === 'rnn'
      ? `- Spectral radius ρ = **${fmtMagnitude(w.spectralRadius, w.log10SpectralRadius)}**, ${SIGMA_MAX} = **${fmtMagnitude(w.sigmaMax, w.log10SigmaMax)}**, ${GAMMA_SIGMA_MAX} = ${fmtMagnitude(w.gammaSigmaMax, w.log10GammaSigmaMax)}.`
      : `- Step Jacobian at s = 0, x = 0: ρ = **${fmtMagnitude(w.spectralRadius, w.log10SpectralRadius)}**, ${SIGMA_MAX} = **${fmtMagnitude(w.sigmaMax, w.log10SigmaMax)}**.`,
    `- Verdict: **${w.regime}** — ${htmlFromPlain(w.summary)}`,
    `- Gradient horizon (${JACOBIAN_LAG}₂ ≥ ${fmt(w.threshold)}): ${w.horizonReachesEnd ? `≥ ${w.steps} steps (every lag checked stays above)` : `**${w.horizon} steps**`} over a probe of T = ${w.steps} steps.`,
  ];
  const link = options.analyzeLink?.(w.file);
  if (link) lines.push('', `[Open the analysis panel](${link})`);
  return lines.join('\n');
}

function clipHover(ctx: ConfigContext): string {
  const c = ctx.config.clipGradNorm?.value;
  const lines = [
    `**clip_grad_norm** — when the gradient's norm ‖g‖ exceeds the threshold c${c ? ` = ${c}` : ''}, it is rescaled: g ← c·g/‖g‖.`,
    '',
    'It tames exploding gradients (one huge step can no longer throw the weights away) and does nothing for vanishing ones: a gradient that is already tiny is left as it is.',
  ];
  const regime = ctx.weights?.status === 'ok' ? ctx.weights.regime : ctx.prediction?.regime;
  if (regime)
    lines.push(
      '',
      `This config is expected to be **${regime}**${regime === 'vanishing' ? ': clipping will not help; a better-scaled init will.' : regime === 'exploding' ? ': clipping is what keeps training stable.' : '.'}`,
    );
  return lines.join('\n');
}

/** "the forget gate f starts at σ(b_f) = σ(0) = **0.5** (…), so a unit remembers for τ = −1/ln σ(b_f) = **1.443** steps". */
function gateLine(g: GatePrediction): string {
  const b = g.gate === 'f' ? 'b_f' : 'b_z';
  const name = g.gate === 'f' ? 'forget gate f' : 'update gate z';
  const from =
    g.biasFrom === 'forget_bias'
      ? `forget_bias = ${fmt(g.bias)}`
      : `PyTorch's default init: ${html(`${b} = b_{i${g.gate}} + b_{h${g.gate}}`)}, each U(−1/√n, 1/√n), mean 0`;
  return (
    `the ${name} at h = 0, x = 0 is ${html(`σ(${b})`)} = σ(${fmt(g.bias)}) = **${fmt(g.gateValue)}** (${from}), ` +
    `so a unit remembers for ${html(`τ = −1/ln σ(${b})`)} = **${fmt(g.timescale)} steps**`
  );
}

function gateHover(ctx: ConfigContext, key: string): string {
  const g = ctx.gatePrediction as GatePrediction;
  const head = `**${key.slice('model.'.length)}** — ${KEY_DOCS[key]}`;
  const lines = [head, '', `At initialisation ${gateLine(g)}.`];
  const T = ctx.config.seqLen?.value;
  const b = g.gate === 'f' ? 'b_f' : 'b_z';
  if (T !== undefined)
    lines.push(
      '',
      `- Over seq_len T = ${T} steps: ${html(`σ(${b})^{${T}}`)} = ${fmtPow10(log10Power(g.gateValue, T))} of a unit's memory is left.`,
    );
  if (g.cell === 'lstm' && g.bias <= 0) {
    const open = predictGate('lstm', OPEN_FORGET_BIAS);
    lines.push(
      '',
      `A forget bias of ${OPEN_FORGET_BIAS} (Gers et al. 2000; Jozefowicz et al. 2015) keeps the cell path ${html('c_t = f ⊙ c_{t−1} + i ⊙ g')} open at the start of training: σ(${OPEN_FORGET_BIAS}) = ${fmt(open.gateValue)}, τ = ${fmt(open.timescale)} steps.`,
    );
  }
  if (g.cell === 'gru')
    lines.push(
      '',
      html('The update gate keeps the state: h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}. forget_bias does not apply to a GRU.'),
    );
  return lines.join('\n');
}
