// Chart 1: ‖∂h_T/∂h_(T−l)‖ against the lag l on a log axis, with the bounds, the threshold and the horizon.
// The axis fits the measured norms; a bound that leaves it is clipped at the edge and labelled with where it goes.
import type { ScriptableContext } from 'chart.js';
import type { AnalysisResult, NormCurve } from '../../src/core/analysis/types';
import { NOTATION, normed, plainMath } from '../../src/core/notation';
import { fitLogRange, formatDecade, formatFromLog10, prepareLogSeries, type LogPoint } from '../logScale';
import type { ThemeColors } from '../themeColors';
import { leavesRange } from './axes';
import type { AnyTooltipItem, ChartSpec, EdgeLabel } from './chartSpec';

export interface JacobianChart extends ChartSpec {
  clampedCount: number;
}

export function jacobianChart(result: AnalysisResult, colors: ThemeColors): JacobianChart {
  const { jacobian, verdict } = result;
  const lags = jacobian.lags;
  const thresholdLog = Math.log10(verdict.threshold);
  const paths = extraPaths(result);
  const range = fitLogRange(
    [jacobian.log10Frobenius, jacobian.log10Spectral, ...paths.flatMap((p) => p.norms.map((n) => p.curve[n.log10]))],
    [thresholdLog],
  );
  const gated = result.model.cell === 'lstm' || result.model.cell === 'gru';
  // An LSTM's state is s = (h, c): its full Jacobian is of s, and the hidden and cell paths are blocks of it.
  const fullNorm = result.model.cell === 'lstm' ? NOTATION.stateJacobianNorm : NOTATION.jacobianNorm;
  const fullLabel = (kind: 'frobenius' | 'spectral') =>
    gated
      ? `full state ${normed(fullNorm, kind)}`
      : kind === 'frobenius'
        ? `Frobenius ${NOTATION.frobeniusNorm}`
        : `spectral ${NOTATION.spectralNorm}`;
  const data = prepareLogSeries(
    lags,
    [
      {
        label: fullLabel('frobenius'),
        log10: jacobian.log10Frobenius,
        linear: jacobian.frobenius,
      },
      {
        label: fullLabel('spectral'),
        log10: jacobian.log10Spectral,
        linear: jacobian.spectral,
      },
      // For a gated cell these are a sup bound of one step on every trajectory, and ρ of the step Jacobian at the
      // origin (which assumes the trajectory stays near s = 0): the core's bounds.*Assumes say so in words.
      {
        label: gated ? `bound ${NOTATION.gatedSupBound}` : `bound ${NOTATION.pascanuBound}`,
        log10: jacobian.bounds.log10Pascanu,
        linear: jacobian.bounds.pascanu,
      },
      {
        label: gated ? `bound ${NOTATION.originSpectralRadiusBound}` : `bound ${NOTATION.spectralRadiusBound}`,
        log10: jacobian.bounds.log10SpectralRadius,
        linear: jacobian.bounds.spectralRadius,
      },
      ...paths.flatMap((p) =>
        p.norms.map((n) => ({ label: n.label, log10: p.curve[n.log10], linear: p.curve[n.linear] })),
      ),
    ],
    range,
  );
  const { floor, ceiling } = data;
  const firstLag = lags[0] ?? 1;
  const lastLag = lags[lags.length - 1] ?? 1;
  // Room past the last lag, so a horizon marker standing on it is not cut in half by the plot's edge.
  const xPad = Math.max(1, Math.round(0.02 * (lastLag - firstLag)));
  const many = lags.length > 60;
  const radius = (ctx: ScriptableContext<'line'>) => ((ctx.raw as LogPoint | undefined)?.clamped ? 4 : many ? 0 : 2);
  const style = (ctx: ScriptableContext<'line'>) =>
    (ctx.raw as LogPoint | undefined)?.clamped ? 'triangle' : 'circle';
  // Measured norms get point markers; the bounds only where a value had to be clamped.
  const boundRadius = (ctx: ScriptableContext<'line'>) => ((ctx.raw as LogPoint | undefined)?.clamped ? 4 : 0);
  // `order`: chart.js paints higher orders first, so the spectral norm (the verdict's line) lies on top of the
  // wider Frobenius band it often coincides with.
  const line = (
    mathLabel: string,
    points: LogPoint[],
    color: string,
    width: number,
    order: number,
    dash: number[] = [],
    tipLabel = mathLabel,
  ) => ({
    label: plainMath(mathLabel),
    mathLabel,
    tipLabel: plainMath(tipLabel),
    data: points,
    borderColor: color,
    backgroundColor: color,
    borderDash: dash,
    borderWidth: width,
    pointRadius: dash.length ? boundRadius : radius,
    pointStyle: style,
    pointHoverRadius: 5,
    order,
  });
  const [frobenius, spectral, pascanu, rho, ...pathSeries] = data.series;
  const pathStyles = paths.flatMap((p) => p.norms.map((n) => ({ color: colors[p.color], ...n })));
  const pathLines = pathSeries.map((series, i) => {
    const style = pathStyles[i];
    return line(series.label, series.points, style.color, style.width, 1, style.dash);
  });
  const horizonLabel = verdict.horizonReachesEnd
    ? `horizon ≥ ${verdict.horizon} (reaches the last lag)`
    : `horizon l = ${verdict.horizon}`;

  const edgeLabels: EdgeLabel[] = [];
  const boundNotes: string[] = [];
  const bound = (series: typeof pascanu, log10: readonly number[], color: string, dash: number[]) => {
    const away = leavesRange(lags, log10, { floor, ceiling });
    if (!away) return line(series.label, series.points, color, 2, 4, dash);
    const where = `${formatFromLog10(away.lastLog10)} at l = ${away.lastLag}`;
    const name = series.label.replace(/^bound /, '');
    edgeLabels.push({
      text: `${away.side === 'top' ? '↑' : '↓'} ${plainMath(name)} → ${where}`,
      color,
      x: away.fromLag,
      side: away.side,
    });
    boundNotes.push(
      `${name} leaves the chart ${away.side === 'top' ? 'above' : 'below'} lag ${away.fromLag} and reaches ${where}.`,
    );
    return line(`${series.label} → ${where}`, series.points, color, 2, 4, dash, series.label);
  };
  const datasets = [
    line(frobenius.label, frobenius.points, colors.frobenius, 7, 3),
    line(spectral.label, spectral.points, colors.spectral, 2.5, 1),
    ...pathLines,
    bound(pascanu, jacobian.bounds.log10Pascanu, colors.pascanu, [8, 4]),
    bound(rho, jacobian.bounds.log10SpectralRadius, colors.spectralRadius, [2, 3]),
    {
      ...line(
        `threshold ${verdict.threshold}`,
        [
          { x: firstLag, y: thresholdLog, clamped: false },
          { x: lastLag + xPad, y: thresholdLog, clamped: false },
        ],
        colors.threshold,
        1.5,
        2,
        [10, 3, 2, 3],
      ),
      pointRadius: 0,
      marker: true,
    },
    {
      ...line(
        horizonLabel,
        [
          { x: verdict.horizon, y: floor, clamped: false },
          { x: verdict.horizon, y: ceiling, clamped: false },
        ],
        colors.horizon,
        3,
        0,
      ),
      pointRadius: 0,
      marker: true,
    },
  ];
  edgeLabels.push({ text: horizonLabel, color: colors.horizon, x: verdict.horizon, side: 'bottom' });

  const notes: string[] = [...boundNotes];
  if (data.clampedCount > 0) {
    notes.push(
      `${data.clampedCount} value(s) are exactly 0 (−∞ on a log axis) and are drawn as triangles at the axis floor ${formatDecade(floor)}.`,
    );
  }
  if (data.underflowCount > 0) {
    notes.push(`${data.underflowCount} value(s) are below float64's range (~1e-308) and are drawn from their log10.`);
  }
  if (!jacobian.exact) notes.push(`Estimated: ${jacobian.method}.`);
  if (result.model.cell === 'gru' && jacobian.hidden)
    notes.push(`A GRU's state is h alone: the hidden path ${NOTATION.jacobianNorm} is the full curve.`);

  const rows = lags.map((l, i) => [
    String(l),
    formatFromLog10(jacobian.log10Frobenius[i]),
    formatFromLog10(jacobian.log10Spectral[i]),
    formatFromLog10(jacobian.bounds.log10Pascanu[i]),
    formatFromLog10(jacobian.bounds.log10SpectralRadius[i]),
    ...paths.flatMap((p) => p.norms.map((n) => formatFromLog10(p.curve[n.log10][i] ?? null))),
  ]);
  return {
    id: 'jacobian',
    // A GRU's state is h: its one curve is the RNN's ∂h_T/∂h_(T−l).
    title:
      result.model.cell === 'lstm'
        ? 'Jacobian norms against the lag l: full state, hidden and cell paths'
        : `${NOTATION.jacobianNorm} against the lag l`,
    description: `Line chart, log scale: Jacobian norms ${plainMath(fullNorm)}${paths.length ? ` and ${paths.map((p) => p.name).join(', ')}` : ''} for lags ${firstLag} to ${lastLag}, with bounds, the threshold ${verdict.threshold} and the ${horizonLabel}. The table below has the numbers.`,
    clampedCount: data.clampedCount,
    note: notes.join(' '),
    table: {
      caption: `Jacobian norms ${fullNorm} by lag (T = ${jacobian.steps})`,
      headers: [
        'lag l',
        gated ? normed(fullNorm, 'frobenius') : NOTATION.frobeniusNorm,
        gated ? normed(fullNorm, 'spectral') : NOTATION.spectralNorm,
        NOTATION.pascanuBound,
        NOTATION.spectralRadiusBound,
        ...paths.flatMap((p) => p.norms.map((n) => n.header)),
      ],
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
            max: lastLag + xPad,
            title: { display: true, text: 'lag l (steps back from T)', color: colors.foreground },
            ticks: { color: colors.foreground, precision: 0, includeBounds: false },
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
          legend: { display: false },
          edgeLabels: { labels: edgeLabels, background: colors.background, fontFamily: colors.fontFamily },
          tooltip: {
            callbacks: {
              title: (items: AnyTooltipItem[]) => (items.length ? `lag l = ${(items[0].raw as LogPoint).x}` : ''),
              label: (item: AnyTooltipItem) => {
                const point = item.raw as LogPoint;
                if ((item.dataset as { marker?: boolean }).marker) return item.dataset.label ?? '';
                const value = point.clamped ? '0 (drawn at the axis floor)' : formatFromLog10(point.y);
                return `${(item.dataset as { tipLabel?: string }).tipLabel ?? item.dataset.label}: ${value}`;
              },
            },
          },
        },
      },
    },
  };
}

