/**
 * Imports every file of the real corpus and checks each session's tokens, tools and filesChanged against
 * a count made here, straight from the raw lines (not through Kap's fold), then re-imports: 0 new events.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../test/support/corpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import { findImportFiles, importFiles } from './importTranscripts.js';
import type { ImportReport } from './importTranscripts.js';
import { postBatch } from './ingestClient.js';

type Raw = Record<string, any>;

/** Transcript files per session, by the rule the README states (file name, subagents folder, last sessionId). */
function transcriptFilesBySession(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => walk(join(path, n))) : [path];
  for (const path of walk(dir)) {
    const lines = readRecords(path);
    if (!lines || !lines.every((l) => typeof l.type === 'string') || lines.length === 0) continue;
    const stem = basename(path).replace(/\.jsonl?$/, '');
    const uuid = /^[0-9a-f-]{36}$/;
    const parent = basename(dirname(dirname(path)));
    const session = uuid.test(stem)
      ? stem
      : basename(dirname(path)) === 'subagents' && uuid.test(parent)
        ? parent
        : [...lines].reverse().find((l) => typeof l.sessionId === 'string')?.sessionId;
    out.set(session, [...(out.get(session) ?? []), path]);
  }
  return out;
}

function readRecords(path: string): Raw[] | undefined {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  }
  if (!path.endsWith('.jsonl')) return undefined;
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** The contract's figures, counted directly from raw lines. */
function countRaw(paths: string[]) {
  const messages = new Map<string, { model: string; usage: Raw }>();
  const toolIds = new Map<string, string>();
  const files: string[] = [];
  for (const path of paths.filter((p) => !p.endsWith('.derived.jsonl'))) {
    for (const line of readRecords(path)!) {
      if (line.type !== 'assistant') continue;
      const m = line.message;
      if (m.model !== '<synthetic>' && m.usage) messages.set(m.id, { model: m.model, usage: m.usage });
      for (const block of Array.isArray(m.content) ? m.content : []) {
        if (block.type !== 'tool_use' || toolIds.has(block.id)) continue;
        toolIds.set(block.id, block.name);
        const file = block.input?.file_path ?? block.input?.notebook_path;
        if (['Write', 'Edit', 'MultiEdit', 'NotebookEdit'].includes(block.name) && file && !files.includes(file)) files.push(file);
      }
    }
  }
  const tokens: Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number }> = {};
  for (const { model, usage } of messages.values()) {
    const t = (tokens[model] ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
    t.input += usage.input_tokens ?? 0;
    t.output += usage.output_tokens ?? 0;
    t.cacheRead += usage.cache_read_input_tokens ?? 0;
    t.cacheWrite += usage.cache_creation_input_tokens ?? 0;
  }
  const tools: Record<string, number> = {};
  for (const name of toolIds.values()) tools[name] = (tools[name] ?? 0) + 1;
  return { tokens, tools, filesChanged: files };
}

describe('kap import of the real corpus', () => {
  let kap: KapUnderTest;
  let first: ImportReport;
  let second: ImportReport;
  const dir = corpusDir();

  beforeAll(async () => {
    kap = await startKapForTest();
    const target = { url: kap.url, token: kap.token, timeoutMs: 60_000 };
    const send = (batch: Parameters<typeof postBatch>[1]) => postBatch(target, batch);
    first = await importFiles(findImportFiles([dir]), { send });
    second = await importFiles(findImportFiles([dir]), { send });
    await kap.settled(first.sessions);
  }, 120_000);
  afterAll(() => kap?.close());

  it('imports every file with zero errors', () => {
    expect(first.errors).toEqual([]);
    expect(first.files).toBe(findImportFiles([dir]).length);
    expect(first.appended).toBeGreaterThan(7000);
  });

  it('appends nothing on a second import', () => {
    expect(second.errors).toEqual([]);
    expect(second.appended).toBe(0);
    expect(second.alreadyStored).toBe(second.records);
  });

  it('gives each session the tokens, tools and files changed its raw lines say', async () => {
    const sessions = transcriptFilesBySession(dir);
    expect(sessions.size).toBeGreaterThanOrEqual(9);
    for (const [sessionId, paths] of sessions) {
      const expected = countRaw(paths);
      const summary = await kap.summary(sessionId);
      expect(summary, sessionId).toBeDefined();
      expect({ sessionId, tokens: summary!.tokens, tools: summary!.tools }).toEqual({ sessionId, tokens: expected.tokens, tools: expected.tools });
      expect([...summary!.filesChanged].sort()).toEqual([...expected.filesChanged].sort());
    }
  });

  it('counts a long 2.x session with subagents across its files', async () => {
    const summary = await kap.summary('ae4a77f8-aedd-4bc1-888f-c94edc91af04');
    expect(summary!.subagents).toBeGreaterThan(0);
    expect(Object.keys(summary!.tokens).length).toBeGreaterThan(1);
    expect(summary!.prompts).toBeGreaterThan(0);
    expect(summary!.costUsd).toBeGreaterThan(0);
    expect(summary!.branch).toBe('spotter-4te');
  });
});
