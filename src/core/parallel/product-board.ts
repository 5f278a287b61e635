// The shared board on which the analysis thread and its helper split the Jacobian curve's products.
// One product J_next = (J_cur · diag(w)) · W_hh is cut into row chunks; whichever thread is free takes
// the next chunk from a ticket counter. The analysis thread publishes a product, runs its own work
// (the Lanczos iteration on J_cur) while the helper starts on the chunks, then takes what is left and
// waits for the rest. Each chunk's rows and its Σ squares are the same whichever thread computes them,
// so the curve is identical, bit for bit, with or without the helper.
import type { Worker } from 'node:worker_threads';
import { RowProduct } from '../linalg/row-product';
import {
  chunkCount,
  computeRowChunk,
  serialRowSplitter,
  type OpenRowSplitter,
  type RowSplitter,
} from '../linalg/row-splitter';
import { PRESUMED_DEAD_MS } from './liveness';

/** Int32 slots of the control array (exported for the tests, which play a failing helper). */
export const TICKET = 0; // (generation tag << 16) | next chunk: claims are compare-exchanges on it
const GENERATION = 1; // bumped once per product; the helper sleeps on it
const COMPLETED = 2; // chunks finished in this generation; the analysis thread sleeps on it
const SOURCE = 3; // which of the two J buffers is the left operand
const STOP = 4; // 1: the helper leaves the board
/** 1 once the helper serves the board (tests wait on it; the leader never does). */
export const JOINED = 5;
const CONTROL_SLOTS = 8;

/** Per-chunk states. */
const OPEN = 0;
export const TAKEN = 1;
const FINISHED = 2;
/** A helper that failed on a chunk hands it back. */
const RETURNED = 3;

/** What a thread needs to join the board: all views on SharedArrayBuffers (or plain ones without a helper). */
export interface BoardBuffers {
  n: number;
  control: Int32Array;
  chunkState: Int32Array;
  /** The column scale of the current product's left operand. */
  scale: Float64Array;
  /** Σ squares of each chunk of the current product's result. */
  partials: Float64Array;
  /** The two n×n buffers that take turns as J_cur and J_next. */
  J: [Float64Array, Float64Array];
  /** W_hh, n×n. */
  W: Float64Array;
}

export function createBoardBuffers(n: number, shared: boolean): BoardBuffers {
  const chunks = chunkCount(n);
  const make = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    n,
    // Always shared: Atomics.wait works only on shared memory.
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
    chunkState: new Int32Array(new SharedArrayBuffer(chunks * 4)),
    scale: new Float64Array(make(n * 8)),
    partials: new Float64Array(make(chunks * 8)),
    J: [new Float64Array(make(n * n * 8)), new Float64Array(make(n * n * 8))],
    W: new Float64Array(make(n * n * 8)),
  };
}

/**
 * Take and compute chunks of the current product until none is left; the helper's and the analysis
 * thread's loop. Returns how many chunks this call computed.
 */
export function takeChunks(board: BoardBuffers, product: RowProduct, generation: number): number {
  const { control, chunkState, n } = board;
  const chunks = chunkCount(n);
  const tag = generation & 0x7fff;
  let taken = 0;
  for (;;) {
    const ticket = Atomics.load(control, TICKET);
    if (ticket >>> 16 !== tag) return taken; // a newer product, or the board closed
    const chunk = ticket & 0xffff;
    if (chunk >= chunks) return taken;
    if (Atomics.compareExchange(control, TICKET, ticket, ticket + 1) !== ticket) continue;
    Atomics.store(chunkState, chunk, TAKEN);
    try {
      computeChunk(board, product, chunk);
    } catch (error) {
      Atomics.store(chunkState, chunk, RETURNED);
      Atomics.notify(control, COMPLETED);
      throw error;
    }
    finishChunk(board, chunk);
    taken++;
  }
}

function computeChunk(board: BoardBuffers, product: RowProduct, chunk: number): void {
  const { control, n, J, scale, partials } = board;
  const source = Atomics.load(control, SOURCE);
  partials[chunk] = computeRowChunk(product, n, J[source], scale, chunk, J[1 - source]);
}

function finishChunk(board: BoardBuffers, chunk: number): void {
  Atomics.store(board.chunkState, chunk, FINISHED);
  Atomics.add(board.control, COMPLETED, 1);
  Atomics.notify(board.control, COMPLETED);
}

