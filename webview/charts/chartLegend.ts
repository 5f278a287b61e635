// The chart's legend as page elements rather than canvas text: labels with real sub/superscripts, swatches that
// show each series' line style (width, dashes, marker), and buttons that hide or show a series.
import type { Chart } from 'chart.js';
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
  const svg = svgElement('svg', { width: SWATCH.width, height: SWATCH.height, viewBox: `0 0 ${SWATCH.width} ${SWATCH.height}` });
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('legend-swatch');
  const stroke = String(dataset.borderColor ?? 'currentColor');
  const fill = String(dataset.backgroundColor ?? stroke);
  const type = dataset.type ?? chartType;
  const mid = SWATCH.height / 2;
  if (type === 'bar') {
    svg.append(svgElement('rect', { x: 8, y: 1, width: 16, height: SWATCH.height - 2, fill }));
  } else if (type === 'scatter') {
    const marker = dataset.pointStyle === 'rectRot'
      ? svgElement('rect', { x: 11, y: mid - 5, width: 10, height: 10, transform: `rotate(45 16 ${mid})`, fill, stroke, 'stroke-width': 1.5 })
      : svgElement('circle', { cx: 16, cy: mid, r: 3.5, fill, stroke });
    svg.append(marker);
  } else {
    const width = Math.min(6, Number(dataset.borderWidth ?? 2) || 2);
    const dash = Array.isArray(dataset.borderDash) ? dataset.borderDash.join(' ') : '';
    svg.append(svgElement('line', { x1: 1, y1: mid, x2: SWATCH.width - 1, y2: mid, stroke, 'stroke-width': width, 'stroke-dasharray': dash }));
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
