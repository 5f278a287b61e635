// Seeded mutations of Keras .h5 files and of the model.weights.h5 inside a .keras: each read ends in a result or an
// InputError naming the file, never another exception, never a hang. The cases run in a worker thread so that a
// case that does not end is stopped and named.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

const CASES = 3000;
/** Far above an honest case (a few ms), low enough to catch a runaway loop on a busy machine. */
const SLOW_CASE_MS = 3000;

test(`${CASES} mutations of Keras .h5 and .keras files: a result or an InputError, each case bounded in time`, async () => {
  const seeds = ['simple_rnn.h5', 'split_names.h5', 'bidirectional.h5', 'simple_rnn.keras', 'stacked.keras'];
  const worker = new Worker(join(__dirname, 'fuzz-worker.js'), { workerData: { cases: CASES, seeds } });
  const outcomes = { result: 0, refused: 0 };
  const failures: string[] = [];
  let last = 'before the first case';
  await new Promise<void>((resolve, reject) => {
    let timer = setTimeout(() => undefined, 0);
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`case ${last} took over ${SLOW_CASE_MS} ms`));
      }, SLOW_CASE_MS);
    };
    watch();
    worker.on('message', (m: { i: number; what: string; outcome: string }) => {
      watch();
      last = `${m.i} (${m.what})`;
      if (m.outcome === 'started') return;
      if (m.outcome === 'result' || m.outcome === 'refused') outcomes[m.outcome]++;
      else failures.push(`case ${last}: ${m.outcome}`);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  assert.deepEqual(failures.slice(0, 5), []);
  assert.equal(outcomes.result + outcomes.refused, CASES);
  assert.ok(outcomes.refused > CASES / 10 && outcomes.result > 0, JSON.stringify(outcomes));
});
