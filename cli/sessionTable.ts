/**
 * `kap sessions` as a borderless table (cli-table3) that fits the terminal:
 *
 *   SESSION   STATUS   LAST ACTIVITY     REPO@BRANCH          TITLE                 PROMPTS  COST
 *   7f0c2a52  running  2026-03-04 10:00  acme/app@main        Fix the flaky login…        3  $0.42
 *
 * Ids are cut to 8 characters (longer where two rows would share them), so any shown id works as a
 * `kap show` prefix. The title (Claude Code's own, else the last prompt) takes what width is left and is cut
 * with `…`; text from the collector loses control characters so a title cannot drive the terminal.
 */
import Table from 'cli-table3';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { formatCost } from '../renderers/format.js';

/** The fewest characters of a session id `kap sessions` shows (git's short hash is 7). */
export const SHORT_ID_LENGTH = 8;
/** The narrowest the title column gets, however narrow the terminal. */
const MIN_TITLE_WIDTH = 12;
/** The widest it gets when there is no terminal to fit (output to a pipe or a file). */
const MAX_TITLE_WIDTH = 80;
const MAX_WHERE_WIDTH = 40;
const GAP = '  ';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: GAP,
};

/** One line of text from a summary: control characters dropped, runs of whitespace one space. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** `text` cut to `width` characters with a trailing `…` when longer. */
function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(width - 1, 0)).join('')}…`;
}

/** Each id cut to `SHORT_ID_LENGTH` characters, or longer until no two of `ids` share their short form. */
export function shortIds(ids: readonly string[]): string[] {
  return ids.map((id) => {
    let length = SHORT_ID_LENGTH;
    while (length < id.length && ids.some((other) => other !== id && other.startsWith(id.slice(0, length)))) length += 1;
    return id.slice(0, length);
  });
}

/** `2026-03-04 10:00` (UTC, as stored), or `-` when unknown. */
function activity(at: string | null): string {
  return at ? at.slice(0, 16).replace('T', ' ') : '-';
}

function where(s: SessionSummary): string {
  const place = s.repo ?? s.cwd ?? '?';
  return cut(oneLine(`${place}${s.branch ? `@${s.branch}` : ''}`), MAX_WHERE_WIDTH);
}

function title(s: SessionSummary): string {
  return oneLine(s.title ?? s.lastPrompt ?? '');
}

/**
 * The table, one line per session and a header, no trailing spaces. `width` is the terminal's columns:
 * the title column gets what the others leave (at least `MIN_TITLE_WIDTH`); undefined (not a terminal):
 * titles are cut at `MAX_TITLE_WIDTH`. Widths count characters; cli-table3 cuts by display width, so a wide
 * (CJK) title may be cut sooner than it had to.
 */
export function formatSessionTable(sessions: readonly SessionSummary[], width?: number): string {
  const ids = shortIds(sessions.map((s) => s.sessionId));
  const rows = sessions.map((s, i) => [ids[i]!, s.status, activity(s.lastActivityAt), where(s), title(s), String(s.prompts), formatCost(s)]);
  const head = ['SESSION', 'STATUS', 'LAST ACTIVITY', 'REPO@BRANCH', 'TITLE', 'PROMPTS', 'COST'];
  const TITLE = 4;
  const widest = head.map((h, col) => Math.max([...h].length, ...rows.map((row) => [...row[col]!].length)));
  const others = widest.reduce((sum, w, col) => (col === TITLE ? sum : sum + w), 0) + GAP.length * (head.length - 1);
  const titleWidth = Math.min(widest[TITLE]!, width === undefined ? MAX_TITLE_WIDTH : Math.max(MIN_TITLE_WIDTH, width - others));
  const right = (content: string) => ({ content, hAlign: 'right' as const });
  const table = new Table({
    head,
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths: head.map((_, col) => (col === TITLE ? titleWidth : null)),
  });
  for (const row of rows) table.push(row.map((cell, col) => (col === 5 ? right(cell) : cell)));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** What `kap sessions` adds when the list stops short: `Showing 20 of 134 sessions — use --limit to see more.` */
export function moreSessionsHint(shown: number, total: number): string | undefined {
  return total > shown ? `Showing ${shown} of ${total.toLocaleString('en-US')} sessions — use --limit to see more.` : undefined;
}
