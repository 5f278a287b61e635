// The median wall time of `repeat` calls of f, in milliseconds: the one timing rule of `npm run bench`.
export function medianMs(f: () => unknown, repeat: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
