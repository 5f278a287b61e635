// A timeline thread (bundled as dist/timelineThread.js): analyses the checkpoints it is sent, one at a time, with
// the same analyzeCheckpoint as the serial timeline.
import { parentPort } from 'node:worker_threads';
import { analyzeCheckpoint } from './timeline';
import type { ThreadReply, ThreadRequest } from './thread-messages';
import { compileCacheCheckpoint } from '../runtime/compile-cache-hook';

const port = parentPort;
if (!port) throw new Error('timeline-thread.ts must run in a worker thread');

port.on('message', ({ file, options }: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = { type: 'entry', entry: analyzeCheckpoint(file, options) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = { type: 'failure', message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  port.postMessage(reply);
  compileCacheCheckpoint();
});
