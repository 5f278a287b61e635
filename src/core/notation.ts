// How the mathematics is written, once for every place that shows it: a page renders the scripts as HTML
// <sub>/<sup> (mathSegments), a canvas or a terminal gets plain Unicode without braces (plainMath).
//
// Source form: `x_y` or `x_(…)` is a subscript, `x^y` or `x^(…)` a superscript; TeX braces `x_{…}` are read too,
// so sentences written elsewhere in that style render as well. A script attaches only to a symbol (a letter
// standing alone, a closing bracket or norm bar, or a number for powers): identifiers such as `clip_grad_norm`
// or `weight_hh_l0` stay as they are.

/** The quantities the charts, tables and sentences name, in source form. */
export const NOTATION = {
  /** The Jacobian of the last hidden state with respect to the one l steps earlier. */
  jacobian: '∂h_T/∂h_(T−l)',
  jacobianNorm: '‖∂h_T/∂h_(T−l)‖',
  jacobianSpectralNorm: '‖∂h_T/∂h_(T−l)‖₂',
  frobeniusNorm: '‖·‖_F',
  spectralNorm: '‖·‖₂',
  /** The upper bound of Pascanu et al. 2013. */
  pascanuBound: '(γσ_max)^l',
  spectralRadiusBound: 'ρ^l',
  gammaSigmaMax: 'γσ_max',
  sigmaMax: 'σ_max',
  spectralRadius: 'ρ',
  gamma: 'γ = sup|σ′|',
  /** Gelfand's formula: the spectral radius as the limit of this. */
  gelfand: '‖W^l‖^(1/l)',
  recurrentWeight: 'W_hh',
  /** The gradient of the loss with respect to the tied recurrent weight. */
  tiedGradient: '∂E/∂W_hh',
  tiedGradientNorm: '‖∂E/∂W_hh‖_F',
  /** The contribution of the step l back from the last to the tied gradient. */
  lagContributionNorm: '‖G_(T−l)‖_F',
  loss: 'E = ½‖h_T‖²',
  /** LSTM: the full state s = (h, c). */
  stateJacobianNorm: '‖∂s_T/∂s_(T−l)‖',
  /** LSTM: ∂c_T/∂c_{T−l} with h_{T−l} held fixed, the cell path. */
  cellJacobianNorm: '‖∂c_T/∂c_(T−l)‖',
  /** A stack: S = every layer's state. */
  stackJacobianNorm: '‖∂S_T/∂S_(T−l)‖',
  topToBottomJacobianNorm: '‖∂h^top_T/∂h^0_(T−l)‖',
  /** A gated cell's bounds: the sup over states of one step's norm, and ρ of the step Jacobian at the origin. */
  gatedSupBound: '(sup‖∂s_t/∂s_(t−1)‖₂)^l',
  originSpectralRadiusBound: 'ρ_0^l',
  /** The step Jacobian an LSTM's or GRU's spectrum is of: linearised at s = 0, x = 0. */
  originStepJacobian: '∂s_t/∂s_(t−1) at s = 0, x = 0',
} as const;

/** "‖∂c_T/∂c_(T−l)‖" → "‖∂c_T/∂c_(T−l)‖₂" (spectral) or "…‖_F" (Frobenius). */
export function normed(norm: string, kind: 'frobenius' | 'spectral'): string {
  return kind === 'spectral' ? `${norm}₂` : `${norm}_F`;
}

export interface MathSegment {
  text: string;
  script: 'none' | 'sub' | 'sup';
}

const ASCII_WORD = /[A-Za-z0-9_.]/;
const LETTER = /\p{L}/u;
const DIGIT = /[0-9]/;
const SCRIPT_RUN = /[\p{L}0-9′']/u;
const CLOSERS = new Set([')', ']', '‖', '|']);

/** Whether a script may attach to what ends just before `index` (the marker's position). */
function attaches(source: string, index: number, marker: '_' | '^'): boolean {
  const base = source[index - 1];
  if (base === undefined) return false;
  if (CLOSERS.has(base)) return true;
  if (marker === '^' && DIGIT.test(base)) return true;
  if (!LETTER.test(base)) return false;
  const before = source[index - 2];
  return before === undefined || !ASCII_WORD.test(before);
}

/** The script's text starting at `start` (just after the marker) and where it ends; undefined if none. */
function readScript(source: string, start: number, marker: '_' | '^'): { text: string; end: number } | undefined {
  const open = source[start];
  if (open === '(' || open === '{') {
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let i = start; i < source.length; i++) {
      if (source[i] === open) depth++;
      else if (source[i] === close && --depth === 0) return { text: source.slice(start + 1, i), end: i + 1 };
    }
    return undefined;
  }
  let end = start;
  if (marker === '^' && (source[end] === '−' || source[end] === '-') && DIGIT.test(source[end + 1] ?? '')) end++;
  while (end < source.length && SCRIPT_RUN.test(source[end])) end++;
  return end > start ? { text: source.slice(start, end), end } : undefined;
}

