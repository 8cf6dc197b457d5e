import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../test/support/corpus.js';
import { readRecords } from '../test/support/rawTranscriptCount.js';
import { checkIngestBatch } from './checkIngestBatch.js';
import { HookPayload, isHookPayload } from './hookPayload.js';
import { IngestBatch } from './ingestBatch.js';
import { isTranscriptLine, TranscriptLine } from './transcriptLine.js';

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const ODD_VALUES = [null, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'a'.repeat(301), [], [{}], {}, { type: 1 }, '2026-01-01T00:00:00Z', 'subagents/a.jsonl'];

/** `value` with one value somewhere inside replaced (or a key dropped), at random. */
function mutate(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || random() < 0.2) return pick(ODD_VALUES);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return pick(ODD_VALUES);
  const key = pick(keys);
  if (!Array.isArray(copy) && random() < 0.1) delete copy[key];
  else (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key]);
  return copy;
}

const walk = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => walk(join(path, n))) : [path]);
const records = walk(corpusDir())
  .filter((p) => /\.jsonl?$/.test(p))
  .flatMap((p) => readRecords(p) ?? []) as Record<string, unknown>[];
const lines = records.filter((r) => typeof r.type === 'string');
const hooks = records.filter((r) => typeof r.hook_event_name === 'string');

describe('the quick checks accept only what the schemas accept', () => {
  it('transcript lines: every corpus line passes both, and no mutation passes the quick check alone', () => {
    expect(lines.length).toBeGreaterThan(5000);
    for (const line of lines) expect(isTranscriptLine(line) && TranscriptLine.safeParse(line).success).toBe(true);
    for (let i = 0; i < 20_000; i++) {
      const value = mutate(pick(lines));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      if (isTranscriptLine(value as Record<string, unknown>)) expect(TranscriptLine.safeParse(value).success, JSON.stringify(value).slice(0, 300)).toBe(true);
    }
  });

  it('hook payloads: the same', () => {
    expect(hooks.length).toBeGreaterThan(500);
    for (const hook of hooks) expect(isHookPayload(hook) && HookPayload.safeParse(hook).success).toBe(true);
    for (let i = 0; i < 20_000; i++) {
      const value = mutate(pick(hooks));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      if (isHookPayload(value as Record<string, unknown>)) expect(HookPayload.safeParse(value).success, JSON.stringify(value).slice(0, 300)).toBe(true);
    }
  });

  it('batches: the same verdict as IngestBatch, and the same batch', () => {
    const good = {
      sessionId: 'c45af7b1-cb7c-4e51-93db-8cbb250a877a',
      context: { repo: 'acme/app', branch: null, gitUser: 'ann', host: 'box', collector: 'kap 0.1', extra: 1 },
      items: [
        { kind: 'line', file: 'main', offset: 0, text: '{"type":"user"}' },
        { kind: 'line', file: 'subagents/agent-a1.jsonl', offset: 10, text: '{}' },
        { kind: 'hook', observedAt: '2026-01-01T00:00:00.123Z', key: '#0', payload: { session_id: 's', hook_event_name: 'Stop' }, extra: true },
        { kind: 'statusLine', payload: { model: {} } },
      ],
    };
    for (let i = 0; i < 20_000; i++) {
      const body = i === 0 ? good : mutate(good);
      const ours = checkIngestBatch(body);
      const schema = IngestBatch.safeParse(body);
      expect(ours.ok, JSON.stringify(body)).toBe(schema.success);
      if (ours.ok && schema.success) expect(ours.batch).toEqual(schema.data);
    }
  });

  it('batches: lines given as bytes are checked as their text', () => {
    const bytes = Buffer.from('{"type":"user"}');
    const ok = checkIngestBatch({ sessionId: 's1', items: [{ kind: 'lineBytes', file: 'main', offset: 3, bytes }] });
    expect(ok).toEqual({ ok: true, batch: { sessionId: 's1', items: [{ kind: 'lineBytes', file: 'main', offset: 3, bytes }] } });
    const bad = checkIngestBatch({ sessionId: 's1', items: [{ kind: 'lineBytes', file: '../x', offset: 3, bytes }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/file/);
  });
});
