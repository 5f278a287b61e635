// The trained checkpoints of scripts/fixtures/timeline.py and what numpy/torch computed on them.
import { copyFileSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixture } from '../helpers';

export interface ReferenceFile {
  file: string;
  epoch: number;
  globalStep: number;
  spectralRadius: number;
  sigmaMax: number;
  forgetGateSpectralRadius?: number;
  mtimeMs?: number;
}

export interface Reference {
  sets: Record<string, { cell: 'rnn' | 'lstm'; files: ReferenceFile[] }>;
}

export const reference = readFixture<Reference>('timeline', 'reference.json');

export function setFolder(name: string): string {
  return fixturePath('timeline', name);
}

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'rnn-timeline-'));
}

/** The mtime-only set in a fresh folder, with the mtimes the script gave it (git keeps none). */
export function mtimeSetCopy(): string {
  const dir = tempFolder();
  for (const f of reference.sets['rnn-mtime'].files) {
    const to = join(dir, f.file);
    copyFileSync(join(setFolder('rnn-mtime'), f.file), to);
    utimesSync(to, new Date(f.mtimeMs as number), new Date(f.mtimeMs as number));
  }
  return dir;
}
