// The timeline worker: a folder of checkpoints analysed off the extension host, on analysis threads of its own
// (src/core/timeline/timeline-driver.ts), each entry sent as progress as soon as it is known.
import { parentPort } from 'node:worker_threads';
import { serveRequests } from '../core/messaging/serveRequests';
import { TimelineCache } from '../core/timeline/cache';
import { timelineOfFolder } from '../core/timeline/timeline-driver';
import type { ResponseMessage } from '../protocol/requests';
import type { TimelineWorkerRequests } from '../protocol/timelineWorker';
import { parentPortTransport } from './threadTransport';

const port = parentPort;
if (!port) throw new Error('timelineWorker.ts must run in a worker thread');

/** The cache, read once per file for the worker's life (a worker stopped by a cancel reads it again). */
const caches = new Map<string, TimelineCache>();

function cacheFor(file: string): TimelineCache {
  let cache = caches.get(file);
  if (!cache) caches.set(file, (cache = new TimelineCache(file)));
  return cache;
}

serveRequests<TimelineWorkerRequests>(parentPortTransport<ResponseMessage<TimelineWorkerRequests>, unknown>(port), {
  timeline: async (request, progress) => {
    const cache = request.cacheFile ? cacheFor(request.cacheFile) : undefined;
    try {
      return await timelineOfFolder(
        [request.folder],
        {
          analysis: request.analysis,
          limits: {
            ...(request.maxBytes !== undefined ? { maxBytes: request.maxBytes } : {}),
            ...(request.memoryBudget !== undefined ? { memoryBudget: request.memoryBudget } : {}),
          },
        },
        {
          ...(cache ? { cache } : {}),
          ...(request.live ? { live: { nowMs: Date.now() } } : {}),
          onEntry: (entry, done, total) =>
            progress({ fraction: done / total, message: `${done} of ${total} checkpoints`, entry, done, total }),
        },
      );
    } finally {
      try {
        cache?.save();
      } catch {
        // A cache that cannot be written costs the next opening time, never this result.
      }
    }
  },
});
