// The median wall time of `repeat` calls of f, in milliseconds: the one timing rule of `npm run bench`.
// When it times several calls it first runs f untimed (up to 200 times or 300 ms) so V8 has compiled the code:
// a long-lived worker runs warm, and numpy's C code has no warm-up to pay. Five calls were too few for a call of
// half a millisecond (n = 64's eigenvalues timed 0.8 ms after five, 0.48 ms after two hundred, numpy 0.49 ms):
// V8 had not yet optimised it. Single slow runs (n = 1024) are timed cold.
/** Runs behind every figure of the bench, warm and cold: a median of five is steady against one slow run. */
export const RUNS = 5;
const WARM_UP_CALLS = 200;
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
