// The fuzz tests' seeded randomness: mulberry32 is small, fast, and gives the same sequence on every machine.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n) from `r`. */
export const randomInt = (r: () => number, n: number): number => Math.floor(r() * n);
