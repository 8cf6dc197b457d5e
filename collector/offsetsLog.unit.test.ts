import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPACT_AT_BYTES, loadOffsets, saveOffsets } from './offsetsLog.js';

const dir = () => join(mkdtempSync(join(tmpdir(), 'kap-offsets-')), 'offsets');

describe('transcript offsets log', () => {
  it('reads back the last saved map, keys such as __proto__ included, in a 0600 file', () => {
    const d = dir();
    saveOffsets(d, 's1', new Map([['/t/s1.jsonl', 10]]));
    saveOffsets(d, 's1', new Map([['/t/s1.jsonl', 25], ['__proto__', 3]]));
    expect(loadOffsets(d, 's1')).toEqual(new Map([['/t/s1.jsonl', 25], ['__proto__', 3]]));
    expect(readFileSync(join(d, 's1.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    expect(statSync(join(d, 's1.log')).mode & 0o777).toBe(0o600);
    expect(loadOffsets(d, 'other')).toEqual(new Map());
  });

  it('a torn last line (a killed drainer) falls back to the line before it', () => {
    const d = dir();
    saveOffsets(d, 's2', new Map([['/t/a.jsonl', 100]]));
    appendFileSync(join(d, 's2.log'), '{"/t/a.jsonl": 2');
    expect(loadOffsets(d, 's2')).toEqual(new Map([['/t/a.jsonl', 100]]));
  });

  it('compacts a long log to its last line', () => {
    const d = dir();
    const files = new Map(Array.from({ length: 20 }, (_, i) => [`/t/subagents/agent-${i}.jsonl`, i * 1000] as [string, number]));
    for (let i = 0; i < 200; i++) saveOffsets(d, 's3', new Map([...files, ['/t/s3.jsonl', i]]));
    expect(statSync(join(d, 's3.log')).size).toBeLessThanOrEqual(COMPACT_AT_BYTES + 2048);
    expect(loadOffsets(d, 's3').get('/t/s3.jsonl')).toBe(199);
  });

  it('reads offsets an older Kap wrote (<session>.json) until the first save', () => {
    const d = dir();
    saveOffsets(d, 'warm', new Map());
    writeFileSync(join(d, 'old.json'), JSON.stringify({ '/t/old.jsonl': 42 }));
    expect(loadOffsets(d, 'old')).toEqual(new Map([['/t/old.jsonl', 42]]));
    saveOffsets(d, 'old', new Map([['/t/old.jsonl', 50]]));
    expect(loadOffsets(d, 'old').get('/t/old.jsonl')).toBe(50);
  });
});
