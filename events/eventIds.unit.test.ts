import { v5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { canonical, contentId, transcriptLineId } from './eventIds.js';

describe('event ids', () => {
  it('are RFC 9562 UUIDv5 (same as the uuid package computes)', () => {
    const value = { b: 1, a: ['é', { z: null }] };
    expect(contentId(value, 'k')).toBe(v5(`${canonical(value)}\u0000k`, '6d0c3e8c-3b5e-4c51-9a43-7a3c2f0f8b11'));
  });
  it('do not depend on key order, and do depend on the discriminator', () => {
    expect(contentId({ a: 1, b: 2 })).toBe(contentId({ b: 2, a: 1 }));
    expect(contentId({ a: 1 }, 'x')).not.toBe(contentId({ a: 1 }, 'y'));
  });
  it("keep a transcript line's own uuid, and place uuid-less lines by file and offset", () => {
    expect(transcriptLineId({ uuid: '3F2504E0-4F89-41D3-9A0C-0305E82C3301' }, 'main', 0)).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const line: { type: string; uuid?: string } = { type: 'file-history-snapshot' };
    expect(transcriptLineId(line, 'main', 10)).not.toBe(transcriptLineId(line, 'main', 20));
    expect(transcriptLineId(line, 'main', 10)).toBe(transcriptLineId({ ...line }, 'main', 10));
  });
});
