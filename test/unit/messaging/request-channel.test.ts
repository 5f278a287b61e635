// The request/reply channel and its serving side, over an in-memory transport: ids matched out of order,
// progress, failures, timeouts, cancel, and every request still waiting failed when the other side is gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestChannel, RequestFailedError } from '../../../src/core/messaging/requestChannel';
import { serveRequests, type RequestHandlers } from '../../../src/core/messaging/serveRequests';
import { Listeners, type Transport } from '../../../src/core/messaging/transport';
import type { RequestMessage, ResponseMessage } from '../../../src/protocol/requests';

interface Echo {
  double: { params: { n: number }; result: number; progress: { done: number } };
  fail: { params: { why: string }; result: never };
}
type Request = RequestMessage<Echo>;
type Response = ResponseMessage<Echo>;

/** The asking end of an in-memory transport, with what it sent and a way to answer or hang up. */
function fakePeer() {
  const sent: Request[] = [];
  const incoming = new Listeners<unknown>();
  const closes = new Listeners<Error>();
  const transport: Transport<Request, unknown> = {
    send: (m) => sent.push(m),
    onMessage: (l) => incoming.add(l),
    onClose: (l) => closes.add(l),
  };
  return { transport, sent, answer: (m: Response | unknown) => incoming.emit(m), hangUp: (e: Error) => closes.emit(e) };
}

/** Two ends of an in-memory pipe: what one sends, the other receives (asynchronously, as a thread would). */
function pipe<Out = Request, Back = Response>(): {
  host: Transport<Out, unknown>;
  peer: Transport<Back, unknown>;
  hangUp: (e: Error) => void;
} {
  const toPeer = new Listeners<unknown>();
  const toHost = new Listeners<unknown>();
  const closes = new Listeners<Error>();
  return {
    host: {
      send: (m) => void queueMicrotask(() => toPeer.emit(m)),
      onMessage: (l) => toHost.add(l),
      onClose: (l) => closes.add(l),
    },
    peer: {
      send: (m) => void queueMicrotask(() => toHost.emit(m)),
      onMessage: (l) => toPeer.add(l),
      onClose: () => () => undefined,
    },
    hangUp: (e) => closes.emit(e),
  };
}

const settled = async <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );

test('answers are matched to their requests by id, whatever order they come in', async () => {
  const peer = fakePeer();
  const channel = new RequestChannel<Echo>(peer.transport, { peer: 'the echo' });
  const first = channel.request('double', { n: 1 });
  const second = channel.request('double', { n: 2 });
  assert.deepEqual(
    peer.sent.map((m) => [m.method, m.params]),
    [
      ['double', { n: 1 }],
      ['double', { n: 2 }],
    ],
  );
  const [a, b] = peer.sent;
  assert.notEqual(a.id, b.id);
  peer.answer({ type: 'result', id: b.id, result: 4 });
  peer.answer({ type: 'result', id: a.id, result: 2 });
  assert.deepEqual(await Promise.all([first, second]), [2, 4]);
  assert.equal(channel.pendingCount, 0);
});

test('progress reaches its own request, in order, before the result; stray messages are ignored', async () => {
  const peer = fakePeer();
  const channel = new RequestChannel<Echo>(peer.transport, { peer: 'the echo' });
  const seen: string[] = [];
  const first = channel.request('double', { n: 1 }, { onProgress: (p) => seen.push(`first ${p.done}`) });
  const second = channel.request('double', { n: 2 }, { onProgress: (p) => seen.push(`second ${p.done}`) });
  const [a, b] = peer.sent;
  peer.answer({ type: 'progress', id: a.id, progress: { done: 0.5 } });
  peer.answer({ type: 'progress', id: b.id, progress: { done: 0.25 } });
  peer.answer({ type: 'progress', id: 999, progress: { done: 1 } });
  peer.answer({ type: 'ready' });
  peer.answer(null);
  peer.answer({ type: 'progress', id: a.id, progress: { done: 1 } });
  peer.answer({ type: 'result', id: a.id, result: 2 });
  peer.answer({ type: 'result', id: b.id, result: 4 });
  assert.deepEqual(await Promise.all([first, second]), [2, 4]);
  assert.deepEqual(seen, ['first 0.5', 'second 0.25', 'first 1']);
});

test("a failure comes back as an error with the other side's name, file and place", async () => {
  const peer = fakePeer();
  const channel = new RequestChannel<Echo>(peer.transport, { peer: 'the echo' });
  const failing = channel.request('fail', { why: 'x' });
  peer.answer({
    type: 'failure',
    id: peer.sent[0].id,
    error: { name: 'InputError', message: 'w.json: $.W_hh[1]: ragged', file: 'w.json', location: '$.W_hh[1]' },
  });
  await assert.rejects(failing, (e: unknown) => {
    assert.ok(e instanceof RequestFailedError);
    assert.equal(e.name, 'InputError');
    assert.equal(e.message, 'w.json: $.W_hh[1]: ragged');
    assert.equal(e.file, 'w.json');
    assert.equal(e.location, '$.W_hh[1]');
    return true;
  });
});

