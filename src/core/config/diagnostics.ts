// Every diagnostic of a training config, as plain data with exact ranges and, where one exists, a quick fix.
import type { ConfigContext } from './context';
import { addClipFix, forgetBiasFix, orthogonalFix, rescaleFix } from './fixes';
import type { TiedGroupConfig } from './model';
import { fmt, fmtMagnitude, fmtPow10 } from '../format-number';
import { DEFAULT_PROBE_STEPS } from './loadWeights';
import { plain } from '../notation';
import { log10Power } from './predict';
import { OPEN_FORGET_BIAS, predictGate, type GatePrediction } from './predictGates';
import type { TextRange } from './source';
import type { ConfigDiagnostic, QuickFix } from './types';
import type { WeightsOk } from './weightsReport';

export function diagnoseConfig(ctx: ConfigContext): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = ctx.parsed.syntaxProblems.map((p) => ({
    range: p.range,
    severity: 'error' as const,
    message: p.message,
    code: 'syntax' as const,
  }));
  out.push(...ctx.readProblems);
  out.push(...predictionDiagnostics(ctx));
  out.push(...gateDiagnostics(ctx));
  out.push(...weightsDiagnostics(ctx));
  out.push(...tiedDiagnostics(ctx));
  return out.sort((x, y) => x.range.start - y.range.start);
}

function withFixes(d: Omit<ConfigDiagnostic, 'fix' | 'otherFixes'>, fixes: (QuickFix | undefined)[]): ConfigDiagnostic {
  const [fix, ...others] = fixes.filter((f): f is QuickFix => f !== undefined);
  return { ...d, ...(fix ? { fix } : {}), ...(others.length ? { otherFixes: others } : {}) };
}

/** "normal init (std 0.2)", "the default init (PyTorch's U(−1/√n, 1/√n))". */
export function initLabel(ctx: ConfigContext): string {
  const p = ctx.prediction;
  if (!p) return 'the init';
  if (ctx.initIsDefault) return `no recurrent_init, so PyTorch's default ${p.init.distribution}`;
  const ri = ctx.config.recurrentInit;
  const param = ri?.std
    ? `std ${ri.std.value}`
    : ri?.a
      ? `a ${ri.a.value}`
      : ri?.gain
        ? `gain ${ri.gain.value}`
        : ri?.scale
          ? `scale ${ri.scale.value}`
          : '';
  return `${/^[oi]/.test(p.init.type) ? 'an' : 'a'} ${p.init.type} init${param ? ` (${param})` : ''}`;
}

