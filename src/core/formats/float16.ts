// Half-precision (IEEE 754 binary16) and bfloat16 bit patterns widened exactly to float64.

let halfTable: Float64Array | undefined;

/** The float64 value of an IEEE binary16 bit pattern (0…65535): subnormals, ±0, ±Inf and NaN included. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (or zero): no implicit leading 1
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** All 65536 half values, built once: decoding large F16 tensors becomes one lookup per element. */
export function halfTableLookup(): Float64Array {
  if (!halfTable) {
    halfTable = new Float64Array(65536);
    for (let bits = 0; bits < 65536; bits++) halfTable[bits] = halfToNumber(bits);
  }
  return halfTable;
}

const bf16Scratch = new DataView(new ArrayBuffer(4));

/** The float64 value of a bfloat16 bit pattern: the upper 16 bits of a float32, so widening is exact. */
export function bfloat16ToNumber(bits: number): number {
  bf16Scratch.setUint32(0, (bits & 0xffff) << 16, false);
  return bf16Scratch.getFloat32(0, false);
}
