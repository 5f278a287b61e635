// Dense float64 matrices, row-major in one flat Float64Array: element (i, j) is data[i * cols + j].

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = zeros(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new RangeError(`row ${i} has ${rows[i].length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
  }
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: new Float64Array(m.data) };
}

export function transpose(m: Matrix): Matrix {
  const t = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j];
  return t;
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** y = A x */
export function matVec(a: Matrix, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.rows)): Float64Array {
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) s += data[base + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** y = Aᵀ x */
export function matTVec(a: Matrix, x: ArrayLike<number>, y: Float64Array = new Float64Array(a.cols)): Float64Array {
  const { rows, cols, data } = a;
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) y[j] += data[base + j] * xi;
  }
  return y;
}

/** C = A B (plain i-k-j loop order; see gemm.ts for the fast kernel). */
export function matMul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`matMul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const c = zeros(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return c;
}

export function frobeniusNorm(m: Matrix): number {
  return vectorNorm(m.data);
}

/** Euclidean norm without overflow or underflow for moderate vectors (scaled sum of squares). */
export function vectorNorm(v: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === 0) continue;
    const ax = Math.abs(x);
    if (scale < ax) {
      ssq = 1 + ssq * (scale / ax) * (scale / ax);
      scale = ax;
    } else {
      ssq += (ax / scale) * (ax / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Below or above these, a plain Σ squares may have lost digits to underflow or overflowed. */
const SAFE_SUM_OF_SQUARES = [1e-280, 1e280];

/** ‖v‖ from a plain Σ squares taken in a pass that was made anyway; the scaled norm where it may be off. */
export function normFromSumOfSquares(v: ArrayLike<number>, sumSq: number): number {
  return sumSq >= SAFE_SUM_OF_SQUARES[0] && sumSq <= SAFE_SUM_OF_SQUARES[1] ? Math.sqrt(sumSq) : vectorNorm(v);
}

export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m) m = a;
  }
  return m;
}