function predictionDiagnostics(ctx: ConfigContext): ConfigDiagnostic[] {
  const p = ctx.prediction;
  const n = ctx.hiddenSize;
  if (!p || n === undefined) return [];
  // Predictions speak about the init; a config that names weights but no init is judged on the weights alone.
  if (ctx.initIsDefault && ctx.config.weights) return [];
  const out: ConfigDiagnostic[] = [];
  const initRange: TextRange = ctx.config.recurrentInit?.type?.range ??
    ctx.config.recurrentInit?.keyRange ??
    ctx.config.hiddenSize?.keyRange ?? { start: 0, end: 0 };
  const rho = `${p.init.exact ? 'ρ =' : 'ρ ≈'} ${fmt(p.init.spectralRadius)}`;
  const seqLen = ctx.config.seqLen;
  if (seqLen && p.horizon < seqLen.value) {
    const T = seqLen.value;
    out.push(
      withFixes(
        {
          range: seqLen.range,
          severity: 'warning',
          code: 'horizon-short',
          message:
            `Predicted gradient horizon ${p.horizon} steps < seq_len ${T}: with ${initLabel(ctx)}, n = ${n} (${rho}) and ` +
            `${p.activation} (γ = ${fmt(p.gamma)}), ${plain(`‖∂h_T/∂h_0‖ ≈ (γρ)^{${T}}`)} = ${fmtPow10(log10Power(p.gammaRho, T))} ` +
            `(a linearised estimate). Inputs more than ${p.horizon} steps back cannot teach the last step.`,
        },
        [orthogonalFix(ctx), rescaleFix(ctx)],
      ),
    );
  }
  if (p.regime === 'exploding' && !ctx.config.clipGradNorm?.value) {
    out.push(
      withFixes(
        {
          range: initRange,
          severity: 'warning',
          code: 'exploding-no-clip',
          message:
            `Exploding gradients expected: ${initLabel(ctx)} with n = ${n} gives ${rho}, γρ ${p.init.exact ? '=' : '≈'} ${fmt(p.gammaRho)} > 1 ` +
            `(linearised ${plain(`‖∂h_T/∂h_0‖ ≈ ${fmt(p.gammaRho)}^T`)}), and there is no train.clip_grad_norm to cap the updates.`,
        },
        [addClipFix(ctx), orthogonalFix(ctx), rescaleFix(ctx)],
      ),
    );
  }
  const clip = ctx.config.clipGradNorm;
  if (p.regime === 'exploding' && clip?.value) {
    // Clipping caps the size of each update, not the regime: the note stays after the "add clipping" fix.
    out.push(
      withFixes(
        {
          range: initRange,
          severity: 'info',
          code: 'exploding-clipped',
          message:
            `Still the exploding regime: ${initLabel(ctx)} with n = ${n} gives ${rho}, γρ ${p.init.exact ? '=' : '≈'} ${fmt(p.gammaRho)} > 1, ` +
            `so ‖∂h_T/∂h_0‖ grows like ${fmt(p.gammaRho)}^T between clips. train.clip_grad_norm = ${clip.value} caps each update's size, ` +
            `not that growth: the distant steps still dominate the gradient's direction.`,
        },
        [orthogonalFix(ctx), rescaleFix(ctx)],
      ),
    );
  }
  return out;
}

/** "σ(b_f) = σ(0) = 0.5, a memory timescale τ = −1/ln 0.5 = 1.443 steps", with the bias's origin. */
export function gateSentence(g: GatePrediction): string {
  const b = g.gate === 'f' ? 'b_f' : 'b_z';
  const name = g.gate === 'f' ? 'forget gate f' : 'update gate z';
  const from =
    g.biasFrom === 'forget_bias'
      ? `forget_bias ${fmt(g.bias)}`
      : `PyTorch's default init: ${b} = b_i${g.gate} + b_h${g.gate}, each U(−1/√n, 1/√n), mean 0`;
  return (
    `the ${name} starts at ${plain(`σ(${b})`)} = σ(${fmt(g.bias)}) = ${fmt(g.gateValue)} (${from}), ` +
    `a memory timescale ${plain('τ = −1/ln σ(b)')} = ${fmt(g.timescale)} steps`
  );
}

/**
 * LSTM/GRU at initialisation: what the memory gate starts at and how long a unit remembers. An LSTM without a
 * positive forget bias gets the quick fix forget_bias: 1.0.
 */
function gateDiagnostics(ctx: ConfigContext): ConfigDiagnostic[] {
  const g = ctx.gatePrediction;
  const cellField = ctx.config.cell;
  if (!g || !cellField) return [];
  const bias = ctx.config.forgetBias;
  const range = g.cell === 'lstm' && bias ? bias.range : cellField.range;
  const seqLen = ctx.config.seqLen?.value;
  const reach =
    seqLen !== undefined
      ? ` After seq_len ${seqLen} steps a unit keeps ${plain(`σ(b)^{${seqLen}}`)} = ${fmtPow10(log10Power(g.gateValue, seqLen))} of its memory.`
      : '';
  const closed = g.cell === 'lstm' && g.bias <= 0;
  const open = predictGate('lstm', OPEN_FORGET_BIAS);
  const because =
    ` A forget bias of ${OPEN_FORGET_BIAS} (Gers et al. 2000; Jozefowicz et al. 2015) keeps the cell path ` +
    `${plain('c_t = f ⊙ c_(t−1) + i ⊙ g')} open at the start of training: σ(${OPEN_FORGET_BIAS}) = ${fmt(open.gateValue)}, τ = ${fmt(open.timescale)} steps.`;
  const message = `At initialisation ${gateSentence(g)}.${reach}${closed ? because : ''}`;
  return [
    withFixes(
      { range, severity: closed && g.bias < 0 ? 'warning' : 'info', code: 'gate-init', message },
      closed ? [forgetBiasFix(ctx)] : [],
    ),
  ];
}

