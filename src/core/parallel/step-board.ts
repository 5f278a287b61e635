// The shared board on which the analysis thread and its helper split a gated curve's products J · A_t
// (linalg/step-product.ts), as product-board.ts does for W_hh's: a ticket counter hands out row chunks,
// each thread packs the step's A once per product, and a chunk's rows and Σ squares are the same whichever
// thread computed them, so the curve is identical bit for bit with or without the helper. A helper that
// stops answering costs time only: its chunks are recomputed here and the buffers copied away from it.
import type { Worker } from 'node:worker_threads';
import {
  chunkCount,
  computeStepChunk,
  createStepProductBuffers,
  StepProductPacker,
  type OpenStepSplitter,
  type StepProductBuffers,
  type StepProductRequest,
  type StepSplitter,
} from '../linalg/step-product';
import { serialStepSplitter } from '../linalg/step-product';
import { PRESUMED_DEAD_MS } from './liveness';

const TICKET = 0; // (generation tag << 16) | next chunk
const GENERATION = 1;
const COMPLETED = 2;
const SOURCE = 3;
const STOP = 4;
const SLOT = 5; // which slot of R and diagonal holds this product's A
const CONTROL_SLOTS = 8;

const OPEN = 0;
const TAKEN = 1;
const FINISHED = 2;
const RETURNED = 3;

export interface StepBoard {
  buffers: StepProductBuffers;
  /** The current product's scale. */
  scale: Float64Array;
  control: Int32Array;
  chunkState: Int32Array;
  partials: Float64Array;
}

function createStepBoard(S: number, cols: number, diagonalCols: number): StepBoard {
  const chunks = chunkCount(S);
  return {
    buffers: createStepProductBuffers(S, cols, diagonalCols, (bytes) => new SharedArrayBuffer(bytes)),
    scale: new Float64Array(new SharedArrayBuffer(8)),
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
    chunkState: new Int32Array(new SharedArrayBuffer(chunks * 4)),
    partials: new Float64Array(new SharedArrayBuffer(chunks * 8)),
  };
}

function takeStepChunks(board: StepBoard, packer: StepProductPacker, generation: number): number {
  const { control, chunkState } = board;
  const chunks = chunkState.length;
  const tag = generation & 0x7fff;
  let taken = 0;
  for (;;) {
    const ticket = Atomics.load(control, TICKET);
    if (ticket >>> 16 !== tag) return taken;
    const chunk = ticket & 0xffff;
    if (chunk >= chunks) return taken;
    if (Atomics.compareExchange(control, TICKET, ticket, ticket + 1) !== ticket) continue;
    Atomics.store(chunkState, chunk, TAKEN);
    try {
      computeOne(board, packer, generation, chunk);
    } catch (error) {
      Atomics.store(chunkState, chunk, RETURNED);
      Atomics.notify(control, COMPLETED);
      throw error;
    }
    finish(board, chunk);
    taken++;
  }
}

function computeOne(board: StepBoard, packer: StepProductPacker, generation: number, chunk: number): void {
  const request = {
    source: Atomics.load(board.control, SOURCE) as 0 | 1,
    slot: Atomics.load(board.control, SLOT) as 0 | 1,
    scale: board.scale[0],
  };
  const packed = packer.product(board.buffers, request.slot, generation);
  board.partials[chunk] = computeStepChunk(board.buffers, packed, request, chunk);
}

function finish(board: StepBoard, chunk: number): void {
  Atomics.store(board.chunkState, chunk, FINISHED);
  Atomics.add(board.control, COMPLETED, 1);
  Atomics.notify(board.control, COMPLETED);
}

/** The helper's side: serve every product published until the board is stopped. */
export function serveStepBoard(board: StepBoard): void {
  const { control } = board;
  const packer = new StepProductPacker();
  let served = 0;
  for (;;) {
    if (Atomics.load(control, STOP) === 1) return;
    const generation = Atomics.load(control, GENERATION);
    if (generation === served) {
      Atomics.wait(control, GENERATION, generation, 1000);
      continue;
    }
    takeStepChunks(board, packer, generation);
    served = generation;
  }
}

class StepBoardLeader implements StepSplitter {
  private generation = 0;
  private helperPresumedDead = false;
  private readonly packer = new StepProductPacker();
  chunksHere = 0;
  chunksInAll = 0;

  constructor(
    private readonly board: StepBoard,
    private readonly presumedDeadMs = PRESUMED_DEAD_MS,
  ) {}

  get buffers(): StepProductBuffers {
    return this.board.buffers;
  }

  publish({ source, slot, scale }: StepProductRequest): void {
    const { control, chunkState } = this.board;
    this.board.scale[0] = scale;
    Atomics.store(control, SOURCE, source);
    Atomics.store(control, SLOT, slot);
    Atomics.store(control, COMPLETED, 0);
    for (let c = 0; c < chunkState.length; c++) Atomics.store(chunkState, c, OPEN);
    this.generation++;
    Atomics.store(control, TICKET, (this.generation & 0x7fff) << 16);
    Atomics.store(control, GENERATION, this.generation);
    Atomics.notify(control, GENERATION);
  }

  complete(): number {
    const { board } = this;
    const chunks = board.chunkState.length;
    this.chunksInAll += chunks;
    this.chunksHere += takeStepChunks(board, this.packer, this.generation);
    let lastProgress = performance.now();
    let seen = Atomics.load(board.control, COMPLETED);
    while (seen < chunks) {
      for (let c = 0; c < chunks; c++) {
        const state = Atomics.load(board.chunkState, c);
        const abandoned = state === RETURNED || (state === TAKEN && this.helperPresumedDead);
        if (abandoned && Atomics.compareExchange(board.chunkState, c, state, TAKEN) === state) {
          computeOne(board, this.packer, this.generation, c);
          finish(board, c);
          this.chunksHere++;
        }
      }
      Atomics.wait(board.control, COMPLETED, seen, 100);
      const now = Atomics.load(board.control, COMPLETED);
      if (now !== seen) {
        seen = now;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > this.presumedDeadMs) {
        this.helperPresumedDead = true;
      }
    }
    let sumSq = 0;
    for (let c = 0; c < chunks; c++) sumSq += board.partials[c];
    if (this.helperPresumedDead) this.detach();
    return sumSq;
  }

  /** Go on alone with copies: a stalled helper may still write the chunk it held, where nobody reads any more. */
  private detach(): void {
    this.close();
    const { board } = this;
    const copy = (a: Float64Array): Float64Array => Float64Array.from(a);
    const b = board.buffers;
    board.buffers = {
      ...b,
      J: [copy(b.J[0]), copy(b.J[1])],
      R: [copy(b.R[0]), copy(b.R[1])],
      diagonal: [copy(b.diagonal[0]), copy(b.diagonal[1])],
      product: copy(b.product),
    };
    board.partials = copy(board.partials);
    board.scale = copy(board.scale);
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

/** Step products split by rows with `helper`; without one, this thread does them alone. */
export function stepSplitterWith(
  helper: Worker | null,
  send: (worker: Worker, board: StepBoard) => boolean,
): OpenStepSplitter {
  if (!helper) return serialStepSplitter;
  return (S, cols, diagonalCols) => {
    const board = createStepBoard(S, cols, diagonalCols);
    const leader = new StepBoardLeader(board);
    if (!send(helper, board)) leader.close();
    return leader;
  };
}
