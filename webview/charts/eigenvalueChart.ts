// Chart 2: the eigenvalues of W_hh in the complex plane, with the unit circle, the 1/γ circle and the largest.
import type { AnalysisResult } from '../../src/core/analysis/types';
import type { ThemeColors } from '../theme';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';
import { formatNumber } from './chartSetup';
import { fmtMagnitude } from '../../src/core/format-number';
import { NOTATION } from '../../src/core/notation';

interface PlanePoint {
  x: number;
  y: number;
}

function circle(radius: number, segments = 180): PlanePoint[] {
  return Array.from({ length: segments + 1 }, (_, i) => {
    const angle = (2 * Math.PI * i) / segments;
    return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
  });
}

export function formatComplex(re: number, im: number): string {
  if (im === 0) return formatNumber(re);
  const sign = im < 0 ? '−' : '+';
  return `${formatNumber(re)} ${sign} ${formatNumber(Math.abs(im))}i`;
}

/** Eigenvalues whose modulus equals ρ up to rounding: a complex pair, or ±ρ together. */
function isLargest(modulus: number, rho: number): boolean {
  return rho > 0 && Math.abs(modulus - rho) <= 1e-9 * rho;
}

export function eigenvalueChart(result: AnalysisResult, colors: ThemeColors): ChartSpec {
  const { spectrum } = result;
  // ρ beyond float64 (null) is ∞ here: no point is drawn beside it, its label gives it from the log10.
  const rho = spectrum.spectralRadius ?? Infinity;
  const rhoText = fmtMagnitude(spectrum.spectralRadius, spectrum.log10SpectralRadius);
  const drawable = spectrum.eigenvalues.filter(([re, im]) => Number.isFinite(Math.hypot(re, im)));
  const inverseGamma = spectrum.gamma > 0 ? 1 / spectrum.gamma : Infinity;
  const ordinary: PlanePoint[] = [];
  const largest: PlanePoint[] = [];
  for (const [re, im] of drawable) {
    (isLargest(Math.hypot(re, im), rho) ? largest : ordinary).push({ x: re, y: im });
  }
  const extent =
    1.1 *
    Math.max(1, ...drawable.map(([re, im]) => Math.hypot(re, im)), Number.isFinite(inverseGamma) ? inverseGamma : 1);
  const showGammaCircle = Number.isFinite(inverseGamma) && Math.abs(inverseGamma - 1) > 1e-12;
  const gammaLabel = showGammaCircle
    ? `|λ| = 1/γ = ${formatNumber(inverseGamma)}`
    : `|λ| = 1/γ = 1 (the unit circle, γ = 1)`;
  const datasets = [
    {
      type: 'scatter' as const,
      label: `eigenvalues (${spectrum.eigenvalues.length})`,
      data: ordinary,
      backgroundColor: colors.eigenvalue,
      borderColor: colors.eigenvalue,
      pointRadius: 3,
      pointHoverRadius: 6,
    },
    {
      type: 'scatter' as const,
      label: `largest |λ| = ρ = ${rhoText}`,
      data: largest,
      backgroundColor: colors.largest,
      borderColor: colors.foreground,
      borderWidth: 1.5,
      pointRadius: 6,
      pointHoverRadius: 8,
      pointStyle: 'rectRot' as const,
    },
    {
      type: 'line' as const,
      label: 'unit circle |λ| = 1',
      data: circle(1),
      borderColor: colors.circle,
      borderWidth: 1,
      pointRadius: 0,
      pointHitRadius: 0,
    },
    {
      type: 'line' as const,
      label: gammaLabel,
      data: showGammaCircle ? circle(inverseGamma) : [],
      borderColor: colors.gammaCircle,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHitRadius: 0,
    },
  ];
  const rows = spectrum.eigenvalues.map(([re, im], i) => [
    String(i + 1),
    formatNumber(re),
    formatNumber(im),
    formatNumber(Math.hypot(re, im)),
    isLargest(Math.hypot(re, im), rho) ? 'largest' : '',
  ]);
  const outside = spectrum.eigenvalues.filter(([re, im]) => Math.hypot(re, im) > 1).length;
  return {
    id: 'eigenvalues',
    title: `Eigenvalues of ${NOTATION.recurrentWeight} in the complex plane`,
    description: `Scatter plot of the ${spectrum.eigenvalues.length} eigenvalues of W_hh with the unit circle and the 1/γ circle; spectral radius ${rhoText}. The table below lists them.`,
    note: `${outside} of ${spectrum.eigenvalues.length} eigenvalues lie outside the unit circle.${drawable.length < spectrum.eigenvalues.length ? ` ${spectrum.eigenvalues.length - drawable.length} lie beyond float64 (|λ| up to ${rhoText}) and are not drawn.` : ''}`,
    equalAspect: true,
    table: {
      caption: 'Eigenvalues of W_hh, by decreasing modulus',
      headers: ['#', 'real', 'imaginary', '|λ|', ''],
      rows,
    },
    config: {
      type: 'scatter',
      data: { datasets } as never,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: 'linear',
            min: -extent,
            max: extent,
            title: { display: true, text: 'Re λ', color: colors.foreground },
            ticks: { color: colors.foreground, includeBounds: false },
            grid: { color: colors.grid },
          },
          y: {
            type: 'linear',
            min: -extent,
            max: extent,
            title: { display: true, text: 'Im λ', color: colors.foreground },
            ticks: { color: colors.foreground, includeBounds: false },
            grid: { color: colors.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item: AnyTooltipItem) => item.datasetIndex < 2,
            callbacks: {
              label: (item: AnyTooltipItem) => {
                const { x, y } = item.raw as PlanePoint;
                return `λ = ${formatComplex(x, y)}, |λ| = ${formatNumber(Math.hypot(x, y))}`;
              },
            },
          },
        },
      },
    },
  };
}
