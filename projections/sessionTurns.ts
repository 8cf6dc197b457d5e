/**
 * How the session page numbers turns, in one place for the page's anchors (`id="turn-N"`) and for search's
 * deep links: turn N is the Nth prompt a person typed in the main thread (the timeline's `foldPrompt` for
 * the main thread, sessionTimeline.ts: `promptText` of a line in the main file that is not a sidechain);
 * what comes before the first prompt is turn 0, and subagent lines and tool results belong to the turn
 * current when they are folded.
 */
import type { JsonObject } from '../stores/eventStore.js';
import { promptText } from './transcriptFacts.js';

/** The transcript file key of the main thread (`metadata.file` of a transcript line; absent means main). */
export const MAIN_FILE = 'main';

/** Whether a transcript line is in the main thread: the main file, not a 1.0.x inline sidechain line. */
export function inMainThread(line: JsonObject, file: string): boolean {
  return file === MAIN_FILE && line.isSidechain !== true;
}

/** Whether a transcript line starts the next turn: a prompt a person typed in the main thread. */
export function startsTurn(line: JsonObject, file: string): boolean {
  return inMainThread(line, file) && promptText(line) !== undefined;
}

/** The page anchor of turn `n` (no `#`): `turn-12`. */
export function turnAnchor(n: number): string {
  return `turn-${n}`;
}

/** The page anchor of a tool call (no `#`), as the page sets `id="tool-<id>"` (renderers/page/conversation.ts). */
export function toolAnchor(toolUseId: string): string {
  return `tool-${toolUseId}`;
}
