// Chart 2: the eigenvalues of W_hh in the complex plane, with the unit circle, the 1/γ circle and the largest.
// For an LSTM/GRU: of the step Jacobian linearised at the origin, or of the gate block chosen in the header.
import type { AnalysisResult } from '../../src/core/analysis/types';
import type { ThemeColors } from '../themeColors';
import type { AnyTooltipItem, ChartSpec } from './chartSpec';
import { formatNumber } from './chartSetup';
import { fmtMagnitude } from '../../src/core/format-number';
import { shownSpectrum } from '../spectrumChoice';

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

export function eigenvalueChart(result: AnalysisResult, colors: ThemeColors, choice?: string): ChartSpec {
  const spectrum = shownSpectrum(result, choice);
  const name = spectrum.name;
  // ρ beyond float64 (null) is ∞ here: no point is drawn beside it, its label gives it from the log10.
  const rho = spectrum.spectralRadius ?? Infinity;
  const rhoText = fmtMagnitude(spectrum.spectralRadius, spectrum.log10SpectralRadius);
  const drawable = spectrum.eigenvalues.filter(([re, im]) => Number.isFinite(Math.hypot(re, im)));
  // Only W_hh of a vanilla RNN has a 1/γ circle: a gated cell's origin Jacobian already holds σ′(0).
  const gamma = spectrum.gamma;
  const inverseGamma = gamma !== undefined && gamma > 0 ? 1 / gamma : Infinity;
  const ordinary: PlanePoint[] = [];
  const largest: PlanePoint[] = [];
  for (const [re, im] of drawable) {
    (isLargest(Math.hypot(re, im), rho) ? largest : ordinary).push({ x: re, y: im });
  }
  const extent =
    1.1 *
    Math.max(1, ...drawable.map(([re, im]) => Math.hypot(re, im)), Number.isFinite(inverseGamma) ? inverseGamma : 1);
  const showGammaCircle = Number.isFinite(inverseGamma) && Math.abs(inverseGamma - 1) > 1e-12;
  const hasGammaCircle = gamma !== undefined;
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
    hasGammaCircle && {
      type: 'line' as const,
      label: gammaLabel,
      data: showGammaCircle ? circle(inverseGamma) : [],
      borderColor: colors.gammaCircle,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHitRadius: 0,
    },
  ].filter((d) => d !== false);
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
    title: `Eigenvalues of ${name} in the complex plane`,
    description: `Scatter plot of the ${spectrum.eigenvalues.length} eigenvalues of ${name} with the unit circle${hasGammaCircle ? ' and the 1/γ circle' : ''}; spectral radius ${rhoText}. The table below lists them.`,
    note: `${outside} of ${spectrum.eigenvalues.length} eigenvalues lie outside the unit circle.${drawable.length < spectrum.eigenvalues.length ? ` ${spectrum.eigenvalues.length - drawable.length} lie beyond float64 (|λ| up to ${rhoText}) and are not drawn.` : ''}`,
    equalAspect: true,
    table: {
      caption: `Eigenvalues of ${name}, by decreasing modulus`,
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
