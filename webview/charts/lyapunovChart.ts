// The long run's two charts: the Lyapunov spectrum (index i against λ_i, the zero line marked, ± one standard error
// as a band) and the running estimate of λ₁ over the counted steps with its band. A result carries them only with
// the long run on; its exponents are natural log per step, shown in ln or log10 per step as the header chooses.
import { inLyapunovUnit, lyapunovUnitLabel, type LyapunovUnit } from '../../src/core/analysis/lyapunov-units';
import type { AnalysisResult, LyapunovReport } from '../../src/core/analysis/types';
import { fmt, fmtCount } from '../../src/core/format-number';
import { plainMath } from '../../src/core/notation';
import type { ThemeColors } from '../themeColors';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';

type Point = { x: number; y: number };

/** A value the JSON carried: −∞ (a direction the steps map to zero) arrives as null. */
const asRate = (v: number | null | undefined): number => (typeof v === 'number' ? v : -Infinity);

/** Each value with ± its standard error, in `unit`, as three point lists; non-finite points are left out. */
export function valueAndBand(
  xs: readonly number[],
  values: readonly (number | null)[],
  errors: readonly (number | null)[],
  unit: LyapunovUnit,
): { value: Point[]; upper: Point[]; lower: Point[]; left: number } {
  const value: Point[] = [];
  const upper: Point[] = [];
  const lower: Point[] = [];
  let left = 0;
  xs.forEach((x, i) => {
    const v = asRate(values[i]);
    if (!Number.isFinite(v)) {
      left++;
      return;
    }
    value.push({ x, y: inLyapunovUnit(v, unit) });
    const e = errors[i];
    if (typeof e === 'number' && Number.isFinite(e)) {
      upper.push({ x, y: inLyapunovUnit(v + e, unit) });
      lower.push({ x, y: inLyapunovUnit(v - e, unit) });
    }
  });
  return { value, upper, lower, left };
}

/**
 * The ± one standard error band as one series (one legend entry, one toggle): the upper line, a break (a point
 * with no value, which the line does not span), then the lower line.
 */
function bandDataset(upper: Point[], lower: Point[], color: string) {
  const gap = upper.length && lower.length ? [{ x: upper[upper.length - 1].x, y: null }] : [];
  return {
    type: 'line' as const,
    label: '± one standard error',
    data: [...upper, ...gap, ...lower],
    borderColor: color,
    backgroundColor: color,
    borderWidth: 1,
    borderDash: [4, 3],
    pointRadius: 0,
    spanGaps: false,
    order: 2,
  };
}

function zeroLine(from: number, to: number, colors: ThemeColors) {
  return {
    type: 'line' as const,
    label: 'λ = 0 (neither growth nor decay)',
    data: [
      { x: from, y: 0 },
      { x: to, y: 0 },
    ],
    borderColor: colors.zeroLine,
    backgroundColor: colors.zeroLine,
    borderWidth: 1.5,
    pointRadius: 0,
    order: 3,
  };
}

function axes(xTitle: string, yTitle: string, colors: ThemeColors, xMin: number, xMax: number) {
  return {
    x: {
      type: 'linear' as const,
      min: xMin,
      max: xMax,
      title: { display: true, text: xTitle, color: colors.foreground },
      ticks: { color: colors.foreground },
      grid: { color: colors.grid },
    },
    y: {
      type: 'linear' as const,
      title: { display: true, text: yTitle, color: colors.foreground },
      ticks: { color: colors.foreground },
      grid: { color: colors.grid },
    },
  };
}

