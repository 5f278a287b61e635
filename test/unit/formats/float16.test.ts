// F16 and BF16 widening, all 65536 bit patterns each, against numpy (float16) and torch (bfloat16).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bfloat16ToNumber, halfTableLookup, halfToNumber } from '../../../src/core/formats/float16';
import { FIXTURES } from './fixtures';

const raw = gunzipSync(readFileSync(join(FIXTURES, 'float16-bfloat16-all.f64.gz')));
const reference = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

describe('float16', () => {
  it('widens every half bit pattern as numpy does (subnormals, ±0, ±Inf, NaN)', () => {
    const table = halfTableLookup();
    for (let bits = 0; bits < 65536; bits++) {
      if (!same(halfToNumber(bits), reference[bits]))
        assert.fail(`0x${bits.toString(16)}: ${halfToNumber(bits)} vs numpy ${reference[bits]}`);
      if (!same(table[bits], reference[bits])) assert.fail(`table 0x${bits.toString(16)}`);
    }
  });
  it('widens every bfloat16 bit pattern as torch does', () => {
    for (let bits = 0; bits < 65536; bits++) {
      const want = reference[65536 + bits];
      if (!same(bfloat16ToNumber(bits), want))
        assert.fail(`0x${bits.toString(16)}: ${bfloat16ToNumber(bits)} vs torch ${want}`);
    }
  });
});
