// Mathematics for people, written once in a small TeX-like source and shown as mathematics, never as TeX:
//   x_y, x_{y z}  subscripts      x^y, x^{y z}  superscripts      (a run of letters/digits, or a braced group)
// 'html' gives <sub>/<sup> (markdown hovers, web pages); 'plain' gives Unicode for terminals and plain text:
// superscript and subscript characters where Unicode has them all (ᵀ, ˡ, ², ₂, ₀), otherwise _x or ^(group).
export type NotationStyle = 'html' | 'plain';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', T: 'ᵀ', l: 'ˡ', n: 'ⁿ', i: 'ⁱ',
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋',
};

/** A script: `_` or `^`, then a braced group or a run of letters and digits. */
const SCRIPT = /([_^])(?:\{([^{}]*)\}|([A-Za-z0-9]+))/g;

export function math(source: string, style: NotationStyle): string {
  if (style === 'html') {
    return escapeHtml(source).replace(SCRIPT, (_m, mark: string, group: string | undefined, run: string | undefined) => {
      const tag = mark === '_' ? 'sub' : 'sup';
      return `<${tag}>${group ?? run}</${tag}>`;
    });
  }
  return source.replace(SCRIPT, (_m, mark: string, group: string | undefined, run: string | undefined) => {
    const content = group ?? run ?? '';
    const table = mark === '_' ? SUBSCRIPT : SUPERSCRIPT;
    const chars = [...content];
    if (chars.length > 0 && chars.every((c) => Object.hasOwn(table, c))) return chars.map((c) => table[c]).join('');
    return group !== undefined && chars.length > 1 ? `${mark}(${content})` : `${mark}${content}`;
  });
}

/** The same formula in both styles, for text that goes to a terminal and to a page. */
export const plain = (source: string): string => math(source, 'plain');
export const html = (source: string): string => math(source, 'html');

/** Formulas in text written once for both a terminal and a page (the verdict): longest first. */
const SHARED_FORMULAS = ['‖∂h_T/∂h_{T−l}‖', 'γσ_max', 'σ_max'];

/** Plain text (e.g. the verdict) for a markdown hover: the shared formulas in it shown with <sub>/<sup>. */
export function htmlFromPlain(text: string): string {
  let out = text;
  for (const source of SHARED_FORMULAS) out = out.split(plain(source)).join(html(source));
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
