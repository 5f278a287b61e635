// Each setting's getter: typed, its default when unset, the default and one warning naming the setting when
// the value is invalid; and the defaults are the ones package.json shows in the Settings editor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_THRESHOLD } from '../../../src/core/analysis/threshold';
import { SETTING_RULES, settingId, SettingsReader, type SettingKey } from '../../../src/extension/settingsReader';
import { REPO } from '../helpers';

/** A reader over a plain map of values, and the warnings it gave. */
function readerOf(values: Map<string, unknown>): { reader: SettingsReader; warnings: string[] } {
  const warnings: string[] = [];
  return {
    reader: new SettingsReader(
      (key) => values.get(key),
      (message) => warnings.push(message),
    ),
    warnings,
  };
}

test('unset settings are their defaults, without a warning', () => {
  const { reader, warnings } = readerOf(new Map());
  assert.equal(reader.threshold, DEFAULT_THRESHOLD);
  assert.deepEqual(reader.configGlobs, []);
  assert.deepEqual(reader.weightsGlobs, [
    '**/*.json',
    '**/*.safetensors',
    '**/*.npy',
    '**/*.npz',
    '**/*.pt',
    '**/*.pth',
    '**/*.ckpt',
    '**/pytorch_model*.bin',
    '**/*.onnx',
    '**/*.h5',
    '**/*.keras',
  ]);
  assert.equal(reader.maxWeightsFileBytes, 2048 * 1024 * 1024);
  assert.deepEqual(warnings, []);
});

test('a valid threshold is used as written', () => {
  const { reader, warnings } = readerOf(new Map([['threshold', 0.01]]));
  assert.equal(reader.threshold, 0.01);
  assert.deepEqual(warnings, []);
});

for (const bad of [2, -1, 0, 1, 'abc', Number.NaN, [0.1]]) {
  test(`threshold ${JSON.stringify(bad)} falls back to ${DEFAULT_THRESHOLD} and says so once, naming the setting`, () => {
    const values = new Map<string, unknown>([['threshold', bad]]);
    const { reader, warnings } = readerOf(values);
    assert.equal(reader.threshold, DEFAULT_THRESHOLD);
    assert.equal(reader.threshold, DEFAULT_THRESHOLD);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /^Setting rnnGradients\.threshold: the threshold must be (a number )?in \(0, 1\)/);
    assert.ok(warnings[0].endsWith(`Using ${DEFAULT_THRESHOLD} instead.`), warnings[0]);
  });
}

test('a new invalid value is reported again; a valid one in between is not reported', () => {
  const values = new Map<string, unknown>([['threshold', 2]]);
  const { reader, warnings } = readerOf(values);
  void reader.threshold;
  values.set('threshold', 0.5);
  assert.equal(reader.threshold, 0.5);
  values.set('threshold', -1);
  void reader.threshold;
  assert.equal(warnings.length, 2);
  assert.match(warnings[1], /got -1/);
});

test('glob lists: entries that are not patterns are dropped and reported; an empty weights list is the default', () => {
  const values = new Map<string, unknown>([
    ['configGlobs', ['**/configs/*.yaml', 3, '']],
    ['weightsGlobs', []],
  ]);
  const { reader, warnings } = readerOf(values);
  assert.deepEqual(reader.configGlobs, ['**/configs/*.yaml']);
  assert.deepEqual(reader.weightsGlobs, SETTING_RULES.weightsGlobs.defaultValue);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^Setting rnnGradients\.configGlobs: ignored 3, "": not a glob pattern/);
  values.set('weightsGlobs', 'models/*.npz');
  assert.deepEqual(reader.weightsGlobs, SETTING_RULES.weightsGlobs.defaultValue);
  assert.match(
    warnings[1],
    /^Setting rnnGradients\.weightsGlobs: expected a list of glob patterns, got "models\/\*\.npz"/,
  );
});

test('maxWeightsFileMB must be a positive number of megabytes', () => {
  const { reader, warnings } = readerOf(new Map<string, unknown>([['maxWeightsFileMB', 0]]));
  assert.equal(reader.maxWeightsFileBytes, 2048 * 1024 * 1024);
  assert.match(
    warnings[0],
    /^Setting rnnGradients\.maxWeightsFileMB: expected a number of megabytes above 0, got 0\. Using 2048 instead\.$/,
  );
  const valid = readerOf(new Map<string, unknown>([['maxWeightsFileMB', 1.5]]));
  assert.equal(valid.reader.maxWeightsFileBytes, 1.5 * 1024 * 1024);
});

test('package.json contributes every setting, with the same default and the same threshold bounds', () => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    contributes: {
      configuration: {
        properties: Record<string, { default: unknown; exclusiveMinimum?: number; exclusiveMaximum?: number }>;
      };
    };
  };
  const properties = manifest.contributes.configuration.properties;
  const keys = Object.keys(SETTING_RULES) as SettingKey[];
  assert.deepEqual(Object.keys(properties).sort(), keys.map(settingId).sort());
  for (const key of keys) assert.deepEqual(properties[settingId(key)].default, SETTING_RULES[key].defaultValue, key);
  const threshold = properties[settingId('threshold')];
  assert.equal(SETTING_RULES.threshold.check(threshold.exclusiveMinimum).problem !== undefined, true);
  assert.equal(SETTING_RULES.threshold.check(threshold.exclusiveMaximum).problem !== undefined, true);
});
