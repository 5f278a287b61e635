// The chart's legend as page elements rather than canvas text: labels with real sub/superscripts, swatches that
// show each series' line style (width, dashes, marker), and buttons that hide or show a series.
import type { Chart } from 'chart.js';
import { plainMath } from '../../src/core/notation';
import { mathNodes } from '../mathText';

const SVG = 'http://www.w3.org/2000/svg';
const SWATCH = { width: 32, height: 14 };

interface LegendDataset {
  type?: string;
  label?: string;
  mathLabel?: string;
  borderColor?: unknown;
  backgroundColor?: unknown;
  borderWidth?: unknown;
  borderDash?: unknown;
  pointStyle?: unknown;
}

function svgElement(name: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function swatch(dataset: LegendDataset, chartType: string): SVGElement {
  const svg = svgElement('svg', {
    width: SWATCH.width,
    height: SWATCH.height,
    viewBox: `0 0 ${SWATCH.width} ${SWATCH.height}`,
  });
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('legend-swatch');
  const stroke = String(dataset.borderColor ?? 'currentColor');
  const fill = String(dataset.backgroundColor ?? stroke);
  const type = dataset.type ?? chartType;
  const mid = SWATCH.height / 2;
  if (type === 'bar') {
    svg.append(svgElement('rect', { x: 8, y: 1, width: 16, height: SWATCH.height - 2, fill }));
  } else if (type === 'scatter') {
    const marker =
      dataset.pointStyle === 'rectRot'
        ? svgElement('rect', {
            x: 11,
            y: mid - 5,
            width: 10,
            height: 10,
            transform: `rotate(45 16 ${mid})`,
            fill,
            stroke,
            'stroke-width': 1.5,
          })
        : svgElement('circle', { cx: 16, cy: mid, r: 3.5, fill, stroke });
    svg.append(marker);
  } else {
    const width = Math.min(6, Number(dataset.borderWidth ?? 2) || 2);
    const dash = Array.isArray(dataset.borderDash) ? dataset.borderDash.join(' ') : '';
    svg.append(
      svgElement('line', {
        x1: 1,
        y1: mid,
        x2: SWATCH.width - 1,
        y2: mid,
        stroke,
        'stroke-width': width,
        'stroke-dasharray': dash,
      }),
    );
  }
  return svg;
}

/** A list of toggle buttons, one per dataset of `chart`, in dataset order. */
export function renderLegend(list: HTMLElement, chart: Chart): void {
  const chartType = String((chart.config as { type?: string }).type ?? 'line');
  const items = chart.data.datasets.map((raw, index) => {
    const dataset = raw as LegendDataset;
    const item = document.createElement('li');
    item.dataset.color = String(dataset.borderColor ?? '');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'legend-item';
    toggle.setAttribute('aria-pressed', String(chart.isDatasetVisible(index)));
    toggle.title = 'Show or hide this series';
    const label = document.createElement('span');
    label.className = 'legend-label';
    label.append(...mathNodes(dataset.mathLabel ?? dataset.label ?? ''));
    toggle.append(swatch(dataset, chartType), label);
    toggle.addEventListener('click', () => {
      const visible = !chart.isDatasetVisible(index);
      chart.setDatasetVisibility(index, visible);
      chart.update();
      toggle.setAttribute('aria-pressed', String(visible));
    });
    item.append(toggle);
    return item;
  });
  list.replaceChildren(...items);
}

/**
 * The chart as a PNG data URL with its legend drawn below it (the page's legend is HTML, which an exported image
 * would lose): plain-Unicode labels, the same swatches, on the theme's background.
 */
export function pngWithLegend(canvas: HTMLCanvasElement, chart: Chart, background: string): string {
  const scale = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : 1;
  const style = getComputedStyle(document.body);
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  const font = `${12 * scale}px ${style.fontFamily || 'sans-serif'}`;
  ctx.font = font;
  const [pad, swatchWidth, gap, itemGap, rowHeight] = [8, 28, 6, 16, 18].map((v) => v * scale);
  const chartType = String((chart.config as { type?: string }).type ?? 'line');
  const entries = chart.data.datasets
    .map((raw, index) => ({ dataset: raw as LegendDataset, index }))
    .filter(({ index }) => chart.isDatasetVisible(index))
    .map(({ dataset }) => ({ dataset, label: plainMath(dataset.mathLabel ?? dataset.label ?? '') }));
  let x = pad;
  let row = 0;
  const placed = entries.map((entry) => {
    const width = swatchWidth + gap + ctx.measureText(entry.label).width;
    if (x > pad && x + width > canvas.width - pad) {
      row++;
      x = pad;
    }
    const at = { ...entry, x, row };
    x += width + itemGap;
    return at;
  });
  out.width = canvas.width;
  out.height = canvas.height + (entries.length ? (row + 1) * rowHeight + pad : 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  ctx.font = font;
  ctx.textBaseline = 'middle';
  for (const { dataset, label, x: left, row: r } of placed) {
    const y = canvas.height + pad / 2 + r * rowHeight + rowHeight / 2;
    const stroke = String(dataset.borderColor ?? style.color);
    const fill = String(dataset.backgroundColor ?? stroke);
    const type = dataset.type ?? chartType;
    ctx.save();
    if (type === 'bar') {
      ctx.fillStyle = fill;
      ctx.fillRect(left + swatchWidth / 4, y - rowHeight / 3, swatchWidth / 2, (2 * rowHeight) / 3);
    } else if (type === 'scatter') {
      ctx.fillStyle = fill;
      ctx.beginPath();
      ctx.arc(left + swatchWidth / 2, y, 4 * scale, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = Math.min(6, Number(dataset.borderWidth ?? 2) || 2) * scale;
      ctx.setLineDash(Array.isArray(dataset.borderDash) ? dataset.borderDash.map((d: number) => d * scale) : []);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + swatchWidth, y);
      ctx.stroke();
    }
    ctx.restore();
    ctx.fillStyle = style.color;
    ctx.fillText(label, left + swatchWidth + gap, y);
  }
  return out.toDataURL('image/png');
}
