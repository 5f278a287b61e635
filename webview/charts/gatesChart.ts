// Chart 4 (LSTM/GRU): each gate along the trajectory: its mean and the fractions of (step, unit) values saturated
// low and high. A sigmoid gate saturates below 0.05 and above 0.95; a tanh candidate at −0.95 and 0.95.
import type { AnalysisResult } from '../../src/core/analysis/types';
import { fmt, fmtPercent } from '../../src/core/format-number';
import { plainMath } from '../../src/core/notation';
import { gateWord, gatesIn, isCandidate } from '../gateWords';
import type { ThemeColors } from '../themeColors';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';

export function gatesChart(result: AnalysisResult, colors: ThemeColors): ChartSpec {
  const cell = result.model.cell;
  const stats = result.gates ?? {};
  const gates = gatesIn(cell, stats);
  const labels = gates.map((g) => gateWord(cell, g));
  const mean = gates.map((g) => stats[g]?.mean ?? 0);
  const low = gates.map((g) => stats[g]?.saturatedLow ?? 0);
  const high = gates.map((g) => stats[g]?.saturatedHigh ?? 0);
  const bar = (label: string, data: number[], color: string, order: number) => ({
    type: 'bar' as const,
    label: plainMath(label),
    mathLabel: label,
    data,
    backgroundColor: color,
    borderColor: color,
    categoryPercentage: 0.8,
    barPercentage: 0.9,
    order,
  });
  const rows = gates.map((g, i) => [
    labels[i],
    fmt(mean[i]),
    fmtPercent(low[i]),
    fmtPercent(high[i]),
    isCandidate(cell, g) ? 'tanh: < −0.95, > 0.95' : 'sigmoid: < 0.05, > 0.95',
  ]);
  const yMin = Math.min(0, ...mean) < 0 ? -1 : 0;
  const forget = cell === 'lstm' ? 'f' : cell === 'gru' ? 'z' : undefined;
  const keeper = forget && stats[forget];
  const note = keeper
    ? `${gateWord(cell, forget)}: mean ${fmt(keeper.mean)}, ${fmtPercent(keeper.saturatedHigh)} of its values above 0.95 (${cell === 'lstm' ? 'the cell path held open' : 'the state carried over'}) and ${fmtPercent(keeper.saturatedLow)} below 0.05 (${cell === 'lstm' ? 'the cell path cut' : 'the state replaced'}).`
    : '';
  return {
    id: 'gates',
    title: 'Gates along the trajectory: mean and saturated fractions',
    description: `Bar chart: for each of the ${gates.length} gates (${gates.join(', ')}) the mean value over every step and unit, and the fractions saturated low and high. ${note} The table below has the numbers.`,
    note,
    table: {
      caption: 'Gates along the trajectory (every step, every unit)',
      headers: ['gate', 'mean', 'saturated low', 'saturated high', 'saturated at'],
      rows,
    },
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          bar('mean', mean, colors.gateMean, 1),
          bar('fraction saturated low', low, colors.saturatedLow, 2),
          bar('fraction saturated high', high, colors.saturatedHigh, 3),
        ],
      } as never,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            type: 'category',
            title: { display: true, text: 'gate', color: colors.foreground },
            ticks: { color: colors.foreground, autoSkip: false, maxRotation: 0 },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            min: yMin,
            max: 1,
            title: { display: true, text: 'mean value, fraction of values', color: colors.foreground },
            ticks: { color: colors.foreground },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items: AnyTooltipItem[]) => (items.length ? rows[items[0].dataIndex][0] : ''),
              label: (item: AnyTooltipItem) => {
                const row = rows[item.dataIndex];
                return item.datasetIndex === 0
                  ? `mean: ${row[1]}`
                  : item.datasetIndex === 1
                    ? `saturated low: ${row[2]}`
                    : `saturated high: ${row[3]}`;
              },
            },
          },
        },
      },
    },
  };
}
