import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../events/ingestBatch.js';
import { configValues, repoFromRemote } from './gitContext.js';
import { splitLines } from './lineReader.js';
import { shrinkLine } from './shrinkLine.js';

describe('configValues', () => {
  it('reads `git config --get-regexp` lines; a later scope (local after global) wins; values keep their spaces', () => {
    const out = 'user.name Global Name\nuser.email g@x.dev\nremote.origin.url git@github.com:acme/w.git\nuser.name Jo Lee\n';
    expect(configValues(out)).toEqual(new Map([['user.name', 'Jo Lee'], ['user.email', 'g@x.dev'], ['remote.origin.url', 'git@github.com:acme/w.git']]));
    expect(configValues(null)).toEqual(new Map());
  });
});

describe('repoFromRemote', () => {
  it.each([
    ['https://github.com/acme/app.git', 'acme/app'],
    ['https://github.com/acme/app', 'acme/app'],
    ['git@github.com:acme/app.git', 'acme/app'],
    ['ssh://git@gitlab.example.com:2222/group/sub/app.git', 'sub/app'],
    ['https://user:pw@github.com/acme/app.git', 'acme/app'],
    ['/local/path/repo', 'path/repo'],
    ['/srv/git/acme/app.git', 'acme/app'],
    ['/srv/git/acme/app.git/', 'acme/app'],
    ['file:///srv/git/acme/app.git', 'acme/app'],
    ['file://localhost/srv/app', 'srv/app'],
    ['/app.git', 'app'],
    ['../app', 'app'],
    ['/', null],
    ['app', null],
    [null, null],
  ])('%s → %s', (url, repo) => expect(repoFromRemote(url)).toBe(repo));
});

describe('splitLines', () => {
  it('returns complete lines with byte offsets and leaves a partial last line', () => {
    const buffer = Buffer.from('{"a":"é"}\n\n{"b":2}\r\n{"c":');
    const { lines, consumed } = splitLines(buffer, 100, false);
    expect(lines).toEqual([
      { offset: 100, text: '{"a":"é"}' },
      { offset: 112, text: '{"b":2}' },
    ]);
    expect(consumed).toBe(Buffer.byteLength('{"a":"é"}\n\n{"b":2}\r\n'));
    expect(splitLines(buffer, 0, true).lines.at(-1)!.text).toBe('{"c":');
  });
});

describe('shrinkLine', () => {
  it('returns a line under the limit unchanged', () => {
    expect(shrinkLine('{"a":1}')).toBe('{"a":1}');
  });
  it('cuts the long strings of an oversized line, marks it and keeps the rest', () => {
    const big = JSON.stringify({ type: 'user', uuid: 'u1', toolUseResult: { content: 'x'.repeat(3 * MAX_LINE_BYTES) } });
    const out = shrinkLine(big);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    const parsed = JSON.parse(out);
    expect(parsed).toMatchObject({ type: 'user', uuid: 'u1', kapTruncated: true });
    expect(parsed.toolUseResult.content).toMatch(/characters cut\]$/);
  });
});
