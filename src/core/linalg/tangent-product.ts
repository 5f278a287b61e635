// The products of one Benettin step (rnn/lyapunov/benettin.ts), cut into row chunks that either thread may
// compute: C = post(A · B) for a step's A_t Q (post: a row scale, an LSTM's diagonal c columns, added into C
// or written), the partial Gram matrices X_cᵀ X_c of each chunk c of X for Cholesky QR, and Q = X R⁻¹. Every
// operand is named by its index in a list of arrays fixed when the splitter opens (a helper thread cannot be
// sent new buffers while it computes). A chunk's rows and its Gram partial are the same whichever thread
// computes them, and the partials are added in chunk order (sumGramPartials), so splitting changes no bit.
import { BlockedProduct, type MicroKernel } from './blocked-product';
import { newJavascriptKernel } from './gemm-js';
import { newWasmKernel } from './gemm-wasm';
import { PackedLeft } from './packed-left';
import { CHUNK_ROWS } from './row-splitter';

/** The most float64 entries the Gram partials of one run may take (16 MiB): with a large k, chunks grow. */
const MAX_GRAM_PARTIAL_ENTRIES = 1 << 21;

/** Rows per chunk for a run with S rows and k directions: CHUNK_ROWS, or a multiple when k² partials would not fit. */
export function chunkRowsFor(S: number, k: number): number {
  const maxParts = Math.max(1, Math.floor(MAX_GRAM_PARTIAL_ENTRIES / (k * k)));
  return CHUNK_ROWS * Math.ceil(Math.ceil(S / CHUNK_ROWS) / maxParts);
}

export function chunksOf(task: TangentTask): number {
  return Math.ceil(task.rows / task.chunkRows);
}

/** An array index of the splitter's list, or NONE. */
export const NONE = -1;

/**
 * C[cAt + r·cols …] (=|+=) scale_r · (A · B)_r + e_r · Y[yAt + (r mod period)·cols …] for rows r of A
 * (rows × depth, from aAt), B (depth × cols, from bAt); every offset counts float64 entries. With `gram`, each
 * chunk's X_cᵀ X_c (X = the rows of C just written, cAt = 0) goes to slot c of the splitter's Gram partials.
 */
export interface TangentTask {
  readonly a: number;
  readonly aAt: number;
  readonly rows: number;
  readonly depth: number;
  readonly b: number;
  readonly bAt: number;
  readonly cols: number;
  readonly c: number;
  readonly cAt: number;
  readonly scale: number;
  readonly e: number;
  readonly y: number;
  readonly yAt: number;
  readonly period: number;
  readonly accumulate: boolean;
  readonly gram: boolean;
  /** Rows per chunk (chunkRowsFor: the same for every task of a run, so Gram chunks align with product chunks). */
  readonly chunkRows: number;
  /** A is the same every time this array is named (W_hh): each thread packs it once (packed-left.ts). */
  readonly aFixed: boolean;
}

/** Only the Gram partials of C's rows (rows × cols from c at 0): a stack's X is written by several products. */
export function gramTask(c: number, rows: number, cols: number, chunkRows: number): TangentTask {
  return {
    a: NONE,
    aAt: 0,
    rows,
    depth: 0,
    b: NONE,
    bAt: 0,
    cols,
    c,
    cAt: 0,
    scale: NONE,
    e: NONE,
    y: NONE,
    yAt: 0,
    period: 1,
    accumulate: false,
    gram: true,
    chunkRows,
    aFixed: false,
  };
}

/** How a task travels in Int32 slots (the helper's copy of it). */
export const TASK_FIELDS = 18;

export function encodeTask(t: TangentTask, into: Int32Array, at: number): void {
  const fields = [t.a, t.aAt, t.rows, t.depth, t.b, t.bAt, t.cols, t.c, t.cAt, t.scale, t.e, t.y, t.yAt, t.period];
  fields.forEach((v, i) => Atomics.store(into, at + i, v));
  Atomics.store(into, at + 14, t.accumulate ? 1 : 0);
  Atomics.store(into, at + 15, t.gram ? 1 : 0);
  Atomics.store(into, at + 16, t.chunkRows);
  Atomics.store(into, at + 17, t.aFixed ? 1 : 0);
}

