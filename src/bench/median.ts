// The median wall time of `repeat` calls of f, in milliseconds: the one timing rule of `npm run bench`.
// When it times several calls it first runs f untimed (up to 5 times or 300 ms) so V8 has compiled the code:
// a long-lived worker runs warm, and numpy's C code has no warm-up to pay. Single slow runs (n = 1024) are timed cold.
/** Runs behind every figure of the bench, warm and cold: a median of five is steady against one slow run. */
export const RUNS = 5;
const WARM_UP_CALLS = 5;
const WARM_UP_MS = 300;

export function medianMs(f: () => unknown, repeat: number): number {
  if (repeat > 1) {
    const start = performance.now();
    for (let i = 0; i < WARM_UP_CALLS && performance.now() - start < WARM_UP_MS; i++) f();
  }
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
