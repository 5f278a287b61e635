// Runs the built CLI (dist/cli.js) as a user would, from the repository root unless told otherwise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from '../helpers';

export const CLI = join(REPO, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { script?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const r = spawnSync(process.execPath, [options.script ?? CLI, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
