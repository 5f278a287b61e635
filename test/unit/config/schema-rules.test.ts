// One owner per rule: every constraint the JSON Schema states is broken, one at a time, in an otherwise clean
// config, and our diagnostics must stay silent about it (else VS Code shows the problem twice in *.rnn.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildContext } from '../../../src/core/config/context';
import { diagnoseConfig } from '../../../src/core/config/diagnostics';
import type { ConfigDiagnostic } from '../../../src/core/config/types';
import { REPO } from '../helpers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [keyword: string]: Json };
type Path = (string | number)[];

interface Constraint {
  /** Where the constrained value sits in a config. */
  path: Path;
  keyword: string;
  value: Json;
  /** For a conditional rule: the sibling values that switch it on. */
  when?: Record<string, Json>;
}

/** Keywords that only describe (hover, completion); every other keyword is a rule. */
const DESCRIPTIVE = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'markdownDescription',
  'examples',
  'default',
  'defaultSnippets',
  'properties',
]);

function constraintsOf(schema: Schema, path: Path = [], when?: Record<string, Json>): Constraint[] {
  const out: Constraint[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties') {
      for (const [key, child] of Object.entries(value as Record<string, Schema>))
        out.push(...constraintsOf(child, [...path, key]));
    } else if (keyword === 'items') {
      out.push(...constraintsOf(value as Schema, [...path, 0]));
    } else if (keyword === 'allOf') {
      for (const part of value as Schema[]) out.push(...constraintsOf(part, path, when));
    } else if (keyword === 'if') {
      const props = (value as Schema).properties as Record<string, Schema>;
      const condition = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, s.const]));
      out.push(...constraintsOf(schema.then as Schema, path, condition));
    } else if (keyword === 'then') {
      continue;
    } else if (keyword === 'required') {
      for (const key of value as string[]) out.push({ path: [...path, key], keyword, value: true, when });
    } else if (!DESCRIPTIVE.has(keyword)) {
      out.push({ path, keyword, value, when });
    }
  }
  return out;
}

/** A clean config with every key the schema knows, so that each constraint has a value to break. */
const BASE: Json = {
  $schema: 'rnn-config.schema.json',
  model: {
    cell: 'rnn',
    hidden_size: 8,
    input_size: 2,
    activation: 'tanh',
    recurrent_init: { type: 'normal', std: 0.1 },
  },
  data: { seq_len: 5 },
  train: { clip_grad_norm: 1, lr: 0.1 },
  weights: 'w.json',
  tied: [['W_xh', 'W_hy^T']],
};

const KINDS: Record<string, (v: Json) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  array: (v) => Array.isArray(v),
};

/** The base config with `c` broken; throws for a keyword with no breaker yet, so none is skipped silently. */
function broken(c: Constraint): Json {
  const config = structuredClone(BASE) as { [key: string]: Json };
  const parent = c.path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], config) as Record<
    string,
    Json
  >;
  const key = c.path.at(-1) as string;
  for (const [k, v] of Object.entries(c.when ?? {})) parent[k] = v;
  const here = c.path.length === 0 ? config : parent[key];
  let root: Json = config;
  const set = (v: Json): void => {
    if (c.path.length === 0) root = v;
    else parent[key] = v;
  };
  switch (c.keyword) {
    case 'type': {
      const kinds = ([] as Json[]).concat(c.value).map(String);
      const candidates: Json[] = [true, 'x', 1.5, 5, {}, [], null];
      set(candidates.find((v) => !kinds.some((kind) => KINDS[kind](v))) ?? null);
      break;
    }
    case 'enum':
    case 'const':
      set('not-a-listed-value');
      break;
    case 'minimum':
      set((c.value as number) - 1);
      break;
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      set(c.value);
      break;
    case 'maximum':
      set((c.value as number) + 1);
      break;
    case 'minLength':
      set('');
      break;
    case 'minItems':
      set((here as Json[]).slice(0, (c.value as number) - 1));
      break;
    case 'required':
      delete parent[key];
      break;
    case 'additionalProperties': {
      if (c.value !== false) throw new Error(`no breaker for additionalProperties ${JSON.stringify(c.value)}`);
      (here as Record<string, Json>).not_a_known_key = 1;
      break;
    }
    default:
      throw new Error(`no breaker for the schema keyword "${c.keyword}" at ${c.path.join('.')}: add one`);
  }
  return root;
}

const RULE_CODES = new Set<ConfigDiagnostic['code']>(['syntax', 'invalid-value', 'unknown-key']);

function ruleMessages(config: Json): string[] {
  const ds = diagnoseConfig(buildContext(JSON.stringify(config, null, 2), 'c.rnn.json'));
  return ds.filter((d) => RULE_CODES.has(d.code)).map((d) => d.message);
}

/** The constraints of `schema` that our diagnostics report too. */
function duplicatedRules(schema: Schema): string[] {
  const duplicates: string[] = [];
  for (const c of constraintsOf(schema)) {
    const messages = ruleMessages(broken(c));
    if (messages.length > 0)
      duplicates.push(`${c.path.join('.') || '(top level)'} ${c.keyword}: also "${messages.join('"; "')}"`);
  }
  return duplicates;
}

const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'rnn-config.schema.json'), 'utf8')) as Schema;

test('the base config breaks no rule', () => {
  assert.deepEqual(ruleMessages(BASE), []);
});

test('no rule is both in the JSON Schema and in our diagnostics', () => {
  const constraints = constraintsOf(schema);
  assert.ok(
    constraints.some((c) => c.path.join('.') === '$schema' && c.keyword === 'type'),
    'the schema owns "$schema is a string"',
  );
  assert.deepEqual(duplicatedRules(schema), []);
});

test('the comparison catches a duplicate: the schema rules as they were before each got one owner', () => {
  const duplicated: Schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      model: {
        properties: {
          hidden_size: { type: 'integer', minimum: 1 },
          activation: { enum: ['tanh', 'sigmoid', 'relu', 'linear'] },
          recurrent_init: {
            required: ['type'],
            properties: { std: { type: 'number', minimum: 0 } },
            allOf: [{ if: { properties: { type: { const: 'normal' } } }, then: { required: ['std'] } }],
          },
        },
      },
      train: { properties: { clip_grad_norm: { type: ['number', 'null'], exclusiveMinimum: 0 } } },
      weights: { type: 'string', minLength: 1 },
      tied: { items: { minItems: 2 } },
    },
  };
  const found = duplicatedRules(duplicated);
  for (const rule of [
    '(top level) type',
    '(top level) additionalProperties',
    'model.hidden_size type',
    'model.hidden_size minimum',
    'model.activation enum',
    'model.recurrent_init.type required',
    'model.recurrent_init.std minimum',
    'model.recurrent_init.std required',
    'train.clip_grad_norm exclusiveMinimum',
    'weights minLength',
    'tied.0 minItems',
  ]) {
    assert.ok(
      found.some((f) => f.startsWith(`${rule}:`)),
      `${rule} not caught among\n${found.join('\n')}`,
    );
  }
});