/** The helper's side: serve every product published until the board is stopped. */
export function serveBoard(board: BoardBuffers, product: RowProduct): void {
  const { control } = board;
  let served = 0;
  Atomics.store(control, JOINED, 1);
  Atomics.notify(control, JOINED);
  for (;;) {
    if (Atomics.load(control, STOP) === 1) return;
    const generation = Atomics.load(control, GENERATION);
    if (generation === served) {
      Atomics.wait(control, GENERATION, generation, 1000);
      continue;
    }
    takeChunks(board, product, generation);
    served = generation;
  }
}

/** The analysis thread's side of the board. */
export class BoardLeader implements RowSplitter {
  private currentGeneration = 0;
  private helperPresumedDead = false;
  /** Chunks computed by this thread and in all, over every product so far. */
  chunksHere = 0;
  chunksInAll = 0;

  constructor(
    readonly board: BoardBuffers,
    private readonly product: RowProduct,
    private readonly presumedDeadMs = PRESUMED_DEAD_MS,
  ) {}

  get generation(): number {
    return this.currentGeneration;
  }

  get J(): [Float64Array, Float64Array] {
    return this.board.J;
  }

  /** Open the product J[1−source] = (J[source]·diag(scale))·W to both threads; scale is copied. */
  publish(source: 0 | 1, scale: Float64Array): void {
    const { control, chunkState } = this.board;
    this.board.scale.set(scale);
    Atomics.store(control, SOURCE, source);
    Atomics.store(control, COMPLETED, 0);
    for (let c = 0; c < chunkState.length; c++) Atomics.store(chunkState, c, OPEN);
    this.currentGeneration++;
    Atomics.store(control, TICKET, (this.currentGeneration & 0x7fff) << 16);
    Atomics.store(control, GENERATION, this.currentGeneration);
    Atomics.notify(control, GENERATION);
  }

  /** Take what is left of the published product, wait for the helper's chunks; returns Σ squares of the result. */
  complete(): number {
    const { control, chunkState, partials } = this.board;
    const chunks = chunkState.length;
    this.chunksInAll += chunks;
    this.chunksHere += takeChunks(this.board, this.product, this.currentGeneration);
    let lastProgress = performance.now();
    let seen = Atomics.load(control, COMPLETED);
    while (seen < chunks) {
      for (let c = 0; c < chunks; c++) {
        const state = Atomics.load(chunkState, c);
        const abandoned = state === RETURNED || (state === TAKEN && this.helperPresumedDead);
        if (abandoned && Atomics.compareExchange(chunkState, c, state, TAKEN) === state) {
          computeChunk(this.board, this.product, c);
          finishChunk(this.board, c);
          this.chunksHere++;
        }
      }
      Atomics.wait(control, COMPLETED, seen, 100);
      const now = Atomics.load(control, COMPLETED);
      if (now !== seen) {
        seen = now;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > this.presumedDeadMs) {
        this.helperPresumedDead = true;
      }
    }
    let sumSq = 0;
    for (let c = 0; c < chunks; c++) sumSq += partials[c];
    if (this.helperPresumedDead) this.detachFromHelper();
    return sumSq;
  }

  /**
   * Go on alone with copies of everything shared: a helper that was only stalled, not dead, may still
   * write the chunk it held, and that write must land where nobody reads any more.
   */
  private detachFromHelper(): void {
    this.close();
    const { board } = this;
    const copy = (a: Float64Array): Float64Array => Float64Array.from(a);
    board.J = [copy(board.J[0]), copy(board.J[1])];
    board.scale = copy(board.scale);
    board.partials = copy(board.partials);
    board.control = new Int32Array(new SharedArrayBuffer(board.control.byteLength));
    board.chunkState = new Int32Array(new SharedArrayBuffer(board.chunkState.byteLength));
    this.helperPresumedDead = false;
  }

  /** Send the helper back to its message loop. */
  close(): void {
    const { control } = this.board;
    Atomics.store(control, STOP, 1);
    Atomics.store(control, TICKET, 0x7fff0000 | 0xffff);
    Atomics.store(control, GENERATION, -1);
    Atomics.notify(control, GENERATION);
  }
}

/** Products split by rows with `helper`; without one, this thread does them alone. */
export function rowSplitterWith(
  helper: Worker | null,
  send: (worker: Worker, board: BoardBuffers) => boolean,
): OpenRowSplitter {
  if (!helper) return serialRowSplitter;
  return (W, n) => {
    const board = createBoardBuffers(n, true);
    board.W.set(W);
    const leader = new BoardLeader(board, new RowProduct(board.W, n, n));
    if (!send(helper, board)) leader.close();
    return leader;
  };
}