export function decodeTask(from: Int32Array, at: number): TangentTask {
  const v = (i: number): number => Atomics.load(from, at + i);
  return {
    a: v(0),
    aAt: v(1),
    rows: v(2),
    depth: v(3),
    b: v(4),
    bAt: v(5),
    cols: v(6),
    c: v(7),
    cAt: v(8),
    scale: v(9),
    e: v(10),
    y: v(11),
    yAt: v(12),
    period: v(13),
    accumulate: v(14) === 1,
    gram: v(15) === 1,
    chunkRows: v(16),
    aFixed: v(17) === 1,
  };
}

/** One thread's kernels and scratch: B packed once per task, the Gram's chunk packed per chunk. */
export class TangentWorker {
  private readonly productKernel = new KernelHolder();
  private readonly gramKernel = new KernelHolder();
  private packed: BlockedProduct | null = null;
  private packedFor = -1;
  private readonly fixed = new Map<number, PackedLeft>();
  private scratch = new Float64Array(0);
  private transposed = new Float64Array(0);

  /** Rows of chunk `chunk` of `task` (generation: which task, so B is packed once per task on each thread). */
  computeChunk(
    arrays: readonly Float64Array[],
    gramParts: Float64Array,
    task: TangentTask,
    generation: number,
    chunk: number,
  ): void {
    const r0 = chunk * task.chunkRows;
    const r1 = Math.min(task.rows, r0 + task.chunkRows);
    if (task.a !== NONE) this.productRows(arrays, task, generation, r0, r1);
    if (task.gram) this.gramPartial(arrays[task.c], task.cols, r0, r1, gramParts, chunk);
  }

  private productRows(
    arrays: readonly Float64Array[],
    t: TangentTask,
    generation: number,
    r0: number,
    r1: number,
  ): void {
    const B = arrays[t.b].subarray(t.bAt, t.bAt + t.depth * t.cols);
    const fixed = t.aFixed ? this.fixedLeft(arrays, t) : null;
    if (this.packedFor !== generation) {
      if (fixed) {
        if (!fixed.packRight(B, t.cols)) throw new RangeError(`a ${t.depth}×${t.cols} operand does not fit in memory`);
      } else this.packed = this.productKernel.pack(B, t.depth, t.cols);
      this.packedFor = generation;
    }
    const { cols } = t;
    const A = arrays[t.a].subarray(t.aAt + r0 * t.depth, t.aAt + r1 * t.depth);
    const C = arrays[t.c];
    const product = (into: Float64Array): void => {
      if (fixed) fixed.rows(r0, r1, into);
      else this.packed!.rows(A, 0, r1 - r0, into);
    };
    const plain = t.scale === NONE && t.e === NONE && !t.accumulate;
    if (plain) {
      product(C.subarray(t.cAt + r0 * cols, t.cAt + r1 * cols));
      return;
    }
    if (this.scratch.length < (r1 - r0) * cols) this.scratch = new Float64Array(t.chunkRows * cols);
    const tmp = this.scratch;
    product(tmp);
    const scale = t.scale === NONE ? null : arrays[t.scale];
    const e = t.e === NONE ? null : arrays[t.e];
    const Y = t.y === NONE ? null : arrays[t.y];
    for (let r = r0; r < r1; r++) {
      const s = scale ? scale[r] : 1;
      const er = e ? e[r] : 0;
      const from = (r - r0) * cols;
      const to = t.cAt + r * cols;
      const y = t.yAt + (r % t.period) * cols;
      for (let j = 0; j < cols; j++) {
        let v = tmp[from + j];
        if (scale) v *= s;
        if (e && Y) v += er * Y[y + j];
        if (t.accumulate) C[to + j] += v;
        else C[to + j] = v;
      }
    }
  }

