// Chart 5 (LSTM/GRU): per unit, the memory timescale τ = −1/ln(mean gate) of its forget gate (LSTM) or update
// gate z (GRU), as a histogram: how many units remember for about 1, 10, 100, 1000 steps or longer.
import type { AnalysisResult } from '../../src/core/analysis/types';
import { fmt, fmtCount } from '../../src/core/format-number';
import { binTimescales } from '../../src/core/rnn/cells/timescales';
import type { ThemeColors } from '../themeColors';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';

/** τ = −1/ln(mean gate), in notation source form, for the gate that sets it. */
export function timescaleFormula(cell: string): string {
  return cell === 'gru' ? 'τ = −1/ln z̄' : 'τ = −1/ln f̄';
}

export function timescaleChart(result: AnalysisResult, colors: ThemeColors): ChartSpec {
  const cell = result.model.cell;
  const timescales = result.timescales ?? [];
  const { bins, unplaced } = binTimescales(timescales);
  const gate = cell === 'gru' ? 'update gate z' : 'forget gate f';
  const finite = timescales.filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
  const infinite = timescales.length - finite.length - unplaced;
  // The median over every placed unit, τ = ∞ sorting last.
  const sorted = [...finite].sort((a, b) => a - b);
  const placed = finite.length + infinite;
  const at = (i: number) => (i < sorted.length ? sorted[i] : Infinity);
  const median =
    placed === 0 ? undefined : fmt(placed % 2 ? at((placed - 1) / 2) : (at(placed / 2 - 1) + at(placed / 2)) / 2);
  const note = [
    `${fmtCount(timescales.length)} units; ${timescaleFormula(cell)} from each unit's mean ${gate}.`,
    median !== undefined ? `Median τ = ${median} steps.` : '',
    sorted.length ? `Longest finite τ = ${fmt(sorted[sorted.length - 1])} steps.` : '',
    infinite > 0 ? `${fmtCount(infinite)} unit(s) have a mean gate of exactly 1 (τ = ∞), counted in the last bin.` : '',
    unplaced > 0 ? `${fmtCount(unplaced)} unit(s) have no usable τ and are not counted.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = bins.map((b) => [`${b.label} steps`, fmtCount(b.count)]);
  return {
    id: 'timescales',
    title: `Memory timescales of the units (${timescaleFormula(cell)})`,
    description: `Histogram: how many of the ${timescales.length} units remember for up to 1, 10, 100, 1000 steps or longer, from each unit's mean ${gate}. The table below has the counts.`,
    note,
    table: {
      caption: `Units by memory timescale τ (${gate})`,
      headers: ['τ (steps)', 'units'],
      rows,
    },
    config: {
      type: 'bar',
      data: {
        labels: bins.map((b) => b.label),
        datasets: [
          {
            type: 'bar' as const,
            label: `units by τ of the ${gate}`,
            data: bins.map((b) => b.count),
            backgroundColor: colors.histogram,
            borderColor: colors.histogram,
            barPercentage: 0.95,
            categoryPercentage: 0.9,
          },
        ],
      } as never,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: 'category',
            title: { display: true, text: 'memory timescale τ (steps)', color: colors.foreground },
            ticks: { color: colors.foreground, autoSkip: false, maxRotation: 0 },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            min: 0,
            suggestedMax: Math.max(1, ...bins.map((b) => b.count)),
            title: { display: true, text: 'units', color: colors.foreground },
            ticks: { color: colors.foreground, precision: 0 },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item: AnyTooltipItem) => `${rows[item.dataIndex][1]} unit(s) with τ ${rows[item.dataIndex][0]}`,
            },
          },
        },
      },
    },
  };
}
