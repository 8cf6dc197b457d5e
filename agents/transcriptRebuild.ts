/**
 * Continue, on the agent host, a session that was not started there: write its transcript back from Kap's
 * stream into the host's Claude Code home, where `claude --resume <sessionId>` run in `cwd` (the session's
 * worktree) loads the conversation.
 *
 * Kap's stream holds every transcript line as a `TranscriptLine` event: `data` is the line, metadata `file`
 * (`main` or `subagents/agent-<id>.jsonl`) and byte `offset` say where it sat (events/batchToEvents.ts).
 * Lines are written in offset order, one per line. Observed on Claude Code 2.1.197
 * (test/support/CLAUDE-CODE-OBSERVED.md, "Resuming a rebuilt transcript"):
 * - the file must be in the project dir of the cwd `--resume` runs in (claudeProjectDir.ts);
 * - the lines' `cwd` need not be rewritten: a transcript from another machine and path resumes as it is,
 *   and the new turn's lines carry the new cwd. They are written unchanged, so when Kap's hooks capture
 *   the resumed session (hostHooks.ts) the lines already stored come back with the same ids and offsets:
 *   nothing is appended twice.
 * The store gives back `data`, not the line's original text (stores/eventStore.ts `RecordedEvent`); Claude
 * Code writes `JSON.stringify` output, so `JSON.stringify(data)` gives the same bytes for lines Kap did not
 * redact or shorten.
 * Subagents' `.meta.json` files are not in the stream and are not written (resume does not need them).
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { claudeProjectDir } from './claudeProjectDir.js';

export interface RebuildTranscriptRequest {
  /** HOME of the `claude` that will resume: files go under `<claudeHome>/.claude/projects`. */
  claudeHome: string;
  /** Where the session will be resumed (the worktree); its real path names the project dir. */
  cwd: string;
  /** The session to rebuild (a Claude Code session id). */
  sessionId: string;
  /** The session's stream, e.g. `store.readStream(sessionStream(sessionId))`; events other than transcript lines are skipped. */
  events: AsyncIterable<RecordedEvent>;
  /** Overwrite a transcript the host already has. Default false: `TRANSCRIPT_EXISTS`. */
  replace?: boolean;
}

export type RebuildTranscriptResult =
  | {
      ok: true;
      /** The main transcript's path, then the subagent files'. */
      paths: string[];
      /** Lines written, all files together. */
      lines: number;
      /** `file` values that are not a transcript file name Kap writes (left out). */
      skippedFiles: string[];
    }
  /**
   * `NO_TRANSCRIPT`: the stream has no main transcript line (not a Claude Code session Kap has lines of).
   * `TRANSCRIPT_EXISTS`: the host has this session already (resume it as it is, or pass `replace`).
   * `INVALID_SESSION_ID`: `sessionId` is not a name Claude Code gives a transcript (letters, digits, `-`).
   */
  | { ok: false; reason: 'NO_TRANSCRIPT' | 'TRANSCRIPT_EXISTS' | 'INVALID_SESSION_ID'; message: string };

/** A subagent transcript key as the collector stores it (collector/transcriptFiles.ts). */
const SUBAGENT_FILE = /^subagents\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.jsonl$/;
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

interface Line {
  text: string;
  offset: number | null;
  order: number;
}

/** Writes the session's transcript files (see the module comment). Throws only on file-system errors. */
export async function rebuildTranscript(request: RebuildTranscriptRequest): Promise<RebuildTranscriptResult> {
  if (!SESSION_ID.test(request.sessionId)) return { ok: false, reason: 'INVALID_SESSION_ID', message: `not a session id: ${JSON.stringify(request.sessionId)}` };
  const projectDir = claudeProjectDir(request.claudeHome, existsSync(request.cwd) ? realpathSync(request.cwd) : request.cwd);
  const mainPath = join(projectDir, `${request.sessionId}.jsonl`);
  if (!request.replace && existsSync(mainPath)) {
    return { ok: false, reason: 'TRANSCRIPT_EXISTS', message: `${mainPath} exists: resume the session as it is, or replace it` };
  }
  const files = new Map<string, Line[]>();
  const skipped = new Set<string>();
  let order = 0;
  for await (const event of request.events) {
    if (event.type !== TRANSCRIPT_LINE) continue;
    const file = typeof event.metadata.file === 'string' ? event.metadata.file : 'main';
    if (file !== 'main' && !SUBAGENT_FILE.test(file)) {
      skipped.add(file);
      continue;
    }
    const offset = typeof event.metadata.offset === 'number' ? event.metadata.offset : null;
    const lines = files.get(file) ?? [];
    lines.push({ text: JSON.stringify(event.data), offset, order: order++ });
    files.set(file, lines);
  }
  const main = files.get('main');
  if (main === undefined) return { ok: false, reason: 'NO_TRANSCRIPT', message: `the stream of ${request.sessionId} has no main transcript line` };
  const paths = [mainPath];
  let written = await writeLines(mainPath, main);
  for (const [file, lines] of [...files].filter(([f]) => f !== 'main').sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(projectDir, request.sessionId, file);
    written += await writeLines(path, lines);
    paths.push(path);
  }
  return { ok: true, paths, lines: written, skippedFiles: [...skipped] };
}

/** Writes the lines in file order (by offset when every line has one, else as the stream gave them), atomically. */
async function writeLines(path: string, lines: Line[]): Promise<number> {
  const byOffset = lines.every((l) => l.offset !== null);
  const sorted = [...lines].sort((a, b) => (byOffset ? a.offset! - b.offset! : 0) || a.order - b.order);
  const kept = byOffset ? sorted.filter((line, i) => i === 0 || line.offset !== sorted[i - 1]!.offset) : sorted;
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.kap-${process.pid}.tmp`;
  await writeFile(temp, kept.map((l) => `${l.text}\n`).join(''));
  await rename(temp, path);
  return kept.length;
}
