// The same model saved in every format gives identical analyses, through the core and the CLI.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import type { AnalysisResult } from '../../../src/core/analysis/types';
import { FIXTURES } from './fixtures';

const FORMATS = ['.safetensors', '.npz', '-deflated.npz', '.json'];
const CLI = resolve(FIXTURES, '../../../dist/cli.js');

/** The result without what legitimately differs between files: their name, format and the timings. */
function comparable(r: AnalysisResult): unknown {
  const copy = structuredClone(r) as unknown as { timingsMs?: unknown; model: { file?: string; format?: string } };
  delete copy.timingsMs;
  delete copy.model.file;
  delete copy.model.format;
  return copy;
}

describe('identical analyses from every format', () => {
  for (const [stem, layers] of [
    [
      'torch-rnn',
      [
        [0, 'forward'],
        [1, 'reverse'],
      ],
    ],
    ['keras-rnn', [[0, 'forward']]],
  ] as const) {
    for (const [layer, direction] of layers) {
      it(`${stem}, layer ${layer} ${direction}: safetensors, npz (stored, deflated) and JSON agree exactly`, () => {
        const results = FORMATS.map((suffix) =>
          analyzeFile(join(FIXTURES, 'model', stem + suffix), {
            inputs: { kind: 'random', seed: 3, steps: 40 },
            layer,
            direction,
          }),
        );
        assert.deepEqual(
          results.map((r) => r.model.format),
          ['safetensors', 'npz', 'npz', 'json-state-dict'],
        );
        for (const r of results.slice(1)) assert.deepEqual(comparable(r), comparable(results[0]));
      });
    }
  }

  it('the CLI (dist/cli.js) reads every format and prints the same analysis', () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`node scripts/build.mjs\` first (npm test does)`);
    const outputs = FORMATS.map((suffix) => {
      const run = spawnSync(
        process.execPath,
        [CLI, 'analyze', join(FIXTURES, 'model', `torch-rnn${suffix}`), '--json', '--steps', '30', '--layer', '1'],
        { encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      return comparable(JSON.parse(run.stdout) as AnalysisResult);
    });
    for (const o of outputs.slice(1)) assert.deepEqual(o, outputs[0]);
  });

  it('the CLI names the file and the place when a binary file is bad', () => {
    const bad = join(FIXTURES, 'npy-bad', 'object.npy');
    const run = spawnSync(process.execPath, [CLI, 'analyze', bad], { encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.ok(run.stderr.includes(`${bad}: header (byte 10): object arrays ('O') hold Python pickles`), run.stderr);
  });
});
