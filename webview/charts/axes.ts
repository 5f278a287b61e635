// The charts' axis arithmetic, apart from chart.js and the DOM so that unit tests run it in Node.

/** Where a curve leaves the axis range: the first lag beyond it and the value it reaches at the last lag. */
export function leavesRange(
  lags: readonly number[],
  log10: readonly number[],
  range: { floor: number; ceiling: number },
): { side: 'top' | 'bottom'; fromLag: number; lastLag: number; lastLog10: number } | undefined {
  const last = log10.length - 1;
  if (last < 0 || !Number.isFinite(log10[last])) return undefined;
  const side = log10[last] > range.ceiling ? 'top' : log10[last] < range.floor ? 'bottom' : undefined;
  if (!side) return undefined;
  let from = last;
  while (from > 0 && (side === 'top' ? log10[from - 1] > range.ceiling : log10[from - 1] < range.floor)) from--;
  return { side, fromLag: lags[from], lastLag: lags[last], lastLog10: log10[last] };
}

/** A round step (1, 2, 5, 10, 20, 50, …) that puts at most `most` labels on `count` categories. */
export function tickStep(count: number, most = 10): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) if (Math.ceil(count / (step * scale)) <= most) return step * scale;
  }
}
