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
  computeSideNorm,
  type SideNormResult,
  type SideNormTask,
} from '../linalg/step-product';
import { serialStepSplitter } from '../linalg/step-product';
import { PRESUMED_DEAD_MS } from './liveness';

/** Control slots and a chunk's state, exported for the tests that play a failing helper. */
export const TICKET = 0; // (generation tag << 16) | next chunk
const GENERATION = 1;
const COMPLETED = 2;
const SOURCE = 3;
const STOP = 4;
const SLOT = 5; // which slot of R and diagonal holds this product's A
/** 1 once the helper serves the board (tests wait on it; the leader never does). */
export const JOINED = 6;
const CONTROL_SLOTS = 8;

const OPEN = 0;
export const TAKEN = 1;
const FINISHED = 2;
const RETURNED = 3;

/** Side norms: per slot [state = generation·4 + OPEN/TAKEN/FINISHED, rows, cols, has a start]. */
export const SIDE_FIELDS = 4;

export interface StepBoard {
  /** Side norms carried by the current product. */
  sideCount: Int32Array;
  sideControl: Int32Array;
  sideData: Float64Array[];
  sideStart: Float64Array[];
  sideValue: Float64Array;
  sideLeft: Float64Array[];
  buffers: StepProductBuffers;
  /** The current product's scale. */
  scale: Float64Array;
  control: Int32Array;
  chunkState: Int32Array;
  partials: Float64Array;
}

