// Whether sharing a Lyapunov run's tasks with the helper pays: on a loaded machine the helper can be kept off its
// core while it holds a chunk, and every step then waits for it. Shared tasks are judged WINDOW_TASKS at a time:
// when they took longer than this thread alone would have by more than SLOWER_BY of their time, the next
// SOLO_TASKS tasks run here alone, and then sharing is tried again. Who computes a chunk changes no bit.
export const WINDOW_TASKS = 8;
export const SLOWER_BY = 0.1;
export const SOLO_TASKS = 200;

export interface ShareJudge {
  /** Whether the next task runs on this thread alone. */
  goAlone(): boolean;
  /** After a shared task: what it took, and what it would have taken here alone (an estimate). */
  shared(tookMs: number, aloneMs: number): void;
}

export class WindowJudge implements ShareJudge {
  private soloLeft = 0;
  private tasks = 0;
  private gainMs = 0;
  private sharedMs = 0;

  constructor(
    private readonly window = WINDOW_TASKS,
    private readonly soloFor = SOLO_TASKS,
    private readonly slowerBy = SLOWER_BY,
  ) {}

  goAlone(): boolean {
    if (this.soloLeft === 0) return false;
    this.soloLeft--;
    return true;
  }

  shared(tookMs: number, aloneMs: number): void {
    this.tasks++;
    this.gainMs += aloneMs - tookMs;
    this.sharedMs += tookMs;
    if (this.tasks < this.window) return;
    if (this.gainMs < -this.slowerBy * this.sharedMs) this.soloLeft = this.soloFor;
    this.tasks = 0;
    this.gainMs = 0;
    this.sharedMs = 0;
  }
}

/** Always share (tests that play the helper). */
export const alwaysShare: ShareJudge = { goAlone: () => false, shared: () => {} };
