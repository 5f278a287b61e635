// The most a WebAssembly SIMD product kernel can reach on this machine: a loop of independent f64x2
// multiply-adds, timed after V8 has compiled it with its optimising tier. The product kernel's GFLOP/s are judged
// against this, not against a datasheet: 128-bit lanes cap WebAssembly where numpy's OpenBLAS uses 256- or 512-bit
// ones. Each multiply-add takes one operand from memory, as the kernel's do: a loop of values held only in
// registers lets V8 hoist the loop-invariant product out of the loop (it did), and then times additions alone.
// The loads alternate between two 16-vector buffers (L1-resident), so no load is loop-invariant either.
import { assembleModule, bodyBuilder, countDown, op, I32, V128 } from '../core/linalg/wasm-assembler';
import { relaxedSimdAvailable } from '../core/linalg/gemm-wasm';

/**
 * Independent accumulators: enough to hide the latency, few enough to stay in the 16 xmm registers. Which
 * count V8 allocates best varies (one spills where another does not), so the ceiling is the best of these.
 */
export const ACCUMULATOR_COUNTS = [8, 10, 12];
const ITERATIONS = 20_000_000;
/** Bytes between the two buffers the loads alternate between: room for 16 vectors. */
export const BUFFER_BYTES = 256;

/**
 * spin(count): count iterations of `accumulators` multiply-adds acc_i += x · m_i, m_i loaded from buffer
 * (count & 1); stores Σ acc_i (one f64x2) at byte BUFFER_BYTES · 2, so that no optimiser may drop the loop.
 * x is loaded once from byte BUFFER_BYTES · 2 + 16.
 */
export function ceilingModule(fused: boolean, accumulators: number): WebAssembly.Module {
  const { body, emit } = bodyBuilder();
  const [COUNT, ADDRESS] = [0, 1];
  const acc = (i: number): number => 2 + i;
  const x = 2 + accumulators;
  const result = 2 * BUFFER_BYTES;
  for (let i = 0; i < accumulators; i++) emit(op.v128Zero(), op.set(acc(i)));
  emit(op.i32(0), op.v128Load(result + 16), op.set(x));
  emit(op.loop());
  emit(op.get(COUNT), op.i32(1), op.i32And(), op.i32(BUFFER_BYTES), op.i32Mul(), op.set(ADDRESS));
  for (let i = 0; i < accumulators; i++) {
    const load = [...op.get(ADDRESS), ...op.v128Load(16 * i)];
    if (fused) emit(load, op.get(x), op.get(acc(i)), op.f64x2RelaxedMadd(), op.set(acc(i)));
    else emit(op.get(acc(i)), load, op.get(x), op.f64x2Mul(), op.f64x2Add(), op.set(acc(i)));
  }
  emit(countDown(COUNT), op.end());
  emit(op.i32(0), op.get(acc(0)));
  for (let i = 1; i < accumulators; i++) emit(op.get(acc(i)), op.f64x2Add());
  emit(op.v128Store(result));
  return new WebAssembly.Module(
    assembleModule(
      [
        {
          name: 'spin',
          params: 1,
          locals: [
            [1, I32],
            [accumulators + 1, V128],
          ],
          body,
        },
      ],
      1,
    ),
  );
}

/** GFLOP/s of the loop: the best of five timed runs after warm-up calls that let V8 tier up. */
function measure(fused: boolean, accumulators: number): number {
  const instance = new WebAssembly.Instance(ceilingModule(fused, accumulators), {});
  const spin = instance.exports.spin as (count: number) => void;
  // Liftoff (V8's baseline tier) runs this loop at a fifth of the optimised speed; a function tiers up on a
  // later call once it has run enough, so warm up with calls, not one long run.
  for (let i = 0; i < 30; i++) spin(200_000);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    spin(ITERATIONS);
    best = Math.min(best, performance.now() - t0);
  }
  return (ITERATIONS * accumulators * 4) / best / 1e6;
}

export interface SimdCeiling {
  /** f64x2.mul then f64x2.add, GFLOP/s on one core. */
  plain: number;
  /** f64x2.relaxed_madd, where this runtime has relaxed SIMD. */
  fused?: number;
}

export function simdCeiling(): SimdCeiling | undefined {
  if (typeof WebAssembly !== 'object') return undefined;
  try {
    const best = (fused: boolean): number => Math.max(...ACCUMULATOR_COUNTS.map((count) => measure(fused, count)));
    return { plain: best(false), fused: relaxedSimdAvailable() ? best(true) : undefined };
  } catch {
    return undefined;
  }
}
