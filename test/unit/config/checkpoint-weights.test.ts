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

test("a gated config's weights: check gives the LSTM's measured horizon in its own terms, and a cell that disagrees", () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-config-gated-'));
  try {
    const weights = join(REPO, 'examples', 'lstm_forget_closed.json');
    const analysis = runCli(['analyze', weights, '--json']);
    assert.equal(analysis.code, 0, analysis.stderr);
    const horizon = (JSON.parse(analysis.stdout) as { verdict: { horizon: number } }).verdict.horizon;
    const write = (cell: string) => {
      const file = join(dir, `${cell}.rnn.json`);
      const model = { cell, hidden_size: 32, input_size: 8 };
      writeFileSync(file, JSON.stringify({ model, data: { seq_len: 30 }, weights }, null, 1));
      return runCli(['check', file]);
    };
    const lstm = write('lstm');
    assert.match(lstm.stdout, new RegExp(`gradient horizon is ${horizon} steps < seq_len 30: measured ‖∂s`));
    assert.match(lstm.stdout, /LSTM: ρ = [\d.]+, σ_max = [\d.]+ of the step Jacobian at s = 0, x = 0/);
    assert.doesNotMatch(lstm.stdout, /cell is/);
    const rnn = write('rnn');
    assert.equal(rnn.code, 1, rnn.stdout);
    assert.match(rnn.stdout, /error: cell is rnn but the saved weights .* hold an LSTM layer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
