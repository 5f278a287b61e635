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
  type Plugin,
} from 'chart.js';
import { fmt } from '../../src/core/format-number';

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
  );
}

/** Short number for labels and tables: the rule every number people read follows. */
export function formatNumber(x: number): string {
  return fmt(x);
}

export { Chart };
