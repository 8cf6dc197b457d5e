import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './searchQuery.js';
import { tokensOf } from './searchTokens.js';

const ok = (text: string) => {
  const parsed = parseSearchQuery(text);
  if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`);
  return parsed.query;
};
const code = (text: string) => {
  const parsed = parseSearchQuery(text);
  return parsed.ok ? 'ok' : parsed.code;
};

describe('parseSearchQuery', () => {
  it('reads terms, phrases and prefixes as clauses of tokens', () => {
    expect(ok('Fold  widget').text).toEqual([
      { tokens: ['fold'], prefix: false },
      { tokens: ['widget'], prefix: false },
    ]);
    expect(ok('"fold the Widget" widg*').text).toEqual([
      { tokens: ['fold', 'the', 'widget'], prefix: false },
      { tokens: ['widg'], prefix: true },
    ]);
    expect(ok('"fold the wid"*').text).toEqual([{ tokens: ['fold', 'the', 'wid'], prefix: true }]);
  });

  it('tokenizes paths and identifiers as phrases, the same way documents are', () => {
    expect(ok('src/app.ts').text).toEqual([{ tokens: ['src', 'app', 'ts'], prefix: false }]);
    expect(ok('foo_bar').text).toEqual([{ tokens: ['foo', 'bar'], prefix: false }]);
    expect(tokensOf('foo_bar src/app.ts Ünïcode ＡＢＣ')).toEqual(['foo', 'bar', 'src', 'app', 'ts', 'ünïcode', 'abc']);
    expect(ok('http://example.com/x').text).toEqual([{ tokens: ['http', 'example', 'com', 'x'], prefix: false }]);
  });

  it('reads every filter, repeated ones as alternatives', () => {
    const query = ok('bug repo:acme/web user:dana@acme.dev kind:Tool tool:Bash tool:Edit session:3f2a status:running after:2026-01-31 before:2026-02-28');
    expect(query).toEqual({
      text: [{ tokens: ['bug'], prefix: false }],
      repos: ['acme/web'],
      users: ['dana@acme.dev'],
      kinds: ['tool'],
      tools: ['Bash', 'Edit'],
      sessions: ['3f2a'],
      statuses: ['running'],
      after: '2026-01-31',
      before: '2026-02-28',
    });
    expect(ok('user:"Dana Lee" x').users).toEqual(['Dana Lee']);
    expect(ok('tool:Bash').text).toEqual([]);
  });

  it('answers bad queries with a code, never a throw', () => {
    expect(code('')).toBe('EMPTY_QUERY');
    expect(code('   ')).toBe('EMPTY_QUERY');
    expect(code('* -- ::')).toBe('EMPTY_QUERY');
    expect(code('"unclosed phrase')).toBe('UNBALANCED_QUOTE');
    expect(code('user:"Dana')).toBe('UNBALANCED_QUOTE');
    expect(code('tol:Bash')).toBe('UNKNOWN_FILTER');
    expect(code('kind:thinking')).toBe('BAD_FILTER_VALUE');
    expect(code('status:busy')).toBe('BAD_FILTER_VALUE');
    expect(code('after:2026-02-30')).toBe('BAD_FILTER_VALUE');
    expect(code('before:yesterday')).toBe('BAD_FILTER_VALUE');
    expect(code('repo:')).toBe('BAD_FILTER_VALUE');
    expect(code('x'.repeat(1001))).toBe('QUERY_TOO_LONG');
    expect(code(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '))).toBe('QUERY_TOO_LONG');
  });

  it('takes hostile text as text', () => {
    expect(ok('__proto__ constructor').text).toEqual([
      { tokens: ['proto'], prefix: false },
      { tokens: ['constructor'], prefix: false },
    ]);
    expect(ok('"quoted" NEAR(x) OR \'; DROP').text.map((c) => c.tokens.join(' '))).toEqual(['quoted', 'near x', 'or', 'drop']);
    expect(ok('"tol:Bash"').text).toEqual([{ tokens: ['tol', 'bash'], prefix: false }]);
  });
});
