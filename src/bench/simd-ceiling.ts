// The most a WebAssembly SIMD product kernel can reach on this machine: a loop of independent f64x2
// multiply-adds on values held in registers (no loads, no stores), timed after V8 has compiled it with its
// optimising tier. The product kernel's GFLOP/s are judged against this, not against a datasheet: 128-bit lanes
// cap WebAssembly where numpy's OpenBLAS uses 256- or 512-bit ones.
import { assembleModule, bodyBuilder, countDown, op, V128 } from '../core/linalg/wasm-assembler';
import { relaxedSimdAvailable } from '../core/linalg/gemm-wasm';

/** Independent accumulators: enough to hide the add latency, few enough to stay in the 16 xmm registers. */
const ACCUMULATORS = 12;
const ITERATIONS = 20_000_000;

function ceilingModule(fused: boolean): WebAssembly.Module {
  const { body, emit } = bodyBuilder();
  const acc = (i: number): number => 1 + i;
  const x = 1 + ACCUMULATORS;
  const y = 2 + ACCUMULATORS;
  for (let i = 0; i < ACCUMULATORS + 2; i++) emit(op.v128Zero(), op.set(1 + i));
  emit(op.loop());
  for (let i = 0; i < ACCUMULATORS; i++) {
    if (fused) emit(op.get(x), op.get(y), op.get(acc(i)), op.f64x2RelaxedMadd(), op.set(acc(i)));
    else emit(op.get(acc(i)), op.get(x), op.get(y), op.f64x2Mul(), op.f64x2Add(), op.set(acc(i)));
  }
  emit(countDown(0), op.end());
  // Store the sum of the accumulators, so that no optimiser may drop the loop.
  emit(op.i32(0), op.get(acc(0)));
  for (let i = 1; i < ACCUMULATORS; i++) emit(op.get(acc(i)), op.f64x2Add());
  emit(op.v128Store(0));
  return new WebAssembly.Module(
    assembleModule([{ name: 'spin', params: 1, locals: [[ACCUMULATORS + 2, V128]], body }], 1),
  );
}

/** GFLOP/s of the register-only loop: the best of five timed runs after warm-up calls that let V8 tier up. */
function measure(fused: boolean): number {
  const spin = new WebAssembly.Instance(ceilingModule(fused), {}).exports.spin as (count: number) => void;
  // Liftoff (V8's baseline tier) runs this loop at a fifth of the optimised speed; a function tiers up on a
  // later call once it has run enough, so warm up with calls, not one long run.
  for (let i = 0; i < 30; i++) spin(200_000);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    spin(ITERATIONS);
    best = Math.min(best, performance.now() - t0);
  }
  return (ITERATIONS * ACCUMULATORS * 4) / best / 1e6;
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
    return { plain: measure(false), fused: relaxedSimdAvailable() ? measure(true) : undefined };
  } catch {
    return undefined;
  }
}
