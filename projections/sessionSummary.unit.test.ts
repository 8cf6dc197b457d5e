import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { foldSessionEvent, initialSessionState } from './sessionSummary.js';
import type { SessionFoldState } from './sessionSummary.js';

let revision = 0;
const at = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): RecordedEvent => {
  const r = BigInt(revision++);
  return { id: `e${r}`, type, streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata, created: new Date(0) };
};
const line = (data: Record<string, unknown>, file = 'main') => at('TranscriptLine', data, { source: 'transcript', file });
const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output, cache_read_input_tokens: 10, cache_creation_input_tokens: 5 });
const assistant = (id: string, content: unknown[], u = usage(100, 1), model = 'claude-sonnet-4-5') =>
  line({ type: 'assistant', timestamp: '2026-01-01T10:00:05Z', message: { id, model, content, usage: u } });

function fold(events: RecordedEvent[], state: SessionFoldState = initialSessionState('s1')): SessionFoldState {
  return events.reduce(foldSessionEvent, state);
}

describe('session summary fold', () => {
  revision = 0;
  const events = [
    at('SessionStart', { session_id: 's1', hook_event_name: 'SessionStart', cwd: '/w', source: 'startup' }, { observedAt: '2026-01-01T10:00:00Z', repo: 'acme/app', branch: 'main', gitUser: 'Jo <jo@x>' }),
    line({ type: 'user', uuid: 'u1', timestamp: '2026-01-01T10:00:01Z', message: { role: 'user', content: 'fix the test' } }),
    assistant('m1', [{ type: 'text', text: 'ok' }], usage(100, 1)),
    assistant('m1', [{ type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/w/a.ts' } }], usage(100, 7)),
    line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: 'boom' }] } }),
    assistant('m2', [{ type: 'tool_use', id: 't2', name: 'Task', input: { subagent_type: 'Explore' } }], usage(50, 3)),
    assistant('s1m', [{ type: 'tool_use', id: 't3', name: 'Write', input: { file_path: '/w/b.ts' } }], usage(20, 2), 'claude-haiku-4-5'),
    line({ type: 'assistant', isSidechain: true, message: { id: 'x', model: '<synthetic>', content: [], usage: usage(0, 0) } }, 'subagents/agent-a.jsonl'),
    line({ type: 'user', message: { content: '<command-name>/init</command-name>\n<command-args></command-args>' } }),
    line({ type: 'user', message: { content: '<local-command-stdout>done</local-command-stdout>' } }),
    at('PermissionRequest', { hook_event_name: 'PermissionRequest', tool_name: 'Bash' }, { observedAt: '2026-01-01T10:01:00Z' }),
  ];
  const state = fold(events);
  const s = state.summary;

  it('counts each assistant message once with its last usage, per model, and skips <synthetic>', () => {
    expect(s.tokens).toEqual({
      'claude-sonnet-4-5': { input: 150, output: 10, cacheRead: 20, cacheWrite: 10 },
      'claude-haiku-4-5': { input: 20, output: 2, cacheRead: 10, cacheWrite: 5 },
    });
    expect(s.turns).toBe(3);
    expect(s.costUsd).toBeGreaterThan(0);
  });

  it('counts tools once per id, files changed, subagents and failures', () => {
    expect(s.tools).toEqual({ Edit: 1, Task: 1, Write: 1 });
    expect(s.filesChanged).toEqual(['/w/a.ts', '/w/b.ts']);
    expect(s.subagents).toBe(1);
    expect(s.toolErrors).toBe(1);
  });

  it('counts typed prompts and slash commands, not command output', () => {
    expect(s.prompts).toBe(2);
    expect(s.lastPrompt).toBe('/init');
    expect(s.firstPrompt).toBe('fix the test');
  });

  it('keeps the first prompt, whether a UserPromptSubmit hook or the transcript line came first', () => {
    const hookFirst = fold([at('UserPromptSubmit', { prompt: 'Fix the login test' }), line({ type: 'user', message: { role: 'user', content: 'Fix the login test' } }), at('UserPromptSubmit', { prompt: 'Now the docs' })]).summary;
    expect([hookFirst.firstPrompt, hookFirst.lastPrompt]).toEqual(['Fix the login test', 'Now the docs']);
    const lineFirst = fold([line({ type: 'user', message: { role: 'user', content: 'Write the notes' } }), line({ type: 'user', message: { role: 'user', content: 'Shorter' } })]).summary;
    expect([lineFirst.firstPrompt, lineFirst.lastPrompt]).toEqual(['Write the notes', 'Shorter']);
  });

  it('takes where and who from the collector context, status from hooks', () => {
    expect([s.repo, s.branch, s.user, s.cwd]).toEqual(['acme/app', 'main', 'Jo <jo@x>', '/w']);
    expect([s.status, s.waitingFor, s.statusSince]).toEqual(['waiting', 'permission: Bash', '2026-01-01T10:01:00Z']);
    expect([s.startedAt, s.lastActivityAt]).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.000Z']);
  });

  it('is idempotent: replaying the same events gives the same state', () => {
    expect(fold(events, state)).toEqual(state);
    expect(fold([...events, ...events])).toEqual(state);
  });

  it('does not mutate the state it is given', () => {
    const before = JSON.stringify(state);
    foldSessionEvent(state, { ...events[2]!, revision: 100n });
    expect(JSON.stringify(state)).toBe(before);
  });

  it('ends on SessionEnd and runs again only on a new SessionStart', () => {
    const end = at('SessionEnd', { hook_event_name: 'SessionEnd', reason: 'exit' }, { observedAt: '2026-01-01T11:00:00Z' });
    const ended = fold([end], state);
    expect(ended.summary.status).toBe('ended');
    expect(fold([at('PreToolUse', { hook_event_name: 'PreToolUse' })], ended).summary.status).toBe('ended');
    expect(fold([at('SessionStart', { hook_event_name: 'SessionStart', source: 'resume' })], ended).summary.status).toBe('running');
  });

  it('keeps an unknown hook event without failing', () => {
    const next = fold([at('SomethingNew', { hook_event_name: 'SomethingNew' }, { observedAt: '2026-01-01T12:00:00Z' })], state);
    expect(next.summary.status).toBe(state.summary.status);
    expect(next.summary.lastActivityAt).toBe('2026-01-01T12:00:00.000Z');
  });
});

