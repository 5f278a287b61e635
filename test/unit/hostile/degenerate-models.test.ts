// Degenerate models: a 0×0 W_hh (hidden size 0) or an input matrix with no columns, in every format we read, is
// refused the same way, naming the file and the tensor; never "hidden 0" with NaN statistics.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertRefused, fileFingerprint, runCliBounded, scratchFolder } from './harness';

/** A safetensors file written by hand from its specification: u64 header length, JSON header, F64 data. */
function safetensors(tensors: Record<string, { shape: number[]; values: number[] }>): Buffer {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F64', shape: t.shape, data_offsets: [offset, offset + 8 * t.values.length] };
    offset += 8 * t.values.length;
  }
  const text = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([
    length,
    text,
    Buffer.from(Float64Array.from(Object.values(tensors).flatMap((t) => t.values)).buffer),
  ]);
}

/** numpy writes the .npy and .npz files, so our readers meet what users' files hold. */
function numpy(dir: string, script: string): void {
  const r = spawnSync('python3', ['-c', `import numpy as np, os\nos.chdir(${JSON.stringify(dir)})\n${script}`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
}

test('a 0×0 W_hh is refused the same way in JSON, safetensors, npy and npz', () => {
  const scratch = scratchFolder('degenerate');
  try {
    const { dir } = scratch;
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ W_hh: [] }));
    writeFileSync(join(dir, 'empty.safetensors'), safetensors({ W_hh: { shape: [0, 0], values: [] } }));
    numpy(dir, "np.save('W_hh.npy', np.zeros((0, 0)))\nnp.savez('empty.npz', W_hh=np.zeros((0, 0)))");
    for (const name of ['empty.json', 'empty.safetensors', 'W_hh.npy', 'empty.npz']) {
      const file = join(dir, name);
      const before = fileFingerprint(file);
      const run = runCliBounded(['analyze', file]);
      assertRefused(run, { code: 2, file: name, message: /W_hh.*empty tensor \(shape \[0(, 0)?\]\)/ });
      assert.doesNotMatch(run.stderr + run.stdout, /NaN|hidden 0/);
      assert.equal(fileFingerprint(file), before, `${name} was modified`);
    }
  } finally {
    scratch.remove();
  }
});

test('an input matrix with no columns is refused in every format (a layer without input leaves it out)', () => {
  const scratch = scratchFolder('degenerate');
  try {
    const { dir } = scratch;
    const W_hh = { shape: [2, 2], values: [0.5, 0, 0, 0.5] };
    writeFileSync(
      join(dir, 'noinput.json'),
      JSON.stringify({
        W_hh: [
          [0.5, 0],
          [0, 0.5],
        ],
        W_xh: [[], []],
      }),
    );
    writeFileSync(join(dir, 'noinput.safetensors'), safetensors({ W_hh, W_xh: { shape: [2, 0], values: [] } }));
    numpy(dir, "np.savez('noinput.npz', W_hh=0.5 * np.eye(2), W_xh=np.zeros((2, 0)))");
    for (const name of ['noinput.json', 'noinput.safetensors', 'noinput.npz']) {
      const run = runCliBounded(['analyze', join(dir, name)]);
      assertRefused(run, { code: 2, file: name, message: /W_xh.*empty tensor \(shape \[2, 0\]\)/ });
    }
    // Leaving it out is the way to say "no input": that file is analysed.
    writeFileSync(join(dir, 'without.safetensors'), safetensors({ W_hh }));
    const ok = runCliBounded(['analyze', join(dir, 'without.safetensors')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /hidden 2, input 0/);
  } finally {
    scratch.remove();
  }
});

test('a PyTorch-named 0×0 weight_hh_l0 in safetensors is refused by the same rule', () => {
  const scratch = scratchFolder('degenerate');
  try {
    const file = join(scratch.dir, 'torch.safetensors');
    writeFileSync(
      file,
      safetensors({ weight_hh_l0: { shape: [0, 0], values: [] }, weight_ih_l0: { shape: [0, 3], values: [] } }),
    );
    assertRefused(runCliBounded(['analyze', file]), {
      code: 2,
      file: 'torch.safetensors',
      message: /empty tensor \(shape \[0, [03]\]\)/,
    });
  } finally {
    scratch.remove();
  }
});
