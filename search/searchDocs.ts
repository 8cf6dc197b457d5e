/**
 * What search indexes, and the projection that makes it: a pure fold of a session stream into documents,
 * one per thing a person may look for, each knowing the turn and page anchor it links to
 * (projections/sessionTurns.ts: the page's own numbering):
 *
 *   prompt:<event id>     a prompt typed in the main thread, or a subagent's prompt    anchor turn-N
 *   text:<event id>       the text blocks of one assistant line (main or subagent)     anchor turn-N
 *   tool-in:<tool_use id> a tool call: its name and the string values of its input    anchor tool-<id>
 *   tool-out:<tool_use id> a tool result's text                                       anchor tool-<id>
 *
 * Lines are read with the timeline's and summary's readers (transcriptFacts.ts, sessionTimelineLines.ts);
 * this file parses nothing itself. Texts are cut to MAX_DOC_CHARS. Secrets were redacted at ingest.
 *
 * The state is small bookkeeping (revision, current turn) plus `docs`, an outbox: the documents made since
 * the state was last committed. The index's `commit` writes them (idempotently, keyed by session and doc
 * key) in the checkpoint's transaction and then empties the outbox of the states it wrote, so a state kept
 * in a runner's memory never carries documents already written. (The fold cannot reset the outbox itself:
 * when a batch throws, foldIsolated.ts folds it again event by event, and each event's documents must
 * survive the next one's fold.) A tool result's tool name is filled in by the index from its call's
 * document, whichever is committed first.
 */
import { TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import type { JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { boundDepth } from '../projections/boundedJson.js';
import type { Projection } from '../projections/projection.js';
import { assistantTexts, capText, threadPromptText, toolResults } from '../projections/sessionTimelineLines.js';
import { inMainThread, MAIN_FILE, startsTurn, toolAnchor, turnAnchor } from '../projections/sessionTurns.js';
import { lineTimestamp, promptText, toolUses } from '../projections/transcriptFacts.js';

/** Longest document text indexed, in characters (UTF-16 code units). */
export const MAX_DOC_CHARS = 20_000;

export type SearchDocKind = 'prompt' | 'assistant' | 'tool_input' | 'tool_output';

export interface SearchDoc {
  /** Unique within the session: `prompt:<event id>`, `text:<event id>`, `tool-in:<id>`, `tool-out:<id>`. */
  key: string;
  kind: SearchDocKind;
  /** The tool's name (tool docs; null for a result until the index pairs it with its call), else null. */
  toolName: string | null;
  /** The tool_use id (tool docs), else null. */
  toolUseId: string | null;
  /** The page's turn number (0 before the first prompt). */
  turn: number;
  /** The page anchor, without `#`: `turn-N` or `tool-<id>`. */
  anchor: string;
  /** The line's own time (ISO 8601), when it has one. */
  at: string | null;
  /** The text indexed, at most MAX_DOC_CHARS. */
  text: string;
}

export interface SearchFoldState {
  sessionId: string;
  /** Revision of the last event folded; -1 before any. */
  revision: number;
  /** Prompts typed in the main thread so far: the current turn. */
  turn: number;
  /** Documents made since the last commit (the outbox; see the module comment). */
  docs: SearchDoc[];
}

export function initialSearchState(sessionId: string): SearchFoldState {
  return { sessionId, revision: -1, turn: 0, docs: [] };
}

/** Folds events in stream order; events at or below the state's revision are skipped. Never throws on line content. */
export function foldSearchDocs(state: SearchFoldState, events: Iterable<RecordedEvent>): SearchFoldState {
  let { revision, turn } = state;
  const docs = [...state.docs];
  for (const event of events) {
    const eventRevision = Number(event.revision);
    if (eventRevision <= revision) continue;
    revision = eventRevision;
    if (event.type !== TRANSCRIPT_LINE) continue;
    const line = event.data;
    const file = typeof event.metadata.file === 'string' ? event.metadata.file : MAIN_FILE;
    if (startsTurn(line, file)) turn += 1;
    docs.push(...docsOfLine(line, file, event.id, turn));
  }
  return { sessionId: state.sessionId, revision, turn, docs };
}

function docsOfLine(line: JsonObject, file: string, eventId: string, turn: number): SearchDoc[] {
  const at = lineTimestamp(line) ?? null;
  const main = inMainThread(line, file);
  const out: SearchDoc[] = [];
  const doc = (key: string, kind: SearchDocKind, text: string, tool: { name: string | null; id: string } | null) => {
    if (text.trim() === '') return;
    out.push({ key, kind, toolName: tool?.name ?? null, toolUseId: tool?.id ?? null, turn, anchor: tool ? toolAnchor(tool.id) : turnAnchor(turn), at, text: capText(text, MAX_DOC_CHARS).text });
  };
  const prompt = main ? promptText(line) : threadPromptText(line);
  if (prompt !== undefined) doc(`prompt:${eventId}`, 'prompt', prompt, null);
  const texts = assistantTexts(line);
  if (texts.length > 0) doc(`text:${eventId}`, 'assistant', texts.join('\n\n'), null);
  for (const call of toolUses(line)) doc(`tool-in:${call.id}`, 'tool_input', [call.name, ...stringsOf(call.input)].join('\n'), { name: call.name, id: call.id });
  for (const result of toolResults(line)) doc(`tool-out:${result.toolUseId}`, 'tool_output', result.text, { name: null, id: result.toolUseId });
  return out;
}

/** The string values of a tool input, depth-first, until MAX_DOC_CHARS are gathered (depth bounded: boundedJson.ts). */
function stringsOf(input: JsonObject): string[] {
  const out: string[] = [];
  let length = 0;
  const stack: unknown[] = [boundDepth(input)];
  while (stack.length > 0 && length < MAX_DOC_CHARS) {
    const value = stack.pop();
    if (typeof value === 'string') {
      out.push(value);
      length += value.length + 1;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      out.push(String(value));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push(value[i]);
    } else if (typeof value === 'object' && value !== null) {
      const values = Object.values(value);
      for (let i = values.length - 1; i >= 0; i -= 1) stack.push(values[i]);
    }
  }
  return out;
}

/** The search documents as a projection (checkpoint `search-docs`). */
export const searchDocsProjection: Projection<SearchFoldState> = {
  name: 'search-docs',
  initial: initialSearchState,
  fold: foldSearchDocs,
  sessionIdOf: (state) => state.sessionId,
};
