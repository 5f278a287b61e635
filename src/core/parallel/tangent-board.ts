// The shared board on which the analysis thread and its helper split a Benettin step's products
// (linalg/tangent-product.ts), as step-board.ts does for a gated curve's: the task travels in Int32 slots,
// a ticket counter hands out row chunks, each thread packs the task's B once, and a chunk's rows and Gram
// partial are the same whichever thread computed them, so the spectrum is identical bit for bit with or
// without the helper. A helper that stops answering costs time only: its chunks are recomputed here and the
// arrays it writes are copied away from it.
import type { Worker } from 'node:worker_threads';
import {
  chunksOf,
  decodeTask,
  encodeTask,
  NONE,
  serialTangentSplitter,
  TangentWorker,
  TASK_FIELDS,
  type TangentSplitter,
  type TangentSplitterFactory,
  type TangentTask,
} from '../linalg/tangent-product';
import { PRESUMED_DEAD_MS } from './liveness';
import { alwaysShare, WindowJudge, type ShareJudge } from './share-judge';

/** Control slots and a chunk's state, exported for the tests that play a failing helper. */
export const TICKET = 0; // (generation tag << 16) | next chunk
const GENERATION = 1;
const COMPLETED = 2;
const STOP = 3;
/** 1 once the helper serves the board (tests wait on it; the leader never does). */
export const JOINED = 4;
const TASK_AT = 5;
const CONTROL_SLOTS = TASK_AT + TASK_FIELDS;

const OPEN = 0;
export const TAKEN = 1;
const FINISHED = 2;
const RETURNED = 3;

export interface TangentBoard {
  /** Every operand, shared; tasks name them by index. */
  arrays: Float64Array[];
  gramParts: Float64Array;
  control: Int32Array;
  chunkState: Int32Array;
}

function takeChunks(board: TangentBoard, worker: TangentWorker, generation: number): number {
  const { control, chunkState } = board;
  const tag = generation & 0x7fff;
  const task = decodeTask(control, TASK_AT);
  const chunks = chunksOf(task);
  let taken = 0;
  for (;;) {
    const ticket = Atomics.load(control, TICKET);
    if (ticket >>> 16 !== tag) return taken;
    const chunk = ticket & 0xffff;
    if (chunk >= chunks) return taken;
    if (Atomics.compareExchange(control, TICKET, ticket, ticket + 1) !== ticket) continue;
    Atomics.store(chunkState, chunk, TAKEN);
    try {
      worker.computeChunk(board.arrays, board.gramParts, task, generation, chunk);
    } catch (error) {
      Atomics.store(chunkState, chunk, RETURNED);
      Atomics.notify(control, COMPLETED);
      throw error;
    }
    finish(board, chunk);
    taken++;
  }
}

function finish(board: TangentBoard, chunk: number): void {
  Atomics.store(board.chunkState, chunk, FINISHED);
  Atomics.add(board.control, COMPLETED, 1);
  Atomics.notify(board.control, COMPLETED);
}

/**
 * How long a thread polls before it sleeps, in milliseconds: a step's tasks follow each other within a fraction
 * of a millisecond, and waking a sleeping thread can take longer than that.
 */
const SPIN_MS = 0.2;

/** Wait until control[slot] is no longer `value`: poll for SPIN_MS, then sleep up to `timeoutMs`. */
function waitWhile(control: Int32Array, slot: number, value: number, timeoutMs: number): void {
  const until = performance.now() + SPIN_MS;
  while (Atomics.load(control, slot) === value) {
    if (performance.now() > until) {
      Atomics.wait(control, slot, value, timeoutMs);
      return;
    }
  }
}

/** The helper's side: serve every task published until the board is stopped. */
export function serveTangentBoard(board: TangentBoard): void {
  const { control } = board;
  const worker = new TangentWorker();
  let served = 0;
  Atomics.store(control, JOINED, 1);
  Atomics.notify(control, JOINED);
  for (;;) {
    if (Atomics.load(control, STOP) === 1) return;
    const generation = Atomics.load(control, GENERATION);
    if (generation === served) {
      waitWhile(control, GENERATION, generation, 1000);
      continue;
    }
    takeChunks(board, worker, generation);
    served = generation;
  }
}

class TangentBoardLeader implements TangentSplitter {
  private generation = 0;
  /** This thread's time per chunk, a running average (0 until measured). */
  private perChunkMs = 0;
  private helperPresumedDead = false;
  private readonly worker = new TangentWorker();
  /** The arrays tasks have written into: the only ones a stalled helper could still write. */
  private readonly written = new Set<number>();
  chunksHere = 0;
  chunksInAll = 0;

  constructor(
    private readonly board: TangentBoard,
    private readonly presumedDeadMs = PRESUMED_DEAD_MS,
    /** Whether a task is shared (share-judge.ts). */
    private readonly judge: ShareJudge = new WindowJudge(),
  ) {}

  get arrays(): readonly Float64Array[] {
    return this.board.arrays;
  }

  get gramParts(): Float64Array {
    return this.board.gramParts;
  }

