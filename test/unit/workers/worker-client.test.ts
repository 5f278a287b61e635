// Worker threads behind the request channel: the real weights worker answers, and a thread that crashes or
// exits fails every request in flight with a clear error (never a hang); the next request gets a fresh thread.
// The threads stay referenced: an unref'd thread would let node:test end the file while a reply is awaited.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RequestFailedError } from '../../../src/core/messaging/requestChannel';
import type { InspectProgress, WeightsWorkerRequests } from '../../../src/protocol/weightsWorker';
import { workerBundlePath } from '../../../src/workers/bundles';
import { WorkerClient } from '../../../src/workers/workerClient';
import { fixturePath, REPO } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'rnn-worker-client-'));
const weightsWorker = workerBundlePath(REPO, 'weightsWorker');

/** The real weights worker, made to crash (an uncaught exception in the thread) on the text 'crash'. */
const crashingWeightsWorker = join(dir, 'crashing-weights-worker.js');
writeFileSync(
  crashingWeightsWorker,
  `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.params && m.params.text === 'crash') throw new Error('the thread fell over'); });
require(${JSON.stringify(weightsWorker)});
`,
);

/** A thread that exits with code 3 on its first message. */
const exitingWorker = join(dir, 'exiting-worker.js');
writeFileSync(exitingWorker, `require('node:worker_threads').parentPort.on('message', () => process.exit(3));`);

const weightsJson = JSON.stringify({
  W_hh: [
    [0.5, 0.1],
    [0.2, 0.4],
  ],
  W_xh: [[1], [0]],
});

test(
  'the weights worker answers diagnose, hover and inspect (with its progress) through the channel',
  { timeout: 30_000 },
  async () => {
    const client = new WorkerClient<WeightsWorkerRequests>(weightsWorker, 'the weights worker');
    try {
      assert.deepEqual(await client.request('diagnose', { text: weightsJson }), []);
      const ragged = await client.request('diagnose', { text: '{"W_hh": [[1, 2], [3]]}' });
      assert.ok(ragged.length > 0, 'a ragged matrix is diagnosed');
      const hover = await client.request('hover', {
        text: weightsJson,
        file: '/w.json',
        offset: weightsJson.indexOf('W_hh') + 1,
      });
      assert.match(hover?.markdown ?? '', /\*\*W_hh\*\* — 2×2/);
      assert.equal(await client.request('hover', { text: weightsJson, file: '/w.json', offset: 0 }), undefined);

      const seen: InspectProgress['type'][] = [];
      const result = await client.request(
        'inspect',
        { file: fixturePath('formats', 'model', 'torch-rnn.safetensors'), maxBytes: 1e9, maxSpectralSize: 64 },
        {
          onProgress: (p) => seen.push(p.type),
        },
      );
      assert.equal(result, undefined);
      assert.deepEqual(seen.slice(0, 2), ['header', 'report']);
      assert.ok(seen.length > 2 && seen.slice(2).every((t) => t === 'statistics'), seen.join(' '));
    } finally {
      client.stop();
    }
  },
);

test("the weights worker's refusal names the file and the limit", async () => {
  const client = new WorkerClient<WeightsWorkerRequests>(weightsWorker, 'the weights worker');
  const file = fixturePath('formats', 'model', 'torch-rnn.safetensors');
  try {
    await assert.rejects(client.request('inspect', { file, maxBytes: 10, maxSpectralSize: 64 }), (e: unknown) => {
      assert.ok(e instanceof RequestFailedError);
      assert.equal(e.name, 'InputError');
      assert.ok(e.message.startsWith(`${file}: file is `), e.message);
      assert.match(e.message, /over the 10 bytes limit \(setting rnnGradients\.maxWeightsFileMB\)/);
      return true;
    });
  } finally {
    client.stop();
  }
});

test(
  'a crashing weights worker fails every request in flight with a clear error, and the next request works',
  { timeout: 30_000 },
  async () => {
    const client = new WorkerClient<WeightsWorkerRequests>(crashingWeightsWorker, 'the weights worker');
    try {
      assert.deepEqual(
        await client.request('diagnose', { text: weightsJson }),
        [],
        'the wrapped worker is the real one',
      );
      const started = Date.now();
      // The crash comes first: the hover queued behind it is in flight when the thread dies.
      const outcomes = await Promise.allSettled([
        client.request('diagnose', { text: 'crash' }),
        client.request('hover', { text: weightsJson, file: '/w.json', offset: 3 }),
      ]);
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'answered')),
        ['the weights worker crashed: the thread fell over', 'the weights worker crashed: the thread fell over'],
      );
      assert.ok(Date.now() - started < 5000, `failed after ${Date.now() - started} ms`);
      assert.deepEqual(await client.request('diagnose', { text: weightsJson }), [], 'a fresh thread answers');
    } finally {
      client.stop();
    }
  },
);

test('a thread that exits fails its requests with the exit code', { timeout: 30_000 }, async () => {
  const client = new WorkerClient<WeightsWorkerRequests>(exitingWorker, 'the weights worker');
  await assert.rejects(client.request('diagnose', { text: '{}' }), {
    message: 'the weights worker stopped (exit code 3)',
  });
});

test(
  'stopping the client fails what is in flight with the reason given; an aborted request starts nothing',
  { timeout: 30_000 },
  async () => {
    const client = new WorkerClient<WeightsWorkerRequests>(weightsWorker, 'the weights worker');
    const pending = client.request('diagnose', { text: weightsJson });
    client.stop(new Error('the editor was closed'));
    await assert.rejects(pending, { message: 'the editor was closed' });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.request('diagnose', { text: weightsJson }, { signal: controller.signal }), {
      name: 'CancelledError',
    });
  },
);
