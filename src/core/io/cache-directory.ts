// The one folder the CLI and the workers keep caches in (the timeline's results, V8's code cache of the bundles).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $RNN_GRADIENTS_CACHE_DIR, else $XDG_CACHE_HOME/rnn-gradients, else ~/.cache/rnn-gradients. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.RNN_GRADIENTS_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rnn-gradients');
}
