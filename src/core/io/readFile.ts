// The one way a user's file is read (weights, inputs, configs): only regular files, after following links, within
// a size limit that holds while reading, not only by what stat says. A device, a named pipe, a socket or a folder
// is refused with a message naming the file and what it is, before a byte is read: /dev/zero never ends, and a
// FIFO would block the thread forever. Opening with O_NONBLOCK and checking the descriptor again closes the gap
// between the check and the open (a path swapped for a FIFO in between cannot block either).
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors';
import { DEFAULT_MAX_BYTES, formatBytes } from '../formats/limits';
import type { ByteSource } from './byteSource';
import { decodeUserText } from './userText';

/** Why a file of this kind cannot be read, in words; undefined for a regular file. */
export function notRegularFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder, not a file';
  if (stats.isCharacterDevice()) return 'is a character device, not a file';
  if (stats.isBlockDevice()) return 'is a block device, not a file';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a file: reading it could wait forever';
  if (stats.isSocket()) return 'is a socket, not a file';
  return 'is not a regular file';
}

function cannotRead(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(file, '', 'file not found');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(file, '', 'cannot read: permission denied');
  if (code === 'ELOOP') return new InputError(file, '', 'cannot read: too many symbolic links');
  return new InputError(file, '', `cannot read: ${(e as Error).message}`);
}

/** True when `e` says the file does not exist (for callers that report a missing file their own way). */
export function isFileNotFound(e: unknown): boolean {
  return e instanceof InputError && e.problem === 'file not found';
}

function overLimit(file: string, size: number | string, maxBytes: number): InputError {
  const shown = typeof size === 'number' ? formatBytes(size) : size;
  return new InputError(
    file,
    '',
    `file is ${shown}, over the ${formatBytes(maxBytes)} limit (setting rnnGradients.maxWeightsFileMB)`,
  );
}

interface Opened {
  fd: number;
  stats: Stats;
}

/** Opens a regular file without ever blocking; refuses anything else. The caller closes the descriptor. */
function openRegular(file: string): Opened {
  let fd: number | undefined;
  try {
    const problem = notRegularFile(statSync(file));
    if (problem) throw new InputError(file, '', problem);
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    const swapped = notRegularFile(stats);
    if (swapped) throw new InputError(file, '', swapped);
    return { fd, stats };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw cannotRead(file, e);
  }
}

/** Reads into `buffer` from `position` until it is full or the file ends; returns the bytes read. */
function readFully(fd: number, buffer: Uint8Array, position: number): number {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

const GROWTH_CHUNK = 1024 * 1024;

/**
 * The whole file, refused past `maxBytes` while reading: a file that stat says is empty (as /proc files do) or
 * that grows as it is read stops at the limit instead of filling memory.
 */
export function readUserFile(file: string, maxBytes: number = DEFAULT_MAX_BYTES): Uint8Array {
  const { fd, stats } = openRegular(file);
  try {
    if (stats.size > maxBytes) throw overLimit(file, stats.size, maxBytes);
    const expected = new Uint8Array(stats.size);
    const got = readFully(fd, expected, 0);
    if (got < stats.size) return expected.subarray(0, got);
    // More than stat said: read on in chunks, never past the limit.
    const chunks: Uint8Array[] = [expected];
    let total = got;
    for (;;) {
      const chunk = new Uint8Array(Math.min(GROWTH_CHUNK, maxBytes - total + 1));
      const n = readFully(fd, chunk, total);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw overLimit(file, `more than ${formatBytes(maxBytes)}`, maxBytes);
      chunks.push(chunk.subarray(0, n));
    }
    if (chunks.length === 1) return expected;
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return all;
  } catch (e) {
    throw cannotRead(file, e);
  } finally {
    closeSync(fd);
  }
}

/** A file's text (UTF-8), through readUserFile. */
export function readUserText(file: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  return decodeUserText(readUserFile(file, maxBytes), file);
}

/**
 * A regular file read by range, each read a positional read of just that range: a reader looks at a header
 * without reading the data, and decodes a tensor only when it is needed. Every read opens the file afresh and
 * checks that it is still the file first seen (same inode, size and time), so nothing stays open in between.
 */
export function userFileSource(file: string, maxBytes: number = DEFAULT_MAX_BYTES): ByteSource {
  const { fd, stats } = openRegular(file);
  closeSync(fd);
  if (stats.size > maxBytes) throw overLimit(file, stats.size, maxBytes);
  const read = (offset: number, length: number): Uint8Array => {
    const opened = openRegular(file);
    try {
      const now = opened.stats;
      if (now.ino !== stats.ino || now.dev !== stats.dev || now.size !== stats.size || now.mtimeMs !== stats.mtimeMs)
        throw new InputError(file, '', 'the file changed while it was being read; open it again');
      const out = new Uint8Array(length);
      const got = readFully(opened.fd, out, offset);
      if (got < length) throw new InputError(file, `byte ${offset + got}`, 'the file ended early while being read');
      return out;
    } catch (e) {
      throw cannotRead(file, e);
    } finally {
      closeSync(opened.fd);
    }
  };
  return { size: stats.size, read };
}