describe('status from hooks that land out of order', () => {
  it('lets the newest observation decide', () => {
    revision = 1000;
    const start = at('SessionStart', { hook_event_name: 'SessionStart' }, { observedAt: '2026-01-01T10:00:00.000Z' });
    const stop = at('Stop', { hook_event_name: 'Stop' }, { observedAt: '2026-01-01T10:00:02.000Z' });
    const lateBatch = at('PostToolBatch', { hook_event_name: 'PostToolBatch' }, { observedAt: '2026-01-01T10:00:01.500Z' });
    const state = fold([start, stop, lateBatch]);
    expect([state.summary.status, state.summary.statusSince]).toEqual(['idle', '2026-01-01T10:00:02.000Z']);
  });
});

describe('SessionIdled (the idle timer)', () => {
  it('moves a running session to idle and lets the next hook run it again; never touches waiting or lastActivityAt', () => {
    revision = 0;
    const running = fold([at('UserPromptSubmit', { hook_event_name: 'UserPromptSubmit', prompt: 'go' }, { observedAt: '2026-01-01T10:00:00Z' })]);
    const idled = fold([at('SessionIdled', { at: '2026-01-01T10:05:00Z', idleAfterMs: 300_000 })], running);
    expect(idled.summary).toMatchObject({ status: 'idle', statusSince: '2026-01-01T10:05:00Z', lastActivityAt: '2026-01-01T10:00:00.000Z' });
    // Replayed (at-least-once delivery): nothing changes.
    expect(fold([{ ...at('SessionIdled', { at: '2026-01-01T10:09:00Z' }), revision: 1n }], idled)).toEqual(idled);
    const again = fold([at('PreToolUse', { hook_event_name: 'PreToolUse', tool_name: 'Bash' }, { observedAt: '2026-01-01T10:06:00Z' })], idled);
    expect(again.summary.status).toBe('running');

    const waiting = fold([at('PermissionRequest', { hook_event_name: 'PermissionRequest', tool_name: 'Bash' }, { observedAt: '2026-01-01T10:07:00Z' })], again);
    expect(fold([at('SessionIdled', { at: '2026-01-01T10:20:00Z' })], waiting).summary).toMatchObject({ status: 'waiting', waitingFor: 'permission: Bash' });
  });
});