function weightsDiagnostics(ctx: ConfigContext): ConfigDiagnostic[] {
  const w = ctx.weights;
  const field = ctx.config.weights;
  if (!w || !field) return [];
  if (w.status !== 'ok') {
    return [
      {
        range: field.range,
        severity: 'error',
        code: w.status === 'missing' ? 'weights-missing' : 'weights-unreadable',
        message: w.message,
      },
    ];
  }
  const out: ConfigDiagnostic[] = [];
  const mismatch = (range: TextRange, message: string): void => {
    out.push({ range, severity: 'error', code: 'weights-mismatch', message });
  };
  const c = ctx.config;
  const savedCell = w.cell.toUpperCase();
  if (c.cell && c.cell.value !== w.cell) {
    mismatch(
      c.cell.range,
      `cell is ${c.cell.value} but the saved weights ${w.written} hold ${w.cell === 'rnn' ? 'a vanilla RNN' : `an ${savedCell}`} layer.`,
    );
  }
  const gated = w.cell !== 'rnn';
  if (c.hiddenSize && c.hiddenSize.value !== w.hiddenSize) {
    const shape = gated
      ? `W_hh holds ${w.cell === 'lstm' ? 4 : 3} gate blocks of ${w.hiddenSize} rows`
      : `W_hh is ${w.hiddenSize}×${w.hiddenSize}`;
    mismatch(
      c.hiddenSize.range,
      `hidden_size is ${c.hiddenSize.value} but the saved weights ${w.written} have hidden size ${w.hiddenSize} (${shape}).`,
    );
  }
  if (c.inputSize && c.inputSize.value !== w.inputSize) {
    mismatch(
      c.inputSize.range,
      `input_size is ${c.inputSize.value} but the saved weights ${w.written} have input size ${w.inputSize} (${gated ? 'W_ih' : 'W_xh'} has ${w.inputSize} columns).`,
    );
  }
  if (!gated && c.activation && w.activationSource === 'file' && c.activation.value !== w.activation) {
    mismatch(
      c.activation.range,
      `activation is ${c.activation.value} but the saved weights ${w.written} were saved with ${w.activation}.`,
    );
  }
  const seqLen = c.seqLen?.value;
  if (seqLen !== undefined && !w.horizonReachesEnd && w.horizon < seqLen) {
    out.push({
      range: field.range,
      severity: 'warning',
      code: 'horizon-short',
      message:
        `The saved weights' gradient horizon is ${w.horizon} steps < seq_len ${seqLen}: measured ${plain(w.cell === 'lstm' ? '‖∂s_T/∂s_{T−l}‖₂' : '‖∂h_T/∂h_{T−l}‖₂')} falls below ` +
        `${fmt(w.threshold)} after ${w.horizon} steps (${spectrumWords(w)}; ${probeLabel(w)}).`,
    });
  }
  if (w.regime === 'exploding' && !c.clipGradNorm?.value) {
    out.push(
      withFixes(
        {
          range: field.range,
          severity: 'warning',
          code: 'exploding-no-clip',
          message: `The saved weights are in the exploding regime (${spectrumWords(w)}) and there is no train.clip_grad_norm.`,
        },
        [addClipFix(ctx)],
      ),
    );
  }
  if (w.regime === 'exploding' && c.clipGradNorm?.value) {
    out.push({
      range: field.range,
      severity: 'info',
      code: 'exploding-clipped',
      message:
        `The saved weights are still in the exploding regime (${spectrumWords(w)}): ` +
        `train.clip_grad_norm = ${c.clipGradNorm.value} caps each update's size, but gradients still grow between clips.`,
    });
  }
  return out;
}

