// One chart on the page: its canvas, a note in plain words, a PNG export button and a table as text alternative.
import type { PanelChartId, PanelReport } from '../../src/protocol';
import { button } from '../controls';
import { mathNodes, setMathText } from '../mathText';
import { pngWithLegend, renderLegend } from './chartLegend';
import { Chart } from './chartSetup';
import type { ChartSpec, ChartTable } from './chartSpec';
import { equalizeAspect } from './equalAspect';

type ChartReport = PanelReport['charts'][number];

export class ChartPanel {
  readonly section: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly headerControls: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLUListElement;
  private readonly noteElement: HTMLParagraphElement;
  private readonly tableHolder: HTMLDetailsElement;
  private chart: Chart | undefined;
  private spec: ChartSpec | undefined;
  private extent = 1;
  private background = '';

  constructor(
    readonly id: PanelChartId,
    onExportPng: (id: PanelChartId) => void,
  ) {
    this.section = document.createElement('section');
    this.section.className = `chart chart-${id}`;
    this.section.setAttribute('aria-labelledby', `${id}-title`);
    const header = document.createElement('div');
    header.className = 'chart-header';
    this.heading = document.createElement('h2');
    this.heading.id = `${id}-title`;
    this.headerControls = document.createElement('div');
    this.headerControls.className = 'chart-header-controls';
    header.append(
      this.heading,
      this.headerControls,
      button('PNG', () => onExportPng(id), 'secondary', 'Export this chart as a PNG image'),
    );
    const box = document.createElement('div');
    box.className = 'chart-box';
    this.canvas = document.createElement('canvas');
    this.canvas.id = `${id}-canvas`;
    this.canvas.setAttribute('role', 'img');
    box.append(this.canvas);
    this.legend = document.createElement('ul');
    this.legend.className = 'chart-legend';
    this.legend.id = `${id}-legend`;
    this.legend.setAttribute('aria-label', 'Legend');
    this.noteElement = document.createElement('p');
    this.noteElement.className = 'chart-note';
    this.noteElement.id = `${id}-note`;
    this.tableHolder = document.createElement('details');
    this.tableHolder.className = 'chart-table';
    this.tableHolder.addEventListener('toggle', () => {
      if (this.tableHolder.open) this.fillTable();
    });
    this.section.append(header, box, this.legend, this.noteElement, this.tableHolder);
  }

  /** A control beside the title (the eigenvalue chart's spectrum choice); undefined removes it. */
  setHeaderControl(control: HTMLElement | undefined): void {
    this.headerControls.replaceChildren(...(control ? [control] : []));
  }

  show(spec: ChartSpec, background: string): void {
    this.spec = spec;
    this.background = background;
    setMathText(this.heading, spec.title);
    this.canvas.setAttribute('aria-label', spec.description);
    this.canvas.setAttribute('aria-describedby', `${this.id}-note`);
    setMathText(this.noteElement, spec.note);
    this.noteElement.hidden = !spec.note;
    this.renderTable(spec.table);
    const plugins = (spec.config.options ??= {}).plugins ?? {};
    (plugins as Record<string, unknown>).themeBackground = { color: background };
    spec.config.options.plugins = plugins;
    if (spec.equalAspect) {
      this.extent = Number((spec.config.options.scales?.x as { max?: number } | undefined)?.max ?? 1);
      // The chart being resized is passed in: during construction this.chart is not yet the new one.
      spec.config.options.onResize = (chart) => this.keepEqualAspect(chart);
    }
    this.chart?.destroy();
    this.chart = undefined;
    this.chart = new Chart(this.canvas, spec.config);
    if (spec.equalAspect) this.keepEqualAspect(this.chart);
    renderLegend(this.legend, this.chart);
  }

  private keepEqualAspect(chart: Chart): void {
    if (!chart.chartArea) return;
    const scales = chart.options.scales as unknown as Parameters<typeof equalizeAspect>[1];
    // Two passes: new tick labels can change the plot area a little.
    for (let pass = 0; pass < 2; pass++) {
      if (!equalizeAspect(chart.chartArea, scales, this.extent)) break;
      chart.update('none');
    }
  }

  private pendingTable: ChartTable | undefined;

  /** The summary line now; the rows only when the table is opened (T can be 100 000 lags). */
  private renderTable(table: ChartTable): void {
    const summary = document.createElement('summary');
    summary.append('Table: ', ...mathNodes(table.caption), ` (${table.rows.length} rows)`);
    this.tableHolder.replaceChildren(summary);
    this.pendingTable = table;
    if (this.tableHolder.open) this.fillTable();
  }

  private fillTable(): void {
    const table = this.pendingTable;
    if (!table) return;
    this.pendingTable = undefined;
    const element = document.createElement('table');
    const caption = document.createElement('caption');
    caption.append(...mathNodes(table.caption));
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    for (const h of table.headers) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.append(...mathNodes(h));
      headRow.append(th);
    }
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const row of table.rows) {
      const tr = document.createElement('tr');
      for (const cell of row) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      body.append(tr);
    }
    element.append(caption, head, body);
    this.tableHolder.append(element);
  }

  /** The chart as drawn, with its legend, as PNG data URL (on the theme's background). */
  pngDataUrl(): string {
    return this.chart ? pngWithLegend(this.canvas, this.chart, this.background) : this.canvas.toDataURL('image/png');
  }

  report(): ChartReport {
    const datasets = (this.chart?.data.datasets ?? []).map((d, i) => ({
      label: String(d.label ?? ''),
      points: this.chart?.getDatasetMeta(i).data.length ?? 0,
    }));
    const rect = this.canvas.getBoundingClientRect();
    return {
      id: this.id,
      title: this.heading.textContent ?? '',
      datasets,
      tableRows: this.spec?.table.rows.length ?? 0,
      width: Math.round(rect.width),
      height: Math.round(rect.height),
    };
  }

  pixelsPerUnit(): { x: number; y: number } {
    const chart = this.chart;
    if (!chart) return { x: 0, y: 0 };
    const { x, y } = chart.scales;
    return {
      x: Math.abs(x.getPixelForValue(1) - x.getPixelForValue(0)),
      y: Math.abs(y.getPixelForValue(1) - y.getPixelForValue(0)),
    };
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
