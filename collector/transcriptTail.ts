/**
 * Reads what a transcript file gained since the last shipped offset: complete lines only (the agent may
 * be mid-write), at most `maxBytes` per call so a huge backlog ships over several calls.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RawLine } from './lineReader.js';
import { splitLines } from './lineReader.js';

export interface Tail {
  lines: RawLine[];
  /** Offset to start from next time. */
  nextOffset: number;
}

/** New complete lines of `path` from `offset`. A missing file yields nothing; a shrunk file restarts at 0. */
export function readTail(path: string, offset: number, maxBytes = 64 * 1024 * 1024): Tail {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { lines: [], nextOffset: offset };
  }
  try {
    const size = fstatSync(fd).size;
    const from = size < offset ? 0 : offset;
    const length = Math.min(size - from, maxBytes);
    if (length <= 0) return { lines: [], nextOffset: from };
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    const { lines, consumed } = splitLines(buffer.subarray(0, read), from, false);
    return { lines, nextOffset: from + consumed };
  } finally {
    closeSync(fd);
  }
}
