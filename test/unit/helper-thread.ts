// The helper thread for the tests that split work with it: started and loaded before a test relies on it, and
// boards sent so that the leader waits until the helper serves them. A short run on a loaded machine could
// otherwise end before the helper's thread gets to its message, and there would be no share to check.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { EigenvalueTask, helperThread, sendToHelper, sharedCopy } from '../../src/core/parallel/helper';
import type { HelperRequest } from '../../src/core/parallel/messages';

/** The helper, once its script has loaded (it answers an eigenvalue task). */
export async function startedHelper(): Promise<Worker> {
  const helper = helperThread();
  assert.ok(helper, 'a helper thread starts on this machine (2 cores)');
  const task = new EigenvalueTask(sharedCopy(new Float64Array([2])), 1, helper);
  for (let waited = 0; task.state === 'pending' && waited < 20_000; waited += 20) await sleep(20);
  assert.deepEqual(
    task.take(() => assert.fail('computed here')),
    [[2, 0]],
  );
  return helper;
}

type BoardRequest = Extract<HelperRequest, { board: unknown }>;

/**
 * A board's `send` that posts it as `type` and returns once the helper serves it (its `joined` control slot
 * is set); a helper that never joins fails the test.
 */
export function sendAndAwaitJoin<T extends BoardRequest['type']>(
  type: T,
  joined: number,
): (worker: Worker, board: Extract<BoardRequest, { type: T }>['board']) => boolean {
  return (worker, board) => {
    if (!sendToHelper(worker, { type, board } as BoardRequest)) return false;
    assert.notEqual(Atomics.wait(board.control, joined, 0, 20_000), 'timed-out', 'the helper never joined the board');
    return true;
  };
}
