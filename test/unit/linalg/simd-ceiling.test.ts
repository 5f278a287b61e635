import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCUMULATOR_COUNTS, BUFFER_BYTES, ceilingModule } from '../../../src/bench/simd-ceiling';
import { relaxedSimdAvailable, wasmGemmAvailable } from '../../../src/core/linalg/gemm-wasm';

// The benchmark's ceiling loop must do the multiply-adds it counts: a loop V8 could shorten (it once hoisted a
// loop-invariant product and timed additions alone) would report a ceiling the product kernel can never reach.
describe('SIMD ceiling loop', () => {
  for (const fused of [false, true])
    for (const accumulators of ACCUMULATOR_COUNTS) {
      const skip = !wasmGemmAvailable()
        ? 'no WebAssembly SIMD'
        : fused && !relaxedSimdAvailable()
          ? 'no relaxed SIMD'
          : false;
      it(
        `${fused ? 'relaxed_madd' : 'mul + add'}, ${accumulators} accumulators: Σ_i over the iterations of x · m_i, m_i alternating between two buffers`,
        { skip },
        () => {
          const instance = new WebAssembly.Instance(ceilingModule(fused, accumulators), {});
          const memory = new Float64Array((instance.exports.memory as WebAssembly.Memory).buffer);
          const spin = instance.exports.spin as (count: number) => void;
          const perBuffer = BUFFER_BYTES / 8; // doubles
          // Small integers: every sum is exact, whatever the order or the fusing.
          for (let j = 0; j < perBuffer; j++) {
            memory[j] = j + 1; // buffer 0
            memory[perBuffer + j] = 100 * (j + 1); // buffer 1
          }
          const result = 2 * perBuffer;
          memory[result + 2] = 3; // x, lane 0
          memory[result + 3] = 5; // x, lane 1
          const count = 7; // counts 7, 6, …, 1: buffer 1 four times, buffer 0 three times
          spin(count);
          for (const lane of [0, 1]) {
            let expected = 0;
            for (let i = 0; i < accumulators; i++) {
              const j = 2 * i + lane;
              expected += memory[result + 2 + lane] * (4 * memory[perBuffer + j] + 3 * memory[j]);
            }
            assert.equal(memory[result + lane], expected);
          }
        },
      );
    }
});
