// The identifiers in src/extension/ids.ts and package.json's contributions agree (a rename on either side fails
// here), and the extension's code names them only through ids.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { COMMANDS, CONTEXT_KEYS, SETTINGS_SECTION, TEST_COMMANDS, VIEW_TYPES } from '../../../src/extension/ids';
import { INSPECTOR_DEFAULT_EXTENSIONS } from '../../../src/core/formats/weights-extensions';
import { REPO } from '../helpers';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: string }[];
    views?: Record<string, { id: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
const contributes = manifest.contributes;
const sorted = (values: Iterable<string>) => [...values].sort();

test('the contributed commands are exactly COMMANDS; test-only commands are not contributed', () => {
  assert.deepEqual(sorted(contributes.commands.map((c) => c.command)), sorted(Object.values(COMMANDS)));
  const everyMenuCommand = Object.values(contributes.menus).flatMap((entries) => entries.map((e) => e.command));
  for (const command of Object.values(TEST_COMMANDS)) {
    assert.ok(!everyMenuCommand.includes(command), `${command} is in a menu`);
    assert.ok(!manifest.activationEvents.includes(`onCommand:${command}`), `${command} activates the extension`);
  }
});

test('every command a menu names is one of COMMANDS', () => {
  const known = new Set<string>(Object.values(COMMANDS));
  for (const [menu, entries] of Object.entries(contributes.menus)) {
    for (const entry of entries) assert.ok(known.has(entry.command), `${menu} names ${entry.command}`);
  }
});

test('every context key in a `when` clause is one of CONTEXT_KEYS, and each of them is used', () => {
  const known = new Set<string>(Object.values(CONTEXT_KEYS));
  const used = new Set<string>();
  for (const entries of Object.values(contributes.menus)) {
    for (const { when } of entries) {
      for (const key of when?.match(new RegExp(`\\b${SETTINGS_SECTION}\\.[A-Za-z]+`, 'g')) ?? []) {
        assert.ok(known.has(key), `unknown context key ${key} in "${when}"`);
        used.add(key);
      }
    }
  }
  assert.deepEqual(sorted(used), sorted(known));
});

test('custom editors and views: their view types are VIEW_TYPES, each with its activation event', () => {
  assert.deepEqual(
    sorted(contributes.customEditors.map((e) => e.viewType)),
    sorted([VIEW_TYPES.weightsInspector, VIEW_TYPES.weightsInspectorJson]),
  );
  const viewIds = Object.values(contributes.views ?? {}).flatMap((views) => views.map((v) => v.id));
  const known = new Set<string>(Object.values(VIEW_TYPES));
  for (const id of viewIds) assert.ok(known.has(id), `view ${id} is not in VIEW_TYPES`);
  for (const viewType of contributes.customEditors.map((e) => e.viewType)) {
    assert.ok(manifest.activationEvents.includes(`onCustomEditor:${viewType}`), `no onCustomEditor:${viewType}`);
  }
  assert.ok(
    manifest.activationEvents.includes(`onWebviewPanel:${VIEW_TYPES.analysisPanel}`),
    'the panel serializer has no activation event',
  );
});

test('the inspector is the default editor of exactly INSPECTOR_DEFAULT_EXTENSIONS, and the menus say the same', () => {
  const inspector = contributes.customEditors.find((e) => e.viewType === VIEW_TYPES.weightsInspector);
  assert.equal(inspector?.priority, 'default');
  assert.deepEqual(
    sorted(inspector.selector.map((s) => s.filenamePattern)),
    sorted(INSPECTOR_DEFAULT_EXTENSIONS.map((e) => `*.${e}`)),
  );
  const extensionTest = `resourceExtname =~ /^\\.(${INSPECTOR_DEFAULT_EXTENSIONS.join('|')})$/`;
  for (const [menu, entries] of Object.entries(contributes.menus)) {
    for (const { when, command } of entries) {
      if (when?.includes('resourceExtname')) assert.ok(when.includes(extensionTest), `${menu} ${command}: ${when}`);
    }
  }
});

test('settings are under SETTINGS_SECTION', () => {
  for (const key of Object.keys(contributes.configuration.properties))
    assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The source with its comments blanked out, line numbers kept. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

test('the extension names commands, views and context keys only through ids.ts', () => {
  const extensionDir = join(REPO, 'src', 'extension');
  // A string literal that starts with an identifier (prose inside a message is not one).
  const literal = new RegExp(`['"\`]${SETTINGS_SECTION}\\.[A-Za-z]`);
  const offenders = sourceFiles(extensionDir)
    .filter((file) => relative(extensionDir, file) !== 'ids.ts')
    .flatMap((file) =>
      withoutComments(readFileSync(file, 'utf8'))
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(REPO, file)}:${i + 1}` }))
        .filter(({ line }) => literal.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
  assert.deepEqual(offenders, []);
});
