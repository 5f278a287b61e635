// The host side of the timeline worker: entries as they arrive, cancellation by AbortSignal (the worker and its
// analysis threads are terminated), a fresh worker after a cancel or a crash.
import { CancelledError } from '../core/errors';
import type { Timeline, TimelineEntry } from '../core/timeline/types';
import type { TimelineRequest, TimelineWorkerRequests } from '../protocol/timelineWorker';
import { WorkerClient } from './workerClient';

export interface TimelineCallbacks {
  onEntry?: (entry: TimelineEntry, done: number, total: number) => void;
  signal?: AbortSignal;
}

export class TimelineClient {
  private readonly worker: WorkerClient<TimelineWorkerRequests>;

  /** @param workerScript absolute path of dist/timelineWorker.js */
  constructor(workerScript: string) {
    this.worker = new WorkerClient(workerScript, 'the timeline worker', { stopOnAbandon: true });
  }

  timeline(request: TimelineRequest, callbacks: TimelineCallbacks = {}): Promise<Timeline> {
    const { onEntry, signal } = callbacks;
    return this.worker.request('timeline', request, {
      signal,
      onProgress: ({ entry, done, total }) => {
        if (entry) onEntry?.(entry, done, total);
      },
    });
  }

  dispose(): void {
    this.worker.stop(new CancelledError());
  }
}
