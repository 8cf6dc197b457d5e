/**
 * Splits transcript bytes into complete lines with their byte offsets. A last line without its newline is
 * left for later (Claude Code may be writing it) unless `final` says the file is complete.
 */

export interface RawLine {
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  text: string;
}

/**
 * Lines of `buffer`, whose first byte sits at `baseOffset` in the file. `consumed` is how many bytes the
 * returned lines cover (the next read starts at `baseOffset + consumed`). Blank lines are skipped.
 */
export function splitLines(buffer: Buffer, baseOffset: number, final: boolean): { lines: RawLine[]; consumed: number } {
  const lines: RawLine[] = [];
  let start = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    if (end === -1) {
      if (!final) break;
      pushLine(lines, buffer, start, buffer.length, baseOffset);
      start = buffer.length;
      break;
    }
    pushLine(lines, buffer, start, end, baseOffset);
    start = end + 1;
  }
  return { lines, consumed: start };
}

function pushLine(lines: RawLine[], buffer: Buffer, start: number, end: number, baseOffset: number): void {
  const stop = end > start && buffer[end - 1] === 0x0d ? end - 1 : end;
  const text = buffer.toString('utf8', start, stop);
  if (text.trim().length > 0) lines.push({ offset: baseOffset + start, text });
}
