// Messages from an analysis thread to its helper thread (helper-thread.ts). Everything they carry lives
// in SharedArrayBuffers: replies are written there and signalled with Atomics, because the analysis
// thread is busy computing (or blocked in Atomics.wait) and does not run its event loop meanwhile.
import type { BoardBuffers } from './product-board';
import type { StepBoard } from './step-board';
import type { TangentBoard } from './tangent-board';

/** Slots of an eigenvalue task's Int32 status array. */
export const EIGEN_STATE = 0;
export const EIGEN_HEARTBEAT = 1;
export const EIGEN_STOP = 2;
export const EIGEN_SLOTS = 3;

export const enum EigenState {
  Pending = 0,
  OnHelper = 1,
  OnLeader = 2,
  Done = 3,
  Failed = 4,
}

export type HelperRequest =
  | {
      type: 'eigenvalues';
      n: number;
      /** n×n, read only. */
      matrix: Float64Array;
      status: Int32Array;
      /** 2n: re, im of each eigenvalue in the solver's order. */
      values: Float64Array;
    }
  | { type: 'products'; board: BoardBuffers }
  /** A gated curve's products J · A_t, A_t packed afresh each step. */
  | { type: 'stepProducts'; board: StepBoard }
  /** A Lyapunov run's products: A_t Q, the Gram partials and Q = X R⁻¹, step by step. */
  | { type: 'tangentProducts'; board: TangentBoard };
