// The regime at each checkpoint as a band behind a chart's lines (chart.js plugin), coloured from the theme.
import type { Plugin } from 'chart.js';
import { REGIME_BAND_VARIABLES, withAlpha } from './timelineView';

const FALLBACK: Readonly<Record<string, string>> = { vanishing: '#3794ff', edge: '#89d185', exploding: '#f14c4c' };
const BAND_ALPHA = 0.16;

/** The band colour of `regime` in the current theme. */
function regimeColor(regime: string): string {
  const variable = (REGIME_BAND_VARIABLES as Record<string, string | undefined>)[regime];
  const value = variable ? getComputedStyle(document.body).getPropertyValue(variable).trim() : '';
  return withAlpha(value || FALLBACK[regime] || '#888888', BAND_ALPHA);
}

/** Each point's regime from halfway to the previous point to halfway to the next. */
export function regimeBand(xs: number[], regimes: string[]): Plugin<'line'> {
  return {
    id: 'regimeBand',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      ctx.save();
      for (let i = 0; i < xs.length; i++) {
        const left = i === 0 ? chartArea.left : x.getPixelForValue((xs[i - 1] + xs[i]) / 2);
        const right = i === xs.length - 1 ? chartArea.right : x.getPixelForValue((xs[i] + xs[i + 1]) / 2);
        ctx.fillStyle = regimeColor(regimes[i]);
        ctx.fillRect(left, chartArea.top, Math.max(1, right - left), chartArea.bottom - chartArea.top);
      }
      ctx.restore();
    },
  };
}
