// Chart 3: the share of ∂E/∂W_hh each lag contributes. W_hh is tied across time, so its gradient is the sum
// of per-step terms; bars near 0 far back are steps learning cannot reach.
import { gradientSourceSentence } from '../../src/core/analysis/gradient-source';
import type { AnalysisResult } from '../../src/core/analysis/types';
import { NOTATION, plainMath } from '../../src/core/notation';
import { formatFromLog10 } from '../logScale';
import type { ThemeColors } from '../themeColors';
import { tickStep } from './axes';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';
import { fmtPercent } from '../../src/core/format-number';

/** The fewest most-recent steps whose shares add up to `fraction` of the gradient (0 if the shares are unusable). */
export function stepsHolding(shares: readonly number[], fraction: number): number {
  let sum = 0;
  for (let i = 0; i < shares.length; i++) {
    if (!Number.isFinite(shares[i])) return 0;
    sum += shares[i];
    if (sum >= fraction - 1e-12) return i + 1;
  }
  return 0;
}

export function gradientShareChart(result: AnalysisResult, colors: ThemeColors): ChartSpec {
  const { gradient } = result;
  const shares = gradient.shareByLag.map((s) => (Number.isFinite(s) ? s : 0));
  const usable = gradient.shareByLag.length > 0 && gradient.shareByLag.every(Number.isFinite) && gradient.frobenius > 0;
  const lags = shares.map((_, l) => l);
  let running = 0;
  const cumulative = shares.map((s) => (running += s));
  const sentence = gradientSourceSentence(gradient.shareByLag, result.verdict.regime);
  const note = !usable
    ? sentence
    : `${sentence} (${NOTATION.tiedGradientNorm} = ${formatFromLog10(Math.log10(gradient.frobenius))}, loss ${NOTATION.loss}.)`;
  const step = tickStep(shares.length);
  const rows = lags.map((l) => [
    String(l),
    fmtPercent(shares[l]),
    formatFromLog10(gradient.log10ByLag[l]),
    fmtPercent(cumulative[l]),
  ]);
  return {
    id: 'gradientShare',
    title: `Share of ${NOTATION.tiedGradient} by lag`,
    description: `Bar chart: the share of the tied weight's gradient contributed by each of the ${shares.length} lags, with the cumulative share. ${note}`,
    note,
    table: {
      caption: `Contribution of each lag to ${NOTATION.tiedGradient}`,
      headers: ['lag l', 'share', NOTATION.lagContributionNorm, 'cumulative'],
      rows,
    },
    config: {
      type: 'bar',
      data: {
        labels: lags.map(String),
        datasets: [
          {
            type: 'bar' as const,
            label: plainMath(`share of ${NOTATION.tiedGradient}`),
            mathLabel: `share of ${NOTATION.tiedGradient}`,
            data: shares.map((s) => 100 * s),
            backgroundColor: colors.bar,
            borderColor: colors.bar,
            barPercentage: 1,
            categoryPercentage: 0.9,
            order: 2,
          },
          {
            type: 'line' as const,
            label: 'cumulative share',
            data: cumulative.map((s) => 100 * s),
            borderColor: colors.cumulative,
            backgroundColor: colors.cumulative,
            borderWidth: 2,
            pointRadius: shares.length > 60 ? 0 : 2,
            order: 1,
          },
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
            title: { display: true, text: 'lag l (steps back from T)', color: colors.foreground },
            // Round lags only (0, 10, 20, …): a label under every bar would crowd 100 lags into a smudge.
            ticks: {
              color: colors.foreground,
              autoSkip: false,
              maxRotation: 0,
              callback: (_value: unknown, index: number) => (index % step === 0 ? String(index) : null),
            },
            grid: { display: false },
          },
          y: {
            type: 'linear',
            min: 0,
            max: 100,
            title: { display: true, text: `% of ${plainMath(NOTATION.tiedGradient)}`, color: colors.foreground },
            ticks: { color: colors.foreground },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items: AnyTooltipItem[]) => (items.length ? `lag l = ${items[0].dataIndex}` : ''),
              label: (item: AnyTooltipItem) =>
                item.datasetIndex === 0
                  ? `share: ${rows[item.dataIndex][1]} (${plainMath(NOTATION.lagContributionNorm)} = ${rows[item.dataIndex][2]})`
                  : `cumulative: ${rows[item.dataIndex][3]}`,
            },
          },
        },
      },
    },
  };
}
