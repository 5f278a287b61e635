// Keeps the complex plane's circles round: the same number of pixels per unit on both axes.

/**
 * Widens one axis so a unit spans as many pixels on x as on y (a circle looks round), whatever the canvas shape.
 * Returns true when it changed the scales and the chart must be updated.
 */
export function equalizeAspect(
  chartArea: { width: number; height: number },
  scales: { x: { min: number; max: number }; y: { min: number; max: number } },
  extent: number,
): boolean {
  if (chartArea.width <= 0 || chartArea.height <= 0) return false;
  const ratio = chartArea.width / chartArea.height;
  const xHalf = extent * Math.max(1, ratio);
  const yHalf = extent * Math.max(1, 1 / ratio);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(a), Math.abs(b));
  if (close(scales.x.max, xHalf) && close(scales.y.max, yHalf)) return false;
  scales.x.min = -xHalf;
  scales.x.max = xHalf;
  scales.y.min = -yHalf;
  scales.y.max = yHalf;
  return true;
}