type PathColor = 'hiddenPath' | 'cellPath' | 'stackPath' | 'topToBottom';

/** A curve beside the full one: an LSTM's hidden and cell paths, a stack's whole-stack and top-to-bottom paths. */
interface ExtraPath {
  name: string;
  curve: NormCurve;
  color: PathColor;
  norms: {
    label: string;
    header: string;
    log10: 'log10Frobenius' | 'log10Spectral';
    linear: 'frobenius' | 'spectral';
    width: number;
    dash: number[];
  }[];
}

/** The curves drawn beside the full Jacobian, in legend order (none for a single vanilla RNN layer). */
export function extraPaths(result: AnalysisResult): ExtraPath[] {
  const out: ExtraPath[] = [];
  const both = (name: string, norm: string, curve: NormCurve, color: PathColor, dash: number[]): ExtraPath => ({
    name,
    curve,
    color,
    norms: [
      {
        label: `${name} ${normed(norm, 'frobenius')}`,
        header: normed(norm, 'frobenius'),
        log10: 'log10Frobenius',
        linear: 'frobenius',
        width: 5,
        dash,
      },
      {
        label: `${name} ${normed(norm, 'spectral')}`,
        header: normed(norm, 'spectral'),
        log10: 'log10Spectral',
        linear: 'spectral',
        width: 2,
        dash,
      },
    ],
  });
  const { hidden, cell } = result.jacobian;
  // A GRU's hidden path is its full curve: drawn once.
  if (result.model.cell === 'lstm' && hidden)
    out.push(both('hidden path', NOTATION.jacobianNorm, hidden, 'hiddenPath', []));
  if (cell) out.push(both('cell path', NOTATION.cellJacobianNorm, cell, 'cellPath', [6, 3]));
  const stack = result.stack;
  if (stack) {
    const spectralOnly = (name: string, norm: string, curve: NormCurve, color: PathColor, dash: number[]) => ({
      name,
      curve,
      color,
      norms: [
        {
          label: `${name} ${normed(norm, 'spectral')}`,
          header: normed(norm, 'spectral'),
          log10: 'log10Spectral' as const,
          linear: 'spectral' as const,
          width: 2.5,
          dash,
        },
      ],
    });
    out.push(spectralOnly('whole stack', NOTATION.stackJacobianNorm, stack.jacobian, 'stackPath', [12, 4]));
    out.push(spectralOnly('top to bottom', NOTATION.topToBottomJacobianNorm, stack.topToBottom, 'topToBottom', [3, 3]));
  }
  return out;
}