function createStepBoard(
  S: number,
  cols: number,
  diagonalCols: number,
  sides: { count: number; size: number },
): StepBoard {
  const chunks = chunkCount(S);
  const shared = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(length * 8));
  const each = (length: number): Float64Array[] => Array.from({ length: sides.count }, () => shared(length));
  return {
    sideCount: new Int32Array(new SharedArrayBuffer(4)),
    sideControl: new Int32Array(new SharedArrayBuffer(Math.max(1, sides.count * SIDE_FIELDS) * 4)),
    sideData: each(sides.size * sides.size),
    sideStart: each(sides.size),
    sideValue: shared(Math.max(1, sides.count)),
    sideLeft: each(sides.size),
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

/** Claim and compute the side norms of this generation nobody has taken; returns how many. */
function takeSides(board: StepBoard, generation: number, abandonedToo = false): number {
  const { sideControl } = board;
  const count = Atomics.load(board.sideCount, 0);
  let taken = 0;
  for (let i = 0; i < count; i++) {
    const at = i * SIDE_FIELDS;
    const state = Atomics.load(sideControl, at);
    const claimable = state === generation * 4 + OPEN || (abandonedToo && state === generation * 4 + TAKEN);
    if (!claimable || Atomics.compareExchange(sideControl, at, state, generation * 4 + TAKEN) !== state) continue;
    const rows = sideControl[at + 1];
    const cols = sideControl[at + 2];
    const matrix = { rows, cols, data: board.sideData[i].subarray(0, rows * cols) };
    const result = computeSideNorm(
      sideControl[at + 3] === 1 ? { matrix, startLeft: board.sideStart[i].subarray(0, rows) } : { matrix },
    );
    board.sideValue[i] = result.value;
    board.sideLeft[i].set(result.leftVector);
    Atomics.store(sideControl, at, generation * 4 + FINISHED);
    Atomics.add(board.control, COMPLETED, 1);
    Atomics.notify(board.control, COMPLETED);
    taken++;
  }
  return taken;
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
  Atomics.store(control, JOINED, 1);
  Atomics.notify(control, JOINED);
  for (;;) {
    if (Atomics.load(control, STOP) === 1) return;
    const generation = Atomics.load(control, GENERATION);
    if (generation === served) {
      Atomics.wait(control, GENERATION, generation, 1000);
      continue;
    }
    takeStepChunks(board, packer, generation);
    takeSides(board, generation);
    served = generation;
  }
}

class StepBoardLeader implements StepSplitter {
  private generation = 0;
  private helperPresumedDead = false;
  private readonly packer = new StepProductPacker();
  private results: SideNormResult[] = [];
  chunksHere = 0;
  chunksInAll = 0;

  constructor(
    private readonly board: StepBoard,
    private readonly presumedDeadMs = PRESUMED_DEAD_MS,
  ) {}

  get buffers(): StepProductBuffers {
    return this.board.buffers;
  }

  get sideResults(): readonly SideNormResult[] {
    return this.results;
  }

  publish({ source, slot, scale }: StepProductRequest, sides: readonly SideNormTask[] = []): void {
    const { board } = this;
    const { control, chunkState } = board;
    if (sides.length > board.sideData.length)
      throw new RangeError(`${sides.length} side norms, room for ${board.sideData.length}`);
    board.scale[0] = scale;
    Atomics.store(control, SOURCE, source);
    Atomics.store(control, SLOT, slot);
    Atomics.store(control, COMPLETED, 0);
    for (let c = 0; c < chunkState.length; c++) Atomics.store(chunkState, c, OPEN);
    this.generation++;
    sides.forEach(({ matrix, startLeft }, i) => {
      const at = i * SIDE_FIELDS;
      board.sideData[i].set(matrix.data);
      board.sideControl[at + 1] = matrix.rows;
      board.sideControl[at + 2] = matrix.cols;
      board.sideControl[at + 3] = startLeft ? 1 : 0;
      if (startLeft) board.sideStart[i].set(startLeft);
      Atomics.store(board.sideControl, at, this.generation * 4 + OPEN);
    });
    Atomics.store(board.sideCount, 0, sides.length);
    Atomics.store(control, TICKET, (this.generation & 0x7fff) << 16);
    Atomics.store(control, GENERATION, this.generation);
    Atomics.notify(control, GENERATION);
  }

  complete(): number {
    const { board } = this;
    const chunks = board.chunkState.length;
    const sides = Atomics.load(board.sideCount, 0);
    this.chunksInAll += chunks;
    this.chunksHere += takeStepChunks(board, this.packer, this.generation);
    takeSides(board, this.generation);
    let lastProgress = performance.now();
    let seen = Atomics.load(board.control, COMPLETED);
    while (seen < chunks + sides) {
      if (this.helperPresumedDead) takeSides(board, this.generation, true);
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
    this.results = Array.from({ length: sides }, (_, i) => ({
      value: board.sideValue[i],
      leftVector: Float64Array.from(board.sideLeft[i].subarray(0, board.sideControl[i * SIDE_FIELDS + 1])),
    }));
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
    };
    board.partials = copy(board.partials);
    board.scale = copy(board.scale);
    const copyAll = (list: Float64Array[]): Float64Array[] => list.map(copy);
    board.sideData = copyAll(board.sideData);
    board.sideStart = copyAll(board.sideStart);
    board.sideLeft = copyAll(board.sideLeft);
    board.sideValue = copy(board.sideValue);
    board.sideCount = new Int32Array(new SharedArrayBuffer(4));
    board.sideControl = new Int32Array(new SharedArrayBuffer(board.sideControl.byteLength));
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

/** A board and its leader without a helper thread (tests play the helper, and may wait less for it). */
export function openStepBoard(
  S: number,
  cols: number,
  diagonalCols: number,
  sides: { count: number; size: number },
  presumedDeadMs = PRESUMED_DEAD_MS,
): { board: StepBoard; leader: StepSplitter } {
  const board = createStepBoard(S, cols, diagonalCols, sides);
  return { board, leader: new StepBoardLeader(board, presumedDeadMs) };
}

/** Step products split by rows with `helper`; without one, this thread does them alone. */
export function stepSplitterWith(
  helper: Worker | null,
  send: (worker: Worker, board: StepBoard) => boolean,
): OpenStepSplitter {
  if (!helper) return serialStepSplitter;
  return (S, cols, diagonalCols, sides = { count: 0, size: 0 }) => {
    const board = createStepBoard(S, cols, diagonalCols, sides);
    const leader = new StepBoardLeader(board);
    if (!send(helper, board)) leader.close();
    return leader;
  };
}
