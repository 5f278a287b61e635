// How long the analysis thread waits on a silent helper before it does the helper's work itself.

/**
 * A helper that shows no sign of life for this long (no finished chunk, no heartbeat) is taken for dead:
 * the analysis thread cannot see its exit event while it is busy, so it goes by time.
 */
export const PRESUMED_DEAD_MS = 10_000;
