// Which files the config check takes for configs: by the *.rnn.* name, else by content.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { configCandidate } from '../../../src/core/config/isConfig';
import { fixturePath, REPO } from '../helpers';

const skipped = (fileName: string, text: string): string | undefined => {
  const c = configCandidate(fileName, text);
  return c.isConfig ? undefined : c.reason;
};

test('a *.rnn.* name makes a config, even a broken or empty one, so its mistakes are reported', () => {
  for (const name of ['a.rnn.json', 'a.rnn.jsonc', 'a.RNN.yaml', 'a.rnn.yml']) {
    assert.equal(configCandidate(name, '{"W_hh": [[1]]').isConfig, true, name);
    assert.equal(configCandidate(name, '').isConfig, true, name);
  }
});

test('other JSON or YAML is a config when its top level has a config key', () => {
  assert.equal(configCandidate('train.json', '{"model": {"hidden_size": 4}}').isConfig, true);
  assert.equal(configCandidate('train.yaml', 'data:\n  seq_len: 10\n').isConfig, true);
  assert.equal(configCandidate('run.jsonc', '// run\n{"weights": "w.json", }').isConfig, true);
  assert.match(skipped('notes.yaml', 'owner: me\n') ?? '', /no config keys \(model, data, train, weights, tied\)/);
  assert.match(skipped('list.json', '[1, 2]') ?? '', /no config keys/);
  assert.match(skipped('broken.json', 'not json at all') ?? '', /not valid JSON, and not named \*\.rnn\.\*/);
  assert.match(skipped('README.md', '# model\n') ?? '', /not a JSON or YAML file/);
  assert.match(skipped('w.safetensors', '') ?? '', /not a JSON or YAML file/);
});

test('a weights JSON is recognised by its tensors, also ours with a "tied" key and state_dicts', () => {
  const read = (...p: string[]) => readFileSync(join(REPO, ...p), 'utf8');
  assert.match(skipped('tied.json', read('examples', 'tied.json')) ?? '', /^a weights file \(RNN, hidden size 32\)/);
  assert.match(skipped('sd.json', read('examples', 'pytorch_state_dict.json')) ?? '', /^a weights file \(RNN/);
  assert.match(
    skipped('lstm.json', readFileSync(fixturePath('formats', 'model', 'torch-lstm.json'), 'utf8')) ?? '',
    /^a weights file \(LSTM, hidden size 5\)/,
  );
  assert.match(
    skipped('keras.json', readFileSync(fixturePath('formats', 'model', 'keras-rnn.json'), 'utf8')) ?? '',
    /^a weights file \(RNN, hidden size 4\)/,
  );
});
