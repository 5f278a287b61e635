// The analysis worker through its host-side client: results, progress, errors as messages, cancel, restart.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeFile } from '../../../src/core/analysis/analyze-file';
import { SeededNormal } from '../../../src/core/random';
import { AnalysisClient, AnalysisError } from '../../../src/workers/analysisClient';
import { workerBundlePath } from '../../../src/workers/bundles';
import { REPO } from '../helpers';

const client = new AnalysisClient(workerBundlePath(REPO, 'analysisWorker'));
after(() => client.dispose());
const example = (name: string) => join(REPO, 'examples', name);
const dir = mkdtempSync(join(tmpdir(), 'rnn-worker-'));

/** A weights file big enough that its analysis takes seconds. */
function bigModel(n: number): string {
  const rng = new SeededNormal(3);
  const rows = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal() / Math.sqrt(n)));
  const p = join(dir, `big-${n}.json`);
  writeFileSync(p, JSON.stringify({ W_hh: rows, W_xh: rows.map(() => [1]) }));
  return p;
}

test('the worker returns the same analysis as the core called directly, with progress on the way', async () => {
  const options = { inputs: { kind: 'random' as const, seed: 0, steps: 60 } };
  const progress: number[] = [];
  const result = await client.analyze(
    { file: example('vanishing.json'), options },
    { onProgress: (f) => progress.push(f) },
  );
  const direct = analyzeFile(example('vanishing.json'), options);
  assert.deepEqual(result.jacobian.log10Spectral, direct.jacobian.log10Spectral);
  assert.deepEqual(result.spectrum.eigenvalues, direct.spectrum.eigenvalues);
  assert.equal(result.verdict.summary, direct.verdict.summary);
  assert.ok(progress.length >= 2, `progress events: ${progress.length}`);
  assert.ok(
    progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1])),
    'progress rises from 0 to 1',
  );
});

test('a bad file comes back as an error message naming the file and the place, and the worker keeps working', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"W_hh": [[1, 2], [3]]}');
  await assert.rejects(
    client.analyze({ file: bad, options: { inputs: { kind: 'zeros', steps: 5 } } }),
    (e: unknown) => {
      assert.ok(e instanceof AnalysisError);
      assert.equal(e.name, 'InputError');
      assert.equal(e.file, bad);
      assert.equal(e.location, '$.W_hh[1]');
      assert.match(e.message, /bad\.json: \$\.W_hh\[1\]: ragged tensor/);
      return true;
    },
  );
  const ok = await client.analyze({
    file: example('orthogonal.json'),
    options: { inputs: { kind: 'zeros', steps: 5 } },
  });
  assert.equal(ok.model.hiddenSize, 32);
});

test('cancel stops a long analysis at once, and the next request runs on a fresh worker', async () => {
  const file = bigModel(300);
  const controller = new AbortController();
  const started = Date.now();
  let firstProgress = 0;
  const running = client.analyze(
    { file, options: { inputs: { kind: 'random', seed: 0, steps: 400 } } },
    {
      signal: controller.signal,
      onProgress: () => {
        if (!firstProgress) {
          firstProgress = Date.now();
          controller.abort();
        }
      },
    },
  );
  await assert.rejects(running, (e: unknown) => e instanceof Error && e.name === 'CancelledError');
  const cancelledAfter = Date.now() - (firstProgress || started);
  assert.ok(cancelledAfter < 500, `cancel took ${cancelledAfter} ms`);
  const next = await client.analyze({
    file: example('vanishing.json'),
    options: { inputs: { kind: 'zeros', steps: 10 } },
  });
  assert.equal(next.jacobian.steps, 10);
});

test('an already-aborted signal never starts work', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    client.analyze(
      { file: example('vanishing.json'), options: { inputs: { kind: 'zeros', steps: 5 } } },
      { signal: controller.signal },
    ),
    { name: 'CancelledError' },
  );
});
