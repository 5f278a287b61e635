// The format benchmark's files must hold the same matrix in both formats, or its timings compare nothing.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchFormats } from '../../../src/bench/formats';
import { loadTensorFile } from '../../../src/core/formats/load';
import { assertSameValues } from './fixtures';

describe('benchFormats', () => {
  it('writes one matrix as safetensors and JSON that read back identical, and times both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-formats-'));
    try {
      const result = benchFormats(dir, 24, 1);
      const [st, json] = [result.files.safetensors, result.files.json].map((p) =>
        loadTensorFile(p, new Uint8Array(readFileSync(p))),
      );
      const a = st.tensors.get('W_hh')!;
      const b = json.tensors.get('W_hh')!;
      assert.deepEqual([...a.shape], [24, 24]);
      assert.deepEqual([...b.shape], [24, 24]);
      assertSameValues(a.data, b.data, 'W_hh');
      assert.ok(new Set(a.data).size > 500, 'the matrix should not be constant');
      assert.ok(result.safetensorsMs >= 0 && result.jsonMs >= 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