test('a request not answered in time rejects with a timeout naming the peer; its late answer is dropped', async () => {
  const peer = fakePeer();
  const abandoned: string[] = [];
  const channel = new RequestChannel<Echo>(peer.transport, {
    peer: 'the panel for a.json',
    onAbandon: (why) => abandoned.push(why),
  });
  const slow = channel.request('double', { n: 1 }, { timeoutMs: 30 });
  const other = channel.request('double', { n: 2 }, { timeoutMs: 5000 });
  const started = Date.now();
  await assert.rejects(slow, (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'TimeoutError');
    assert.equal(e.message, "the panel for a.json did not answer 'double' within 30 ms");
    return true;
  });
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual(abandoned, ['timeout']);
  peer.answer({ type: 'result', id: peer.sent[0].id, result: 2 });
  peer.answer({ type: 'result', id: peer.sent[1].id, result: 4 });
  assert.equal(await other, 4, 'the other request is unaffected');
});

test('cancel rejects at once with a CancelledError and tells the owner; an aborted signal sends nothing', async () => {
  const peer = fakePeer();
  const abandoned: string[] = [];
  const channel = new RequestChannel<Echo>(peer.transport, {
    peer: 'the echo',
    onAbandon: (why) => abandoned.push(why),
  });
  const controller = new AbortController();
  const running = channel.request('double', { n: 1 }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(running, { name: 'CancelledError' });
  assert.deepEqual(abandoned, ['cancelled']);
  assert.equal(channel.pendingCount, 0);
  peer.answer({ type: 'result', id: peer.sent[0].id, result: 2 });

  const sentBefore = peer.sent.length;
  await assert.rejects(channel.request('double', { n: 1 }, { signal: controller.signal }), { name: 'CancelledError' });
  assert.equal(peer.sent.length, sentBefore, 'a request cancelled before it starts is never sent');
});

test('when the other side is gone every waiting request fails with the reason, and so does every later one', async () => {
  const peer = fakePeer();
  const channel = new RequestChannel<Echo>(peer.transport, { peer: 'the echo' });
  const waiting = [
    channel.request('double', { n: 1 }),
    channel.request('double', { n: 2 }, { timeoutMs: 60_000 }),
    channel.request('fail', { why: 'x' }),
  ];
  peer.hangUp(new Error('the echo crashed: out of memory'));
  const outcomes = await Promise.all(waiting.map(settled));
  for (const outcome of outcomes) {
    assert.ok('error' in outcome, 'rejected');
    assert.equal(outcome.error.message, 'the echo crashed: out of memory');
  }
  assert.ok(channel.closed);
  await assert.rejects(channel.request('double', { n: 3 }), /the echo crashed: out of memory/);
  assert.equal(peer.sent.length, 3, 'nothing is sent to a side that is gone');
});

test("a progress listener that throws fails its own request, not the transport's delivery", async () => {
  const peer = fakePeer();
  const channel = new RequestChannel<Echo>(peer.transport, { peer: 'the echo' });
  const running = channel.request(
    'double',
    { n: 1 },
    {
      onProgress: () => {
        throw new Error('listener bug');
      },
    },
  );
  assert.doesNotThrow(() => peer.answer({ type: 'progress', id: peer.sent[0].id, progress: { done: 0 } }));
  await assert.rejects(running, /listener bug/);
});

test('serveRequests answers through the channel: progress, results out of order, failures, unknown methods', async () => {
  const { host, peer } = pipe();
  let releaseSlow: () => void = () => undefined;
  const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
  const handlers: RequestHandlers<Echo> = {
    double: async ({ n }, progress) => {
      progress({ done: 0 });
      if (n === 1) await slowGate;
      progress({ done: 1 });
      return 2 * n;
    },
    fail: ({ why }) => {
      const e = new Error(`f.json: $.x: ${why}`) as Error & { file: string; location: string };
      e.name = 'InputError';
      e.file = 'f.json';
      e.location = '$.x';
      throw e;
    },
  };
  serveRequests<Echo>(peer, handlers);
  const channel = new RequestChannel<Echo>(host, { peer: 'the echo' });
  const progress: number[] = [];
  const slow = channel.request('double', { n: 1 }, { onProgress: (p) => progress.push(p.done) });
  const fast = channel.request('double', { n: 5 });
  assert.equal(await fast, 10, 'the fast request is answered while the slow one waits');
  releaseSlow();
  assert.equal(await slow, 2);
  assert.deepEqual(progress, [0, 1]);
  await assert.rejects(channel.request('fail', { why: 'bad' }), (e: unknown) => {
    assert.ok(e instanceof RequestFailedError);
    assert.deepEqual([e.name, e.message, e.file, e.location], ['InputError', 'f.json: $.x: bad', 'f.json', '$.x']);
    return true;
  });
  // The method name comes from the other side: Object.prototype's names are not handlers.
  type Strangers = Record<'toString' | '__proto__', { params: object; result: unknown }>;
  const other = pipe<RequestMessage<Strangers>>();
  serveRequests<Echo>(other.peer, handlers);
  const unknown = new RequestChannel<Strangers>(other.host, { peer: 'the echo' });
  await assert.rejects(unknown.request('toString', {}), /unknown request 'toString'/);
  await assert.rejects(unknown.request('__proto__', {}), /unknown request '__proto__'/);
});