  run(task: TangentTask, meanwhile?: () => void): void {
    const { board } = this;
    const { control, chunkState } = board;
    const chunks = chunksOf(task);
    if (chunks > chunkState.length) throw new RangeError(`${chunks} chunks, room for ${chunkState.length}`);
    if (this.judge.goAlone()) {
      this.runAlone(task, chunks, meanwhile);
      return;
    }
    if (task.a !== NONE) this.written.add(task.c);
    encodeTask(task, control, TASK_AT);
    Atomics.store(control, COMPLETED, 0);
    for (let c = 0; c < chunks; c++) Atomics.store(chunkState, c, OPEN);
    this.generation++;
    Atomics.store(control, TICKET, (this.generation & 0x7fff) << 16);
    Atomics.store(control, GENERATION, this.generation);
    Atomics.notify(control, GENERATION);
    const started = performance.now();
    meanwhile?.();
    const computing = performance.now();
    this.chunksInAll += chunks;
    const mine = takeChunks(board, this.worker, this.generation);
    this.chunksHere += mine;
    if (mine > 0) this.timeChunks(mine, performance.now() - computing);
    let lastProgress = performance.now();
    let seen = Atomics.load(control, COMPLETED);
    while (seen < chunks) {
      for (let c = 0; c < chunks; c++) {
        const state = Atomics.load(chunkState, c);
        const abandoned = state === RETURNED || (state === TAKEN && this.helperPresumedDead);
        if (abandoned && Atomics.compareExchange(chunkState, c, state, TAKEN) === state) {
          this.worker.computeChunk(board.arrays, board.gramParts, task, this.generation, c);
          finish(board, c);
          this.chunksHere++;
        }
      }
      waitWhile(control, COMPLETED, seen, 100);
      const now = Atomics.load(control, COMPLETED);
      if (now !== seen) {
        seen = now;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > this.presumedDeadMs) {
        this.helperPresumedDead = true;
      }
    }
    if (this.helperPresumedDead) this.detach();
    else if (this.perChunkMs > 0)
      this.judge.shared(performance.now() - started, computing - started + chunks * this.perChunkMs);
  }

  /** Every chunk here, the helper not told (it sleeps on the generation it last served). */
  private runAlone(task: TangentTask, chunks: number, meanwhile?: () => void): void {
    this.generation++;
    meanwhile?.();
    const computing = performance.now();
    for (let c = 0; c < chunks; c++)
      this.worker.computeChunk(this.board.arrays, this.board.gramParts, task, this.generation, c);
    this.timeChunks(chunks, performance.now() - computing);
    this.chunksHere += chunks;
    this.chunksInAll += chunks;
  }

  private timeChunks(count: number, ms: number): void {
    const each = ms / count;
    this.perChunkMs = this.perChunkMs === 0 ? each : 0.8 * this.perChunkMs + 0.2 * each;
  }

  /**
   * Go on alone with copies: a stalled helper may still write the chunk it held, where nobody reads any more.
   * The arrays tasks write are copied (the caller reads them again through `arrays`); those it only reads stay.
   */
  private detach(): void {
    this.close();
    const { board } = this;
    board.arrays = board.arrays.map((a, i) => (this.written.has(i) ? Float64Array.from(a) : a));
    board.gramParts = Float64Array.from(board.gramParts);
    board.control = new Int32Array(new SharedArrayBuffer(board.control.byteLength));
    board.chunkState = new Int32Array(new SharedArrayBuffer(board.chunkState.byteLength));
    this.helperPresumedDead = false;
  }

  close(): void {
    const { control } = this.board;
    Atomics.store(control, STOP, 1);
    Atomics.store(control, TICKET, 0x7fff0000 | 0xffff);
    Atomics.store(control, GENERATION, -1);
    Atomics.notify(control, GENERATION);
  }
}

function createTangentBoard(arrays: readonly Float64Array[], maxChunks: number, k: number): TangentBoard {
  arrays.forEach((a, i) => {
    if (!(a.buffer instanceof SharedArrayBuffer)) throw new RangeError(`tangent board: array ${i} is not shared`);
  });
  return {
    arrays: [...arrays],
    gramParts: new Float64Array(new SharedArrayBuffer(Math.max(1, maxChunks * k * k) * 8)),
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
    chunkState: new Int32Array(new SharedArrayBuffer(Math.max(1, maxChunks) * 4)),
  };
}

/**
 * A board and its leader without a helper thread (tests play the helper, and may wait less for it); it always
 * shares, never going alone for a while.
 */
export function openTangentBoard(
  arrays: readonly Float64Array[],
  maxChunks: number,
  k: number,
  presumedDeadMs = PRESUMED_DEAD_MS,
): { board: TangentBoard; leader: TangentSplitter } {
  const board = createTangentBoard(arrays, maxChunks, k);
  return { board, leader: new TangentBoardLeader(board, presumedDeadMs, alwaysShare) };
}

const sharedFloat64 = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(length * 8));

/** Benettin's products split by rows with `helper`; without one, this thread does them alone. */
export function tangentSplitterWith(
  helper: Worker | null,
  send: (worker: Worker, board: TangentBoard) => boolean,
  judge: () => ShareJudge = () => new WindowJudge(),
): TangentSplitterFactory {
  if (!helper) return serialTangentSplitter;
  return {
    allocate: sharedFloat64,
    open(arrays, maxChunks, k) {
      const board = createTangentBoard(arrays, maxChunks, k);
      const leader = new TangentBoardLeader(board, PRESUMED_DEAD_MS, judge());
      if (!send(helper, board)) leader.close();
      return leader;
    },
  };
}
