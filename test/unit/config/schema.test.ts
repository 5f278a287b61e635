// The JSON Schema documents every key the checks know, and the manifest contributes it for *.rnn.json(c).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEY_DOCS } from '../../../src/core/config/keys';
import { CELL_NAMES, INIT_TYPES } from '../../../src/core/config/model';
import { ACTIVATION_NAMES } from '../../../src/core/rnn/activations';
import { REPO } from '../helpers';

interface SchemaNode {
  description?: string;
  examples?: string[];
  properties?: Record<string, SchemaNode>;
}

const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'rnn-config.schema.json'), 'utf8')) as SchemaNode;

function nodeAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const key of path.split('.')) node = node?.properties?.[key];
  return node;
}

test('every documented key has a schema entry with a description', () => {
  for (const key of Object.keys(KEY_DOCS)) {
    const node = nodeAt(key);
    assert.ok(node, `schema lacks ${key}`);
    assert.ok(node.description && node.description.length > 20, `${key} has no description`);
  }
});

test('the schema completes the names the checks accept (as examples: the checks own the rule)', () => {
  assert.deepEqual(nodeAt('model.activation')?.examples, [...ACTIVATION_NAMES]);
  assert.deepEqual(nodeAt('model.cell')?.examples, [...CELL_NAMES]);
  assert.deepEqual(nodeAt('model.recurrent_init.type')?.examples, [...INIT_TYPES]);
});

test('package.json contributes the schema and the configGlobs setting', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const validation = pkg.contributes.jsonValidation.find((v: { url: string }) =>
    v.url.endsWith('rnn-config.schema.json'),
  );
  assert.deepEqual(validation.fileMatch, ['*.rnn.json', '*.rnn.jsonc']);
  assert.equal(pkg.contributes.configuration.properties['rnnGradients.configGlobs'].type, 'array');
});
