// Colours as the page reads them from the theme (#rgb, #rrggbb(aa), rgb(a)()), their WCAG contrast, and a nudge
// that keeps a series readable on the editor background when a theme's chart colour is too faint for it.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

/** Parses the colour notations VS Code's theme variables use; undefined for anything else. */
export function parseColor(text: string): Rgba | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const byte = (i: number) => parseInt(digits.slice(2 * i, 2 * i + 2), 16);
    return { r: byte(0), g: byte(1), b: byte(2), a: digits.length === 8 ? byte(3) / 255 : 1 };
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/.exec(value);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : Number(rgb[4]) / (rgb[5] ? 100 : 1);
    return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: Math.min(1, Math.max(0, alpha)) };
  }
  return undefined;
}

export function toHex({ r, g, b }: Rgba): string {
  const byte = (v: number) =>
    Math.round(Math.min(255, Math.max(0, v)))
      .toString(16)
      .padStart(2, '0');
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/** `color` painted over the opaque `background`. */
export function over(color: Rgba, background: Rgba): Rgba {
  const mix = (c: number, b: number) => color.a * c + (1 - color.a) * b;
  return { r: mix(color.r, background.r), g: mix(color.g, background.g), b: mix(color.b, background.b), a: 1 };
}

/** WCAG 2 relative luminance of an opaque colour. */
export function relativeLuminance({ r, g, b }: Rgba): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio (1..21) of `color` (painted over `background`) against `background`. */
export function contrastRatio(color: Rgba, background: Rgba): number {
  const a = relativeLuminance(over(color, background));
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

function mixTowards(color: Rgba, target: Rgba, t: number): Rgba {
  const mix = (c: number, d: number) => c + t * (d - c);
  return { r: mix(color.r, target.r), g: mix(color.g, target.g), b: mix(color.b, target.b), a: 1 };
}

/**
 * `color`, made opaque, as a hex colour with at least `minRatio` contrast on `background`: unchanged when it has it,
 * else mixed the least towards `towards` (the theme's foreground) that reaches it, else towards white or black.
 */
export function readableOn(color: string, background: string, towards: string, minRatio = 3): string {
  const bg = parseColor(background);
  const fg = parseColor(color);
  if (!bg || !fg) return color;
  const opaqueBg = { ...bg, a: 1 };
  // A line is drawn in the theme's hue at full strength: some themes give chart colours half alpha (meant for
  // fills), which on the background would wash a thin line out to brown or peach.
  const start = { ...fg, a: 1 };
  if (contrastRatio(start, opaqueBg) >= minRatio) return toHex(start);
  const lightBackground = relativeLuminance(opaqueBg) > 0.18;
  const targets = [
    parseColor(towards),
    lightBackground ? { r: 0, g: 0, b: 0, a: 1 } : { r: 255, g: 255, b: 255, a: 1 },
  ];
  for (const target of targets) {
    if (!target || contrastRatio(over(target, opaqueBg), opaqueBg) < minRatio) continue;
    // The ratio grows monotonically along the mix once past the background's side: bisect for the least mix.
    let low = 0;
    let high = 1;
    for (let i = 0; i < 30; i++) {
      const mid = (low + high) / 2;
      if (contrastRatio(mixTowards(start, over(target, opaqueBg), mid), opaqueBg) >= minRatio) high = mid;
      else low = mid;
    }
    // Rounding to bytes can lose a hair of contrast: step on until the hex colour itself passes.
    for (let t = high; t <= 1; t += 0.01) {
      const hex = toHex(mixTowards(start, over(target, opaqueBg), Math.min(1, t)));
      if (contrastRatio(parseColor(hex) as Rgba, opaqueBg) >= minRatio) return hex;
    }
  }
  return toHex(start);
}