export function lyapunovSpectrumChart(result: AnalysisResult, colors: ThemeColors, unit: LyapunovUnit): ChartSpec {
  const ly = result.lyapunov as LyapunovReport;
  const units = lyapunovUnitLabel(unit);
  const index = ly.exponents.map((_, i) => i + 1);
  const { value, upper, lower, left } = valueAndBand(index, ly.exponents, ly.standardError, unit);
  const positive = value.filter((p) => p.y > 0);
  const negative = value.filter((p) => p.y <= 0);
  const k = ly.exponents.length;
  const note = [
    `${fmtCount(k)} largest exponents of ${ly.of}, ${fmtCount(ly.steps)} steps after a warm-up of ${fmtCount(ly.warmup)}; the dashed lines are ± one standard error (batch means).`,
    `${fmtCount(ly.positiveCount)} positive: ${ly.positiveCount > 0 ? 'directions along which small differences grow (chaos)' : 'every direction contracts, so gradients vanish at long lags'}.`,
    left > 0 ? `${fmtCount(left)} exponent(s) are −∞ (the steps map a direction to zero) and are not drawn.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = ly.exponents.map((v, i) => [
    String(i + 1),
    fmt(inLyapunovUnit(asRate(v), unit)),
    ly.standardError[i] === null ? '—' : fmt(inLyapunovUnit(ly.standardError[i] as number, unit)),
  ]);
  const point = (color: string) => ({
    type: 'scatter' as const,
    borderColor: color,
    backgroundColor: color,
    pointRadius: k > 100 ? 2 : 3.5,
    order: 1,
  });
  // Whole indices only: the half-step margins keep the first and last points off the plot's edges.
  const spectrumAxes = () => {
    const scales = axes('index i', plainMath(`λ_i (${units})`), colors, 0.5, k + 0.5);
    return {
      ...scales,
      x: {
        ...scales.x,
        ticks: {
          ...scales.x.ticks,
          callback: (v: number | string) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? String(v) : ''),
        },
      },
    };
  };
  return {
    id: 'lyapunov',
    title: `Lyapunov spectrum λ_i (${units})`,
    description: `Scatter chart: the ${k} largest Lyapunov exponents against their index, in ${units}, with the zero line and ± one standard error. ${ly.positiveCount} are positive. The table below has the values.`,
    note,
    table: {
      caption: `Lyapunov exponents (${units})`,
      headers: ['i', 'λ_i', 'standard error'],
      rows,
    },
    config: {
      type: 'scatter',
      data: {
        datasets: [
          { ...point(colors.exponent), label: 'λ_i ≤ 0', data: negative },
          ...(positive.length ? [{ ...point(colors.positiveExponent), label: 'λ_i > 0', data: positive }] : []),
          bandDataset(upper, lower, colors.exponent),
          zeroLine(0.5, k + 0.5, colors),
        ],
      } as never,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: spectrumAxes(),
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item: AnyTooltipItem) => item.datasetIndex < (positive.length ? 2 : 1),
            callbacks: {
              label: (item: AnyTooltipItem) => {
                const i = (item.raw as Point).x - 1;
                return `λ_${i + 1} = ${rows[i][1]} ± ${rows[i][2]} ${units}`;
              },
            },
          },
        },
      },
    },
  };
}

export function runningLambda1Chart(result: AnalysisResult, colors: ThemeColors, unit: LyapunovUnit): ChartSpec {
  const ly = result.lyapunov as LyapunovReport;
  const units = lyapunovUnitLabel(unit);
  const { step, lambda1, standardError } = ly.runningLambda1;
  const { value, upper, lower } = valueAndBand(step, lambda1, standardError, unit);
  const last = step.length ? step[step.length - 1] : 1;
  const final = fmt(inLyapunovUnit(asRate(ly.exponents[0]), unit));
  const note = `λ₁ estimated from the first t counted steps; the dashed band is the final standard error scaled by √(T / t). A curve that has settled inside its band by T = ${fmtCount(ly.steps)} has converged (final λ₁ = ${final} ${units}).${ly.stoppedEarly ? ' The run stopped early: every standard error fell below the tolerance.' : ''}`;
  const rows = step.map((t, i) => [
    fmtCount(t),
    fmt(inLyapunovUnit(asRate(lambda1[i]), unit)),
    standardError[i] === null ? '—' : fmt(inLyapunovUnit(standardError[i] as number, unit)),
  ]);
  return {
    id: 'lyapunovRunning',
    title: `Running estimate of λ_1 (${units})`,
    description: `Line chart: the estimate of the largest Lyapunov exponent after each of ${step.length} points of the ${ly.steps} counted steps, with its standard-error band. The table below has the values.`,
    note,
    table: {
      caption: `Running λ_1 (${units})`,
      headers: ['step t', 'λ_1', 'standard error'],
      rows,
    },
    config: {
      type: 'line',
      data: {
        datasets: [
          {
            type: 'line' as const,
            label: 'λ₁ after t steps',
            data: value,
            borderColor: colors.runningLambda1,
            backgroundColor: colors.runningLambda1,
            borderWidth: 2,
            pointRadius: 0,
            order: 1,
          },
          bandDataset(upper, lower, colors.runningLambda1),
          zeroLine(step[0] ?? 0, last, colors),
        ],
      } as never,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: axes('counted step t', `λ₁ (${units})`, colors, step[0] ?? 0, last),
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item: AnyTooltipItem) => item.datasetIndex === 0,
            callbacks: {
              title: (items: AnyTooltipItem[]) => (items.length ? `t = ${fmtCount((items[0].raw as Point).x)}` : ''),
              label: (item: AnyTooltipItem) => {
                const row = rows[step.indexOf((item.raw as Point).x)];
                return row ? `λ₁ = ${row[1]} ± ${row[2]} ${units}` : '';
              },
            },
          },
        },
      },
    },
  };
}
