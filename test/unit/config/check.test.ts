// `rnn-gradients check`: the output format, the positions it prints and the exit codes, on the examples.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCheck } from '../../../src/cli/check';
import { CONFIG_EXAMPLES } from './helpers';

async function check(files: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runCheck(files, (l) => lines.push(l));
  return { code, lines };
}

const LINE = /^(.+):(\d+):(\d+): (error|warning|info): (.+)$/;

test('errors: exit 1, one file:line:col: severity: message line each, 1-based positions of the values', async () => {
  const file = join(CONFIG_EXAMPLES, 'bad-values.rnn.json');
  const { code, lines } = await check([file]);
  assert.equal(code, 1);
  assert.ok(lines.length >= 4);
  const text = readFileSync(file, 'utf8').split('\n');
  const marked = lines.map((l) => {
    const m = LINE.exec(l);
    assert.ok(m, l);
    assert.equal(m[1], file);
    return text[Number(m[2]) - 1].slice(Number(m[3]) - 1);
  });
  assert.ok(
    marked.some((s) => s.startsWith('12.5')),
    'hidden_size',
  );
  assert.ok(
    marked.some((s) => s.startsWith('"softplus"')),
    'activation',
  );
  assert.ok(
    marked.some((s) => s.startsWith('-0.1')),
    'std',
  );
  assert.ok(
    marked.some((s) => s.startsWith('0 }')),
    'seq_len',
  );
});

test('warnings only: exit 0; a clean config prints nothing', async () => {
  const warned = await check([join(CONFIG_EXAMPLES, 'exploding-no-clipping.rnn.jsonc')]);
  assert.equal(warned.code, 0);
  assert.equal(warned.lines.length, 1);
  assert.match(warned.lines[0], /: warning: Exploding/);
  const clean = await check([join(CONFIG_EXAMPLES, 'good-orthogonal.rnn.yaml')]);
  assert.deepEqual(clean, { code: 0, lines: [] });
});

test('a file that cannot be read: exit 2, and the other files are still checked', async () => {
  const { code, lines } = await check([
    join(CONFIG_EXAMPLES, 'no-such.rnn.yaml'),
    join(CONFIG_EXAMPLES, 'bad-values.rnn.json'),
  ]);
  assert.equal(code, 2);
  assert.match(lines[0], /no-such\.rnn\.yaml: error: cannot read the file: no such file/);
  assert.ok(lines.slice(1).every((l) => LINE.test(l)) && lines.length > 1);
});

test('every example config shows the diagnostic its name promises', async () => {
  const expected: Record<string, RegExp> = {
    'vanishing-long-sequences.rnn.yaml': /warning: Predicted gradient horizon \d+ steps < seq_len 200/,
    'exploding-no-clipping.rnn.jsonc': /warning: Exploding gradients expected/,
    'missing-weights.rnn.json': /error: The weights file .* does not exist/,
    'weights-disagree.rnn.yaml': /error: hidden_size is 64 but the saved weights/,
    'bad-values.rnn.json': /error: std must be ≥ 0/,
    'tied-shapes.rnn.jsonc': /error: Tied tensors must have the same shape/,
    'tied-saved-differ.rnn.yaml': /error: Tied group W_xh = W_hy\^T.*broken/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    const { lines } = await check([join(CONFIG_EXAMPLES, name)]);
    assert.ok(
      lines.some((l) => pattern.test(l)),
      `${name}:\n${lines.join('\n')}`,
    );
  }
});
