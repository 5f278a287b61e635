// Chart 1: ‖∂h_T/∂h_{T−l}‖ against the lag l on a log axis, with the bounds, the threshold and the horizon.
import type { ScriptableContext } from 'chart.js';
import type { AnalysisResult } from '../../src/core/analysis/types';
import { formatDecade, formatFromLog10, prepareLogSeries, type LogPoint } from '../logScale';
import type { ThemeColors } from '../theme';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';

export interface JacobianChart extends ChartSpec {
  clampedCount: number;
}

export function jacobianChart(result: AnalysisResult, colors: ThemeColors): JacobianChart {
  const { jacobian, verdict } = result;
  const lags = jacobian.lags;
  const data = prepareLogSeries(lags, [
    { label: 'Frobenius ‖·‖_F', log10: jacobian.log10Frobenius, linear: jacobian.frobenius },
    { label: 'spectral ‖·‖₂', log10: jacobian.log10Spectral, linear: jacobian.spectral },
    { label: 'bound (γσ_max)^l', log10: jacobian.bounds.log10Pascanu, linear: jacobian.bounds.pascanu },
    { label: 'bound ρ^l', log10: jacobian.bounds.log10SpectralRadius, linear: jacobian.bounds.spectralRadius },
  ]);
  const thresholdLog = Math.log10(verdict.threshold);
  const floor = Math.min(data.floor, Math.floor(thresholdLog) - 1);
  const ceiling = Math.max(data.ceiling, Math.ceil(thresholdLog) + 1);
  const firstLag = lags[0] ?? 1;
  const lastLag = lags[lags.length - 1] ?? 1;
  const many = lags.length > 60;
  const radius = (ctx: ScriptableContext<'line'>) => ((ctx.raw as LogPoint | undefined)?.clamped ? 4 : many ? 0 : 2);
  const style = (ctx: ScriptableContext<'line'>) => ((ctx.raw as LogPoint | undefined)?.clamped ? 'triangle' : 'circle');
  // Measured norms get point markers; the bounds only where a value had to be clamped.
  const boundRadius = (ctx: ScriptableContext<'line'>) => ((ctx.raw as LogPoint | undefined)?.clamped ? 4 : 0);
  const line = (label: string, points: LogPoint[], color: string, dash: number[] = []) => ({
    label,
    data: points,
    borderColor: color,
    backgroundColor: color,
    borderDash: dash,
    borderWidth: 2,
    pointRadius: dash.length ? boundRadius : radius,
    pointStyle: style,
    pointHoverRadius: 5,
  });
  const [frobenius, spectral, pascanu, rho] = data.series;
  const horizonLabel = verdict.horizonReachesEnd
    ? `horizon ≥ ${verdict.horizon} (reaches the last lag)`
    : `horizon l = ${verdict.horizon}`;
  const datasets = [
    line(frobenius.label, frobenius.points, colors.frobenius),
    line(spectral.label, spectral.points, colors.spectral),
    line(pascanu.label, pascanu.points, colors.pascanu, [6, 4]),
    line(rho.label, rho.points, colors.spectralRadius, [2, 3]),
    {
      ...line(`threshold ${verdict.threshold}`, [
        { x: firstLag, y: thresholdLog, clamped: false },
        { x: lastLag, y: thresholdLog, clamped: false },
      ], colors.threshold, [3, 3]),
      pointRadius: 0,
      borderWidth: 1.5,
    },
    {
      ...line(horizonLabel, [
        { x: verdict.horizon, y: floor, clamped: false },
        { x: verdict.horizon, y: ceiling, clamped: false },
      ], colors.horizon),
      pointRadius: 0,
      borderWidth: 2,
    },
  ];
  const notes: string[] = [];
  if (data.clampedCount > 0) {
    notes.push(
      `${data.clampedCount} value(s) are exactly 0 (−∞ on a log axis) and are drawn as triangles at the axis floor ${formatDecade(floor)}.`,
    );
  }
  if (data.underflowCount > 0) {
    notes.push(`${data.underflowCount} value(s) are below float64's range (~1e-308) and are drawn from their log10.`);
  }
  if (!jacobian.exact) notes.push(`Estimated: ${jacobian.method}.`);

  const rows = lags.map((l, i) => [
    String(l),
    formatFromLog10(jacobian.log10Frobenius[i]),
    formatFromLog10(jacobian.log10Spectral[i]),
    formatFromLog10(jacobian.bounds.log10Pascanu[i]),
    formatFromLog10(jacobian.bounds.log10SpectralRadius[i]),
  ]);
  return {
    id: 'jacobian',
    title: '‖∂h_T/∂h_{T−l}‖ against the lag l',
    description: `Line chart, log scale: Jacobian norms for lags ${firstLag} to ${lastLag}, with bounds, the threshold ${verdict.threshold} and the ${horizonLabel}. The table below has the numbers.`,
    clampedCount: data.clampedCount,
    note: notes.join(' '),
    table: {
      caption: `Jacobian norms ‖∂h_T/∂h_{T−l}‖ by lag (T = ${jacobian.steps})`,
      headers: ['lag l', '‖·‖_F', '‖·‖₂', '(γσ_max)^l', 'ρ^l'],
      rows,
    },
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: { xAxisKey: 'x', yAxisKey: 'y' },
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: {
          x: {
            type: 'linear',
            min: verdict.horizon < firstLag ? verdict.horizon : firstLag,
            max: lastLag,
            title: { display: true, text: 'lag l (steps back from T)', color: colors.foreground },
            ticks: { color: colors.foreground, precision: 0 },
            grid: { color: colors.grid },
          },
          y: {
            type: 'linear',
            min: floor,
            max: ceiling,
            title: { display: true, text: 'norm (log scale)', color: colors.foreground },
            ticks: {
              color: colors.foreground,
              includeBounds: false,
              callback: (value) => (Number.isInteger(Number(value)) ? formatDecade(Number(value)) : ''),
            },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { labels: { color: colors.foreground, boxWidth: 18 } },
          tooltip: {
            callbacks: {
              title: (items: AnyTooltipItem[]) => (items.length ? `lag l = ${(items[0].raw as LogPoint).x}` : ''),
              label: (item: AnyTooltipItem) => {
                const point = item.raw as LogPoint;
                if (item.datasetIndex >= 4) return item.dataset.label ?? '';
                const value = point.clamped ? '0 (drawn at the axis floor)' : formatFromLog10(point.y);
                return `${item.dataset.label}: ${value}`;
              },
            },
          },
        },
      },
    },
  };
}
