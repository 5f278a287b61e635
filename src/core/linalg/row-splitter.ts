// The Jacobian curve's product J_next = (J_cur · diag(scale)) · W (n×n) computed by rows, by whoever the
// caller chooses: this thread alone (serialRowSplitter, here) or this thread with a helper thread
// (parallel/product-board.ts). The rows are cut into chunks of CHUNK_ROWS and Σ squares is added chunk by
// chunk in chunk order, so every splitter gives the same bits.
import { RowProduct } from './row-product';

export const CHUNK_ROWS = 32;

export function chunkCount(n: number): number {
  return Math.ceil(n / CHUNK_ROWS);
}

/** Two n×n buffers taking turns as J_cur and J_next, and the product from one into the other. */
export interface RowSplitter {
  /** The buffers (read them again after complete(): a splitter may replace them). */
  readonly J: readonly [Float64Array, Float64Array];
  /** Start J[1−source] = (J[source]·diag(scale))·W (scale is copied); the caller may do other work meanwhile. */
  publish(source: 0 | 1, scale: Float64Array): void;
  /** Finish the published product; returns Σ squares of the result. */
  complete(): number;
  /** Release whatever the splitter holds (a helper's attention). */
  close(): void;
  /** Chunks computed by this thread and in all, over every product so far. */
  readonly chunksHere: number;
  readonly chunksInAll: number;
}

/** Opens a splitter for products with W (n×n, row-major; copied). */
export type OpenRowSplitter = (W: Float64Array, n: number) => RowSplitter;

/** Rows of one chunk of target = (source·diag(scale))·W; returns their Σ squares. */
export function computeRowChunk(
  product: RowProduct,
  n: number,
  source: Float64Array,
  scale: Float64Array,
  chunk: number,
  target: Float64Array,
): number {
  const i0 = chunk * CHUNK_ROWS;
  return product.rows(source, scale, i0, Math.min(n, i0 + CHUNK_ROWS), target);
}

/** Every product on this thread, chunk by chunk. */
export const serialRowSplitter: OpenRowSplitter = (W, n) => new SerialRowSplitter(W, n);

class SerialRowSplitter implements RowSplitter {
  readonly J: [Float64Array, Float64Array];
  chunksHere = 0;
  private readonly product: RowProduct;
  private readonly scale: Float64Array;
  private source: 0 | 1 = 0;

  constructor(
    W: Float64Array,
    private readonly n: number,
  ) {
    this.J = [new Float64Array(n * n), new Float64Array(n * n)];
    this.product = new RowProduct(W, n, n);
    this.scale = new Float64Array(n);
  }

  get chunksInAll(): number {
    return this.chunksHere;
  }

  publish(source: 0 | 1, scale: Float64Array): void {
    this.source = source;
    this.scale.set(scale);
  }

  complete(): number {
    const { n, J, source, scale, product } = this;
    const chunks = chunkCount(n);
    let sumSq = 0;
    const [from, to] = [J[source], J[1 - source]];
    for (let chunk = 0; chunk < chunks; chunk++) sumSq += computeRowChunk(product, n, from, scale, chunk, to);
    this.chunksHere += chunks;
    return sumSq;
  }

  close(): void {}
}
