// What each chart module hands to the generic chart panel: a chart.js configuration, a table, a note.
import type { ChartConfiguration, ChartTypeRegistry, TooltipItem } from 'chart.js';

/** Tooltip callbacks see items of any chart type: the configurations mix line, scatter and bar datasets. */
export type AnyTooltipItem = TooltipItem<keyof ChartTypeRegistry>;
import type { PanelChartId } from '../../src/protocol';

export interface ChartTable {
  caption: string;
  headers: string[];
  rows: string[][];
}

/** Text drawn on the canvas at a plot edge: where a clipped curve goes, or what a marker is. */
export interface EdgeLabel {
  text: string;
  color: string;
  /** The x value (data units) the label stands at. */
  x: number;
  side: 'top' | 'bottom';
}

/** Titles, labels and table headers are in the notation's source form (src/core/notation.ts). */
export interface ChartSpec {
  id: PanelChartId;
  title: string;
  /** Short description for the canvas's aria-label. */
  description: string;
  config: ChartConfiguration;
  table: ChartTable;
  /** Plain words under the chart: clamping, what the chart shows for this model ('' for none). */
  note: string;
  /** Keep the plot area square (the eigenvalue chart). */
  equalAspect?: boolean;
}
