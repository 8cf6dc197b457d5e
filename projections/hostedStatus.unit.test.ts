import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../stores/eventStore.js';
import { HOSTED_SESSION_STARTED } from '../events/kapEventTypes.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import { statusAfterHook } from './hookStatus.js';

let revision = 0;
const event = (type: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): RecordedEvent => {
  const r = BigInt(revision++);
  return { id: `e${r}`, type, streamName: 'session-h1', revision: r, position: { commit: r, prepare: r }, data, metadata, created: new Date('2026-01-01T10:00:00Z') };
};
const hook = (name: string, observedAt: string, data: Record<string, unknown> = {}) =>
  event(name, { session_id: 'h1', hook_event_name: name, cwd: '/agents/web/T1', ...data }, { observedAt, branch: 'main' });
const started = (continued = false) =>
  event(HOSTED_SESSION_STARTED, { threadKey: 'C1:1.1', channel: 'C1', threadTs: '1.1', repo: 'web', branch: 'main', cwd: '/agents/web/T1', by: 'U1', continued, at: '2026-01-01T10:00:00Z' }, { source: 'slack' });
/** One `claude -p` turn's hooks: SessionStart, the prompt, Stop, SessionEnd (reason `other`). */
const turn = (minute: number) => [
  hook('SessionStart', `2026-01-01T10:0${minute}:00Z`, { source: minute === 0 ? 'startup' : 'resume' }),
  hook('UserPromptSubmit', `2026-01-01T10:0${minute}:01Z`, { prompt: `turn ${minute}` }),
  hook('Stop', `2026-01-01T10:0${minute}:05Z`),
  hook('SessionEnd', `2026-01-01T10:0${minute}:06Z`, { reason: 'other' }),
];

describe('a hosted session between turns', () => {
  it('is idle after each turn’s SessionEnd (the `claude -p` process exiting), running during the next', () => {
    revision = 0;
    const events = [started(), ...turn(0)];
    const afterFirst = foldSessionEvents(initialSessionState('h1'), events);
    expect(afterFirst.summary.status).toBe('idle');
    const second = turn(1);
    const during = foldSessionEvents(afterFirst, second.slice(0, 2));
    expect(during.summary.status).toBe('running');
    const afterSecond = foldSessionEvents(during, second.slice(2));
    expect(afterSecond.summary.status).toBe('idle');
    // Delivered twice, folded once.
    expect(foldSessionEvents(afterSecond, [...events, ...second]).summary).toEqual(afterSecond.summary);
  });

  it('a continued session is hosted too', () => {
    revision = 0;
    const state = foldSessionEvents(initialSessionState('h1'), [...turn(0), started(true), ...turn(1)]);
    expect(state.summary.hosted).toBe(true);
    expect(state.summary.status).toBe('idle');
  });

  it('a session on a developer’s machine still ends with SessionEnd', () => {
    revision = 0;
    expect(foldSessionEvents(initialSessionState('h1'), turn(0)).summary.status).toBe('ended');
  });

  it('a hosted session ends when the SessionEnd says the session is over, not a turn', () => {
    expect(statusAfterHook('SessionEnd', { reason: 'other' }, 'idle', null, { hosted: true })?.status).toBe('idle');
    expect(statusAfterHook('SessionEnd', { reason: 'clear' }, 'idle', null, { hosted: true })?.status).toBe('ended');
    expect(statusAfterHook('SessionEnd', { reason: 'other' }, 'idle')?.status).toBe('ended');
  });
});

describe('a hosted session’s repository', () => {
  it('is the configured repository when the collector named none', () => {
    revision = 0;
    const state = foldSessionEvents(initialSessionState('h1'), [started(), ...turn(0)]);
    expect(state.summary.repo).toBe('web');
  });

  it('is the collector’s when it names one from the git remote', () => {
    const withRemote = () => event('SessionStart', { session_id: 'h1', hook_event_name: 'SessionStart' }, { observedAt: '2026-01-01T10:00:00Z', repo: 'acme/web' });
    revision = 0;
    expect(foldSessionEvents(initialSessionState('h1'), [withRemote(), started()]).summary.repo).toBe('acme/web');
    revision = 0;
    expect(foldSessionEvents(initialSessionState('h1'), [started(), withRemote()]).summary.repo).toBe('acme/web');
  });
});
