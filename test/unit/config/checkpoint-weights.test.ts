// A training config's `weights:` may name a checkpoint in any format read: `check` says of examples/pytorch_model.pt,
// its legacy and Lightning twins and the ONNX export exactly what it says of pytorch_state_dict.json, which holds
// the same tensors (the generators write them from that JSON).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run-cli';
import { REPO } from '../helpers';

const config = JSON.parse(readFileSync(join(REPO, 'examples', 'configs', 'state-dict.rnn.json'), 'utf8')) as {
  weights: string;
};

function checkWith(dir: string, weights: string): string {
  const file = join(dir, `${weights.replace(/\W/g, '_')}.rnn.json`);
  writeFileSync(file, JSON.stringify({ ...config, weights: join(REPO, 'examples', weights) }, null, 1));
  const r = runCli(['check', file]);
  assert.equal(r.code, 0, `${weights}: ${r.stderr}`);
  // The place and the file differ with the file name; the words must not.
  return r.stdout.replace(/^[^:]+:\d+:\d+: /gm, '');
}

test('check reads a config whose weights are a .pt, .pth, .ckpt or .onnx, and says what it says of the JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-config-checkpoint-'));
  try {
    const reference = checkWith(dir, 'pytorch_state_dict.json');
    assert.match(reference, /gradient horizon is \d+ steps/);
    for (const weights of ['pytorch_model.pt', 'pytorch_legacy.pth', 'pytorch_lightning.ckpt', 'pytorch_rnn.onnx'])
      assert.equal(checkWith(dir, weights), reference, weights);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
