// Rows i0..i1 of C = (A · diag(w)) · B for one fixed B, packed once: the Jacobian curve's product, which
// two threads split by rows. Each thread has its own RowProduct of the same B (and its own kernel memory),
// and gets exactly the bits one thread would: every row is summed in the same order either way.
import type { BlockedProduct } from './blocked-product';
import { packForRows } from './gemm';

export class RowProduct {
  private readonly product: BlockedProduct;

  /** @param b k×n row-major; a packed copy is kept, so later changes to b are not seen. */
  constructor(b: Float64Array, k: number, n: number, options: { javascriptOnly?: boolean } = {}) {
    this.product = packForRows(b, k, n, { ...options, kernel: 'own' });
  }

  /** Whether the WebAssembly SIMD kernel runs (else the JavaScript fallback). */
  get simd(): boolean {
    return this.product.kernel.simd;
  }

  /**
   * c[i0:i1, :] = (a[i0:i1, :] · diag(w)) · B with a m×k and c m×n row-major; returns Σ c_ij² over
   * those rows (the caller's Frobenius norm, summed in a fixed order). a and c must not overlap.
   */
  rows(a: Float64Array, w: Float64Array, i0: number, i1: number, c: Float64Array): number {
    return this.product.rowsWithSumOfSquares(a, i0, i1, c, w);
  }
}
