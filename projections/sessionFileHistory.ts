/**
 * The files a session changed, each with its changes in order and, where Kap can know it, the file as it
 * stood after each: a Write gives the whole file; an Edit or MultiEdit applied to a known content gives the
 * next (Claude Code's Edit replaces `old_string` once, or everywhere with `replace_all`); anything else (no
 * earlier Write, an `old_string` the known content lacks, an input the timeline shortened, a NotebookEdit)
 * leaves the content unknown until the next Write. A call whose result is an error changed nothing.
 *
 * Order: the main thread's calls in order, a subagent run's calls right after the Task/Agent call that
 * started it (the run happened while the call ran), then runs no call started. A pure read of the timeline.
 */
import { mapOf } from './ownRecords.js';
import type { SessionTimeline, SubagentRun, TimelineItem, ToolCallItem } from './sessionTimelineTypes.js';
import { changedFile } from './transcriptFacts.js';

/** One old → new replacement of an Edit / MultiEdit. */
export interface TextEdit {
  old: string;
  new: string;
  replaceAll: boolean;
}

export type ChangeStatus = 'applied' | 'failed' | 'pending';

export interface FileChange {
  toolUseId: string;
  tool: string;
  at: string | null;
  /** The subagent key the call was made in, or null for the main thread. */
  agent: string | null;
  /** The main-thread turn it happened in (sessionTurns.ts). */
  turn: number;
  /** `failed`: the call's result is an error (nothing changed); `pending`: no result yet (taken as applied). */
  status: ChangeStatus;
  /** The whole file before and after the call, when known; null when not. */
  before: string | null;
  after: string | null;
  /** What the call wrote: a Write's content (edits null) or an Edit's replacements. */
  written: string | null;
  edits: TextEdit[] | null;
  /** Why `after` is not known (null when it is). */
  unknownBecause: string | null;
}

export interface FileHistory {
  /** The path as recorded (`file_path` / `notebook_path`). */
  path: string;
  changes: FileChange[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The edits of an Edit or MultiEdit input; undefined for other tools or a malformed input. */
function editsOf(call: ToolCallItem): TextEdit[] | undefined {
  const i = call.input;
  if (call.name === 'Edit') {
    const old = str(i.old_string);
    const next = str(i.new_string);
    return old !== undefined && next !== undefined ? [{ old, new: next, replaceAll: i.replace_all === true }] : undefined;
  }
  if (call.name === 'MultiEdit' && Array.isArray(i.edits)) {
    const edits: TextEdit[] = [];
    for (const e of i.edits as unknown[]) {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
      const edit = e as Record<string, unknown>;
      const old = str(edit.old_string);
      const next = str(edit.new_string);
      if (old === undefined || next === undefined) return undefined;
      edits.push({ old, new: next, replaceAll: edit.replace_all === true });
    }
    return edits;
  }
  return undefined;
}

/**
 * `content` with `edits` applied in order, as Claude Code applies them; undefined when an `old_string` is not
 * in the content (the recorded content is not what the file held). An empty `old_string` on an empty or
 * unknown file creates it.
 */
export function applyEdits(content: string | null, edits: readonly TextEdit[]): string | undefined {
  let text = content;
  for (const edit of edits) {
    if (edit.old === '' && (text === null || text === '')) {
      text = edit.new;
      continue;
    }
    if (text === null || !text.includes(edit.old)) return undefined;
    text = edit.replaceAll ? text.split(edit.old).join(edit.new) : text.replace(edit.old, () => edit.new);
  }
  return text ?? undefined;
}

/** The session's file histories in the order each file was first changed, keyed by the recorded path. */
export function fileHistoriesOf(timeline: SessionTimeline): Map<string, FileHistory> {
  const histories = new Map<string, FileHistory>();
  const known = new Map<string, string | null>();
  const runs = mapOf(timeline.subagents);
  const shown = new Set<string>();
  let turn = 0;

  const change = (call: ToolCallItem, agent: string | null): void => {
    const path = changedFile({ id: call.id, name: call.name, input: call.input });
    if (path === undefined) return;
    const history = histories.get(path) ?? { path, changes: [] };
    histories.set(path, history);
    const before = known.get(path) ?? null;
    const status: ChangeStatus = call.result === null ? 'pending' : call.result.isError ? 'failed' : 'applied';
    const edits = editsOf(call) ?? null;
    const written = call.name === 'Write' ? (str(call.input.content) ?? null) : null;
    let after: string | null = null;
    let unknownBecause: string | null = null;
    if (status === 'failed') {
      after = before;
      unknownBecause = before === null ? 'the call failed, and the file before it is not known' : null;
    } else if (call.inputTruncated) {
      unknownBecause = 'the recorded input was shortened (long values cut), so the exact text is not known';
    } else if (call.name === 'Write' && written !== null) {
      after = written;
    } else if (edits !== null) {
      after = applyEdits(before, edits) ?? null;
      if (after === null) unknownBecause = before === null ? 'no earlier Write of this file was recorded, so its whole content is not known' : 'the known content does not contain the text this edit replaces (the file changed outside the session)';
    } else {
      unknownBecause = `Kap does not reconstruct ${call.name} changes`;
    }
    known.set(path, after);
    history.changes.push({ toolUseId: call.id, tool: call.name, at: call.at, agent, turn, status, before, after, written, edits, unknownBecause });
  };

  const walk = (items: readonly TimelineItem[], agent: string | null): void => {
    for (const item of items) {
      if (agent === null && item.kind === 'prompt') turn += 1;
      if (item.kind !== 'tool') continue;
      change(item, agent);
      const run: SubagentRun | undefined = item.subagentId !== null ? runs.get(item.subagentId) : undefined;
      if (run && !shown.has(run.agentId)) {
        shown.add(run.agentId);
        walk(run.items, run.agentId);
      }
    }
  };
  walk(timeline.items, null);
  for (const run of runs.values()) {
    if (shown.has(run.agentId)) continue;
    shown.add(run.agentId);
    walk(run.items, run.agentId);
  }
  return histories;
}

/** `path` relative to `root` when it lies inside it (`/w/app/src/a.ts`, `/w/app` → `src/a.ts`); else as recorded. */
export function relativeToRoot(path: string, root: string | null): string {
  if (root === null || root === '') return path;
  const base = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(base) && path.length > base.length ? path.slice(base.length) : path;
}
