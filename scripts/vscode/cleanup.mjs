// Cleaning up from a process 'exit' handler, where nothing asynchronous runs any more. Used when a run is cut
// short (Ctrl-C, a killed test file) so that no browser, server or scratch folder of ours is left behind.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms) => Atomics.wait(pause, 0, 0, ms);

/** Pids of the processes whose command line mentions `marker` (a unique scratch path of ours), from /proc. */
function pidsMentioning(marker) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // it exited meanwhile
    }
  }
  return pids;
}

/**
 * Ends, by pid, every process started with our scratch folder `marker` in its arguments (Chromium keeps running
 * a moment after its driver is gone, and its crash handler is not its child), and waits up to 3 s for them.
 */
export function killProcessesMentioning(marker) {
  for (let waited = 0; waited < 3000; waited += 100) {
    const pids = pidsMentioning(marker);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    sleepSync(100);
  }
}

/** Deletes `dir`, retrying for a moment while processes that were just killed may still write into it. */
export function removeDirWhileExiting(dir, { attempts = 20, delayMs = 100 } = {}) {
  for (let attempt = 0; attempt < attempts && existsSync(dir); attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a dying process still writes into it: try again
    }
    if (existsSync(dir)) sleepSync(delayMs);
  }
}
