// When sharing a Lyapunov run's tasks stops paying (the helper held chunks the steps waited for), the leader goes
// alone for a while, then tries sharing again; tasks that share well keep sharing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WindowJudge } from '../../../src/core/parallel/share-judge';

test('a window of shared tasks slower than alone by more than 10 %: the next tasks run alone, then sharing again', () => {
  const judge = new WindowJudge(4, 3, 0.1);
  for (let i = 0; i < 4; i++) {
    assert.equal(judge.goAlone(), false);
    judge.shared(10, 8); // 2 ms slower than alone, 20 % of 10 ms
  }
  assert.deepEqual(
    Array.from({ length: 5 }, () => judge.goAlone()),
    [true, true, true, false, false],
  );
});

test('shared tasks faster than alone, or slower by less than 10 %, keep sharing', () => {
  const judge = new WindowJudge(4, 3, 0.1);
  for (let i = 0; i < 8; i++) {
    assert.equal(judge.goAlone(), false);
    judge.shared(i < 4 ? 6 : 10.5, 10); // faster; then 5 % slower
  }
  assert.equal(judge.goAlone(), false);
});

test('the judgement is over the whole window: one stalled task among fast ones does not send the run alone', () => {
  const judge = new WindowJudge(4, 3, 0.1);
  [30, 5, 5, 5].forEach((took) => judge.shared(took, 12)); // 45 ms shared against 48 alone
  assert.equal(judge.goAlone(), false);
});