/** Splits source-form text into plain runs and sub/superscripts. */
export function mathSegments(source: string): MathSegment[] {
  const segments: MathSegment[] = [];
  let plain = '';
  // Where the last script ended: `x_a^b` puts a superscript right after a subscript.
  let scriptEnd = -1;
  for (let i = 0; i < source.length;) {
    const marker = source[i];
    if (marker === '_' || marker === '^') {
      const chained = scriptEnd === i;
      const script = chained || attaches(source, i, marker) ? readScript(source, i + 1, marker) : undefined;
      if (script) {
        if (plain) segments.push({ text: plain, script: 'none' });
        plain = '';
        segments.push({ text: script.text, script: marker === '_' ? 'sub' : 'sup' });
        i = script.end;
        scriptEnd = i;
        continue;
      }
    }
    plain += marker;
    i++;
  }
  if (plain) segments.push({ text: plain, script: 'none' });
  return segments;
}

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '−': '⁻',
  '-': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
  l: 'ˡ',
  T: 'ᵀ',
  t: 'ᵗ',
  k: 'ᵏ',
};
const SUBSCRIPTS: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '−': '₋',
  '=': '₌',
  a: 'ₐ',
  e: 'ₑ',
  h: 'ₕ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  l: 'ₗ',
  m: 'ₘ',
  n: 'ₙ',
  o: 'ₒ',
  p: 'ₚ',
  r: 'ᵣ',
  s: 'ₛ',
  t: 'ₜ',
  u: 'ᵤ',
  v: 'ᵥ',
  x: 'ₓ',
};

/** A script in Unicode when every character has a script form, else `_x` / `_(xy)` (never braces). */
function plainScript(text: string, script: 'sub' | 'sup'): string {
  const table = script === 'sub' ? SUBSCRIPTS : SUPERSCRIPTS;
  const chars = [...text];
  if (chars.every((c) => Object.hasOwn(table, c))) return chars.map((c) => table[c]).join('');
  const marker = script === 'sub' ? '_' : '^';
  return chars.length === 1 ? `${marker}${text}` : `${marker}(${text})`;
}

/** The text for a canvas or a terminal: `(γσ_max)^l` → `(γσₘₐₓ)ˡ`, `∂h_{T−l}` → `∂h_(T−l)`. */
export function plainMath(source: string): string {
  return mathSegments(source)
    .map((s) => (s.script === 'none' ? s.text : plainScript(s.text, s.script)))
    .join('');
}

export type NotationStyle = 'html' | 'plain';

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** Markup for a markdown hover or a page built as a string: scripts as <sub>/<sup>, the rest escaped. */
export function html(source: string): string {
  return mathSegments(source)
    .map((s) => (s.script === 'none' ? escapeHtml(s.text) : `<${s.script}>${escapeHtml(s.text)}</${s.script}>`))
    .join('');
}

/** Plain Unicode for a terminal or a canvas (the same as plainMath). */
export const plain = plainMath;

export function math(source: string, style: NotationStyle): string {
  return style === 'html' ? html(source) : plain(source);
}

/** Formulas in text written once for both a terminal and a page (the verdict): longest first. */
const SHARED_FORMULAS = [
  NOTATION.jacobianSpectralNorm,
  NOTATION.jacobianNorm,
  NOTATION.gammaSigmaMax,
  NOTATION.sigmaMax,
];

/**
 * Plain text (e.g. the verdict) for a markdown hover: the shared formulas in it shown with <sub>/<sup>, whether the
 * text wrote them in Unicode (σₘₐₓ) or as their source (σ_max, which terminals show as it is).
 */
export function htmlFromPlain(text: string): string {
  let out = text;
  for (const source of SHARED_FORMULAS) {
    for (const written of new Set([plain(source), source])) out = out.split(written).join(html(source));
  }
  return out;
}
