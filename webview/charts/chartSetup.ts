// Registers only the chart.js parts the panel uses (keeps the bundle small; chart.js needs no eval).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartType,
  type Plugin,
} from 'chart.js';
import { fmt } from '../../src/core/format-number';
import type { EdgeLabel } from './chartSpec';

interface EdgeLabelOptions {
  labels?: EdgeLabel[];
  background?: string;
  fontFamily?: string;
}

// Our plugins' options, typed where chart.js looks them up.
declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a merged interface repeats chart.js's type parameter
  interface PluginOptionsByType<TType extends ChartType> {
    themeBackground?: { color?: string };
    edgeLabels?: EdgeLabelOptions;
  }
}

let registered = false;

/** Paints the canvas with the editor background first, so exported PNGs are not transparent. */
const backgroundPlugin: Plugin = {
  id: 'themeBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    if (!options.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

const LABEL_FONT_PX = 12;

/**
 * Writes each label inside the plot, at its x, against the top or bottom edge (stacked when several share an
 * edge), on a patch of the background so gridlines do not cross the text.
 */
const edgeLabelPlugin: Plugin = {
  id: 'edgeLabels',
  afterDatasetsDraw(chart, _args, options: EdgeLabelOptions) {
    const labels = options.labels ?? [];
    const x = chart.scales.x;
    if (!labels.length || !x) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `${LABEL_FONT_PX}px ${options.fontFamily ?? 'sans-serif'}`;
    ctx.textBaseline = 'middle';
    const stacked = { top: 0, bottom: 0 };
    const lineHeight = LABEL_FONT_PX + 4;
    for (const label of labels) {
      const width = ctx.measureText(label.text).width;
      const at = x.getPixelForValue(label.x);
      // Beside the point, on the side with room.
      const left = at + 6 + width <= chartArea.right ? at + 6 : Math.max(chartArea.left + 2, at - 6 - width);
      const row = stacked[label.side]++;
      const y =
        label.side === 'top'
          ? chartArea.top + 4 + lineHeight * (row + 0.5)
          : chartArea.bottom - 4 - lineHeight * (row + 0.5);
      if (options.background) {
        ctx.fillStyle = options.background;
        ctx.fillRect(left - 2, y - lineHeight / 2, width + 4, lineHeight);
      }
      ctx.fillStyle = label.color;
      ctx.fillText(label.text, left, y);
    }
    ctx.restore();
  },
};

export function registerChartParts(): void {
  if (registered) return;
  registered = true;
  Chart.register(
    LineController,
    ScatterController,
    BarController,
    LineElement,
    PointElement,
    BarElement,
    LinearScale,
    CategoryScale,
    Tooltip,
    Legend,
    backgroundPlugin,
    edgeLabelPlugin,
  );
}

/** Short number for labels and tables: the rule every number people read follows. */
export function formatNumber(x: number): string {
  return fmt(x);
}

export { Chart };