describe('a permission wait (hooks that finish out of order)', () => {
  const hook = (name: string, payload: Record<string, unknown>, observedAt: string) => at(name, { hook_event_name: name, ...payload }, { observedAt });
  const write = { tool_name: 'Write', tool_input: { file_path: '/w/out.txt', content: 'x' } };
  const read = { tool_name: 'Read', tool_input: { file_path: '/w/a.ts' } };

  it('is not ended by a late hook of the tool before it, nor by the asked call\'s own PreToolUse', () => {
    revision = 0;
    const waiting = fold([
      hook('PreToolUse', read, '2026-01-01T10:00:00.000Z'),
      hook('PermissionRequest', write, '2026-01-01T10:00:00.050Z'),
      hook('PostToolBatch', { tool_calls: [{ ...read, tool_use_id: 't1' }] }, '2026-01-01T10:00:00.060Z'),
      hook('PostToolUse', read, '2026-01-01T10:00:00.070Z'),
      hook('PreToolUse', write, '2026-01-01T10:00:00.080Z'),
    ]);
    expect(waiting.summary).toMatchObject({ status: 'waiting', waitingFor: 'permission: Write' });
    // A notification that names no tool keeps the request's words.
    const notified = fold([hook('Notification', { notification_type: 'permission_prompt', message: 'Claude needs your permission' }, '2026-01-01T10:00:06Z')], waiting);
    expect(notified.summary.waitingFor).toBe('permission: Write');
  });

  it('ends when the asked call runs, is refused, or the turn moves on', () => {
    revision = 100;
    const waiting = fold([hook('PermissionRequest', write, '2026-01-01T10:00:00Z')]);
    expect(fold([hook('PostToolUse', write, '2026-01-01T10:00:01Z')], waiting).summary.status).toBe('running');
    expect(fold([hook('PostToolBatch', { tool_calls: [{ ...write, tool_response: 'nope' }] }, '2026-01-01T10:00:01Z')], waiting).summary.status).toBe('running');
    expect(fold([hook('PreToolUse', read, '2026-01-01T10:00:01Z')], waiting).summary.status).toBe('running');
    expect(fold([hook('Stop', {}, '2026-01-01T10:00:01Z')], waiting).summary.status).toBe('idle');
    expect(fold([hook('UserPromptSubmit', { prompt: 'no, do this' }, '2026-01-01T10:00:01Z')], waiting).summary.status).toBe('running');
  });
});

describe('history or live, before any hook', () => {
  const stored = (created: string): RecordedEvent => ({
    ...line({ type: 'user', uuid: 'h1', timestamp: '2026-01-01T10:00:01Z', message: { role: 'user', content: 'hi' } }),
    created: new Date(created),
  });

  it('a line stored seconds after it was written (a live session: its hook follows in the same batch) does not end the session', () => {
    const state = fold([stored('2026-01-01T10:00:03Z')]);
    expect(state.summary.status).not.toBe('ended');
    const started = fold([at('SessionStart', { session_id: 's1', hook_event_name: 'SessionStart', source: 'startup' }, { observedAt: '2026-01-01T10:00:02Z' })], state);
    expect(started.summary.status).toBe('running');
  });

  it('a line stored long after it was written (an import) ends the session at its last activity', () => {
    expect(fold([stored('2026-01-02T09:00:00Z')]).summary).toMatchObject({ status: 'ended', statusSince: '2026-01-01T10:00:01.000Z' });
  });
});