  /** The fixed A of `t` packed on this thread, once per array (with a kernel of its own). */
  private fixedLeft(arrays: readonly Float64Array[], t: TangentTask): PackedLeft {
    let packed = this.fixed.get(t.a);
    if (!packed) {
      const A = arrays[t.a].subarray(t.aAt, t.aAt + t.rows * t.depth);
      const simd = newWasmKernel();
      const made =
        (simd && PackedLeft.pack(simd, A, t.rows, t.depth)) ??
        PackedLeft.pack(newJavascriptKernel(), A, t.rows, t.depth);
      if (!made) throw new RangeError(`a ${t.rows}×${t.depth} operand does not fit in memory`);
      packed = made;
      this.fixed.set(t.a, packed);
    }
    return packed;
  }

  /** X_cᵀ X_c for rows r0..r1 of X (row-major, cols wide) into slot `chunk` of gramParts. */
  private gramPartial(
    X: Float64Array,
    k: number,
    r0: number,
    r1: number,
    gramParts: Float64Array,
    chunk: number,
  ): void {
    const rows = r1 - r0;
    const Xc = X.subarray(r0 * k, r1 * k);
    if (this.transposed.length < rows * k) this.transposed = new Float64Array(rows * k);
    const T = this.transposed;
    for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) T[j * rows + i] = Xc[i * k + j];
    const packed = this.gramKernel.pack(Xc, rows, k);
    packed.rows(T, 0, k, gramParts.subarray(chunk * k * k, (chunk + 1) * k * k));
  }
}

/** A kernel of its own (SIMD where it can have the memory, else JavaScript: the same bits but for fusing). */
class KernelHolder {
  private kernel: MicroKernel | null = newWasmKernel();

  pack(b: Float64Array, k: number, n: number): BlockedProduct {
    let packed = this.kernel ? BlockedProduct.pack(this.kernel, b, k, n) : null;
    if (!packed) {
      this.kernel = newJavascriptKernel();
      packed = BlockedProduct.pack(this.kernel, b, k, n);
      if (!packed) throw new RangeError(`a ${k}×${n} operand does not fit in memory`);
    }
    return packed;
  }
}

/** G = Σ_c partial_c over `chunks` partials (k × k each), in chunk order, the lower triangle and diagonal only. */
export function sumGramPartials(gramParts: Float64Array, chunks: number, k: number, G: Float64Array): void {
  for (let i = 0; i < k; i++) {
    const row = i * k;
    for (let j = 0; j <= i; j++) {
      let s = gramParts[row + j];
      for (let c = 1; c < chunks; c++) s += gramParts[c * k * k + row + j];
      G[row + j] = s;
    }
  }
}

/** Whoever computes a step's tasks: this thread alone, or with a helper (parallel/tangent-board.ts). */
export interface TangentSplitter {
  /** Read them again after run(): a splitter whose helper went silent replaces the shared ones with copies. */
  readonly arrays: readonly Float64Array[];
  readonly gramParts: Float64Array;
  /** Compute `task`; `meanwhile` runs on this thread once the helper may start (work that does not touch it). */
  run(task: TangentTask, meanwhile?: () => void): void;
  close(): void;
  readonly chunksHere: number;
  readonly chunksInAll: number;
}

/**
 * Opens a splitter over `arrays` (shared when a helper joins: make them with `allocate`), with room for
 * `maxChunks` chunks and as many Gram partials of k × k.
 */
export interface TangentSplitterFactory {
  /** Where the operands must live for this splitter (SharedArrayBuffer with a helper). */
  allocate(length: number): Float64Array;
  open(arrays: readonly Float64Array[], maxChunks: number, k: number): TangentSplitter;
}

export const serialTangentSplitter: TangentSplitterFactory = {
  allocate: (length) => new Float64Array(length),
  open(arrays, maxChunks, k) {
    const worker = new TangentWorker();
    const gramParts = new Float64Array(maxChunks * k * k);
    let generation = 0;
    let chunks = 0;
    return {
      arrays,
      gramParts,
      run(task, meanwhile) {
        generation++;
        meanwhile?.();
        const count = chunksOf(task);
        for (let c = 0; c < count; c++) worker.computeChunk(arrays, gramParts, task, generation, c);
        chunks += count;
      },
      close() {},
      get chunksHere() {
        return chunks;
      },
      get chunksInAll() {
        return chunks;
      },
    };
  },
};
