// Mangled configs never crash the checks: seeded mutations of every example (truncations, deleted, doubled and
// replaced characters) each give diagnostics, hovers and fixes, or nothing, without an exception.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import { applyTextEdits } from '../../../src/core/config/edits/editor';
import { hoverAt } from '../../../src/core/config/hover';
import { SeededNormal } from '../../../src/core/random';
import { CONFIG_EXAMPLES } from './helpers';

const ALPHABET = '{}[]:,"\'#-\n 0.5e-9abc/\\*&!|>%@`?';

function mutate(text: string, rng: SeededNormal): string {
  const at = Math.floor(rng.uniform() * text.length);
  switch (Math.floor(rng.uniform() * 4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rng.uniform() * 8));
    case 2:
      return text.slice(0, at) + text.slice(at, at + 6) + text.slice(at);
    default:
      return text.slice(0, at) + ALPHABET[Math.floor(rng.uniform() * ALPHABET.length)] + text.slice(at + 1);
  }
}

const configs = readdirSync(CONFIG_EXAMPLES).filter((f) => /\.rnn\.(json|jsonc|yaml|yml)$/.test(f));

test('every example config is there to be mutated', () => {
  assert.ok(configs.length >= 8, configs.join(', '));
});

for (const name of configs) {
  test(`${name}: 300 mutations give diagnostics and hovers, never an exception`, () => {
    const original = readFileSync(join(CONFIG_EXAMPLES, name), 'utf8');
    const rng = new SeededNormal(name.length);
    for (let i = 0; i < 300; i++) {
      let text = mutate(original, rng);
      if (i % 3 === 0) text = mutate(text, rng);
      try {
        const ctx = buildContext(text, name);
        for (const d of diagnoseConfig(ctx)) {
          assert.ok(
            d.range.start >= 0 && d.range.end <= text.length && d.range.start <= d.range.end,
            `range ${JSON.stringify(d.range)}`,
          );
          for (const fix of [d.fix, ...(d.otherFixes ?? [])]) if (fix) applyTextEdits(text, fix.edits);
        }
        for (let offset = 0; offset < text.length; offset += 7) hoverAt(ctx, offset);
      } catch (e) {
        assert.fail(`mutation ${i} of ${name} threw ${(e as Error).stack}\n--- text ---\n${text}`);
      }
    }
  });
}
