// Zip features our reader does not follow — an encrypted member, an archive spanned over several disks — are
// refused with the file, the place and the reason, exit 2, never read as garbage. The archives are a real
// torch.save file (examples/pytorch_model.pt) with one header field changed, as an encrypting or spanning zip
// tool would set it.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers';
import { assertRefused, runCliBounded, scratchFolder } from './harness';

const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

function lastIndexOfSignature(bytes: Buffer, signature: number): number {
  for (let i = bytes.length - 4; i >= 0; i--) if (bytes.readUInt32LE(i) === signature) return i;
  return -1;
}

function withChange(name: string, change: (bytes: Buffer) => string): { file: string; place: string; remove(): void } {
  const scratch = scratchFolder('zip-refusals');
  const file = join(scratch.dir, name);
  copyFileSync(join(REPO, 'examples', 'pytorch_model.pt'), file);
  const bytes = readFileSync(file);
  const place = change(bytes);
  writeFileSync(file, bytes);
  return { file, place, remove: scratch.remove };
}

test('an encrypted member (general-purpose flag bit 0) is refused naming the file and the member', () => {
  const c = withChange('encrypted.pt', (bytes) => {
    const at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    assert.ok(at >= 0 && bytes.readUInt32LE(at) === CENTRAL_HEADER);
    bytes.writeUInt16LE(bytes.readUInt16LE(at + 8) | 1, at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    return bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
  });
  try {
    const run = runCliBounded(['analyze', c.file], { timeoutMs: 20_000 });
    assertRefused(run, { file: c.file, message: /encrypted members are not supported/ });
    assert.ok(run.stderr.includes(c.place), `the message names the member ${c.place}: ${run.stderr}`);
  } finally {
    c.remove();
  }
});

test('an archive spanned over several disks is refused naming the file and the end-of-central-directory record', () => {
  const c = withChange('spanned.pt', (bytes) => {
    const eocd = lastIndexOfSignature(bytes, END_OF_CENTRAL_DIRECTORY);
    assert.ok(eocd > 0);
    bytes.writeUInt16LE(1, eocd + 4); // number of this disk
    return `byte ${eocd}`;
  });
  try {
    const run = runCliBounded(['analyze', c.file], { timeoutMs: 20_000 });
    assertRefused(run, { file: c.file, message: /multi-disk zip archives are not supported/ });
    assert.ok(run.stderr.includes(c.place), `the message names ${c.place}: ${run.stderr}`);
  } finally {
    c.remove();
  }
});