/** ρ and σ_max of W_hh with the activation (RNN), or of an LSTM's/GRU's step Jacobian at the origin. */
function spectrumWords(w: WeightsOk): string {
  const values = `ρ = ${fmtMagnitude(w.spectralRadius, w.log10SpectralRadius)}, σ_max = ${fmtMagnitude(w.sigmaMax, w.log10SigmaMax)}`;
  if (w.cell !== 'rnn') return `${w.cell.toUpperCase()}: ${values} of the step Jacobian at s = 0, x = 0`;
  return `${values}, ${w.activation}, γ = ${fmt(w.gamma)}`;
}

/** The probe behind a measured horizon, in the words `rnn-gradients analyze` would need to repeat it. */
export function probeLabel(w: WeightsOk): string {
  const same = w.steps === DEFAULT_PROBE_STEPS ? 'the default of Analyze' : `Analyze with --steps ${w.steps}`;
  return `probe: N(0, 1) inputs, seed ${w.seed}, T = ${w.steps} steps, ${same}`;
}

/** Shapes of the tensors a config implies, as [rows, cols] (b_h as a column, as the tied check treats it). */
function configShapes(ctx: ConfigContext): ReadonlyMap<string, [number, number]> {
  const n = ctx.config.hiddenSize?.value;
  const m = ctx.config.inputSize?.value;
  // A Map: member names come from the file, and "constructor" must find nothing.
  const shapes = new Map<string, [number, number]>();
  if (n !== undefined) {
    shapes.set('W_hh', [n, n]);
    shapes.set('b_h', [n, 1]);
    if (m !== undefined) shapes.set('W_xh', [n, m]);
  }
  return shapes;
}

function tiedDiagnostics(ctx: ConfigContext): ConfigDiagnostic[] {
  const groups = ctx.config.tied?.groups ?? [];
  const w = ctx.weights?.status === 'ok' ? ctx.weights : undefined;
  const out: ConfigDiagnostic[] = [];
  groups.forEach((group, i) => {
    if (group.members.length < 2) return;
    const saved = w?.tied[i];
    if (saved) {
      if (saved.problem === undefined) return;
      const code = saved.shapes.length === 0 ? 'tied-unknown' : !saved.shapesFit ? 'tied-shape' : 'tied-differ';
      out.push({
        range: group.range,
        severity: 'error',
        code,
        message: `Tied group ${group.members.map((m) => m.value).join(' = ')}, in ${w.written}: ${saved.problem}.`,
      });
      return;
    }
    const problem = configShapeProblem(group, configShapes(ctx));
    if (problem) out.push({ range: group.range, severity: 'error', code: 'tied-shape', message: problem });
  });
  return out;
}

function configShapeProblem(group: TiedGroupConfig, shapes: ReadonlyMap<string, [number, number]>): string | undefined {
  const known = group.members
    .map((member) => {
      const transposed = member.value.endsWith('^T');
      const base = shapes.get(transposed ? member.value.slice(0, -2) : member.value);
      return base && { name: member.value, shape: transposed ? [base[1], base[0]] : base };
    })
    .filter((x): x is { name: string; shape: number[] } => x !== undefined);
  if (known.length < 2) return undefined;
  const fits = known.every((k) => k.shape[0] === known[0].shape[0] && k.shape[1] === known[0].shape[1]);
  if (fits) return undefined;
  const described = known.map((k) => `${k.name} is ${k.shape[0]}×${k.shape[1]}`).join(', ');
  return `Tied tensors must have the same shape, but with hidden_size and input_size as configured ${described}.`;
}
