// The inputs of the Lyapunov run, one step at a time: seeded N(0, 1) drawn as they are needed (the same numbers,
// in the same order, as analysis/inputs.ts draws for T rows), zeros, or a file's rows cycled when the run is
// longer than the file.
import { SeededNormal } from '../../random';

export interface InputStream {
  /** x_t for the next step (valid until the next call). */
  next(): Float64Array;
}

export function seededInputs(seed: number, width: number): InputStream {
  const rng = new SeededNormal(seed);
  const x = new Float64Array(width);
  return {
    next() {
      for (let j = 0; j < width; j++) x[j] = rng.normal();
      return x;
    },
  };
}

export function zeroInputs(width: number): InputStream {
  const x = new Float64Array(width);
  return { next: () => x };
}

/** rows[0], rows[1], …, rows[T − 1], rows[0], … */
export function cycledInputs(rows: readonly Float64Array[]): InputStream {
  if (rows.length === 0) throw new RangeError('no input rows to cycle');
  let t = 0;
  return {
    next() {
      const x = rows[t];
      t = (t + 1) % rows.length;
      return x;
    },
  };
}
