/**
 * Test support for usage: a few sessions folded from events the way the projection folds them, and a gate
 * over them (owners by git email, channel members), shared by the usage, renderer and digest tests.
 */
import { createOwnerDirectory } from '../../access/ownerDirectory.js';
import type { IdentityLinks } from '../../access/identityLinks.js';
import { createSessionGate } from '../../access/sessionGate.js';
import type { SessionGate } from '../../access/sessionGate.js';
import { createVisibilityPolicy } from '../../access/visibilityPolicy.js';
import { SESSION_VISIBILITY_CHANGED } from '../../events/kapEventTypes.js';
import { initialSessionState, sessionSummaryProjection } from '../../projections/sessionSummary.js';
import type { SessionFoldState, SessionSummary } from '../../projections/sessionSummary.js';
import type { JsonObject, RecordedEvent } from '../../stores/eventStore.js';

export const DANA = 'UDANA00001';
export const LEE = 'ULEE000001';
export const OUTSIDER = 'UOUT000001';
export const TEAM = 'CTEAM00001';
export const OTHER = 'COTHER0001';
const EMAILS: Record<string, string> = { 'dana@acme.dev': DANA, 'lee@acme.dev': LEE };
const MEMBERS: Record<string, string[]> = { [TEAM]: [DANA, LEE], [OTHER]: [DANA, OUTSIDER] };

let n = 0;
function event(sessionId: string, type: string, data: JsonObject, metadata: JsonObject = {}): RecordedEvent {
  n += 1;
  return { id: `e${n}`, type, streamName: `session-${sessionId}`, revision: BigInt(n), position: { commit: BigInt(n), prepare: BigInt(n) }, data, metadata, created: new Date('2026-11-20T09:00:00Z') };
}

export interface SessionSpec {
  id: string;
  email: string;
  repo: string;
  /** ISO time of the session's activity (its prompt and answers). */
  at: string;
  /** model → [input, output, cacheRead, cacheWrite] of one assistant message. */
  usage: Record<string, [number, number, number, number]>;
  prompts?: number;
  /** `SessionVisibilityChanged` payloads, in order. */
  visibility?: JsonObject[];
}

/** The session's summary, folded from a hook, its prompts, one assistant message per model and its visibility events. */
export function foldSession(spec: SessionSpec): SessionFoldState {
  const meta = { source: 'hook', gitUser: `Someone <${spec.email}>`, repo: spec.repo, host: 'h', osUser: 'u', observedAt: spec.at };
  const events: RecordedEvent[] = [event(spec.id, 'UserPromptSubmit', { session_id: spec.id, hook_event_name: 'UserPromptSubmit', prompt: 'go' }, meta)];
  for (let i = 0; i < (spec.prompts ?? 1); i++) {
    events.push(event(spec.id, 'TranscriptLine', { type: 'user', uuid: `${spec.id}-u${i}`, timestamp: spec.at, message: { role: 'user', content: `prompt ${i}` } }, { source: 'transcript', file: 'main' }));
  }
  for (const [model, [input, output, cacheRead, cacheWrite]] of Object.entries(spec.usage)) {
    const usage = { input_tokens: input, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheWrite };
    events.push(event(spec.id, 'TranscriptLine', { type: 'assistant', timestamp: spec.at, message: { id: `${spec.id}-${model}`, model, content: [], usage } }, { source: 'transcript', file: 'main' }));
  }
  for (const v of spec.visibility ?? []) events.push(event(spec.id, SESSION_VISIBILITY_CHANGED, v));
  return sessionSummaryProjection.fold(initialSessionState(spec.id), events);
}

const noLinks: IdentityLinks = { request: async () => ({ code: '', expiresAt: new Date() }), redeem: async () => ({ ok: true, slackUserId: '' }), links: async () => new Map() };

/** A gate over `states` (default visibility `channel`): owners by email, TEAM = Dana and Lee, OTHER = Dana and an outsider. */
export function gateOver(states: ReadonlyMap<string, SessionFoldState>): SessionGate {
  return createSessionGate({
    readModel: { get: async (id) => states.get(id) },
    policy: createVisibilityPolicy('channel'),
    owners: createOwnerDirectory({ links: noLinks, slackUserOfEmail: async (email) => EMAILS[email] ?? null }),
    membership: { isMember: async (channel, userId) => MEMBERS[channel]?.includes(userId) ?? false },
  });
}

/**
 * The team's week (now: Wednesday 2026-12-02 12:00 UTC):
 *   a  Dana, acme/app, Opus 4.8, shared in TEAM, Tuesday           → counts for Lee in TEAM
 *   b  Lee, acme/web, an unknown model + Sonnet 4.5, shared in TEAM, today
 *   c  Dana, acme/app, private, today                               → Lee may not read it
 *   d  Dana, acme/app, shared in OTHER only, today                  → TEAM may not read it
 *   e  Lee, acme/web, shared in TEAM, two weeks ago                 → outside the week
 */
export function teamWeek(): { states: Map<string, SessionFoldState>; summaries: SessionSummary[]; gate: SessionGate; now: Date } {
  const specs: SessionSpec[] = [
    { id: 'a', email: 'dana@acme.dev', repo: 'acme/app', at: '2026-12-01T10:00:00Z', usage: { 'claude-opus-4-8': [1_000_000, 100_000, 8_000_000, 1_000_000] }, prompts: 3, visibility: [{ channel: TEAM, by: DANA }] },
    { id: 'b', email: 'lee@acme.dev', repo: 'acme/web', at: '2026-12-02T08:00:00Z', usage: { 'claude-mystery-9': [500, 50, 0, 0], 'claude-sonnet-4-5-20250929': [1_000_000, 0, 0, 0] }, prompts: 2, visibility: [{ channel: TEAM, by: LEE }] },
    { id: 'c', email: 'dana@acme.dev', repo: 'acme/app', at: '2026-12-02T09:00:00Z', usage: { 'claude-opus-4-8': [9_000_000, 0, 0, 0] }, visibility: [{ visibility: 'private', by: DANA }] },
    { id: 'd', email: 'dana@acme.dev', repo: 'acme/app', at: '2026-12-02T09:30:00Z', usage: { 'claude-opus-4-8': [7_000_000, 0, 0, 0] }, visibility: [{ channel: OTHER, by: DANA }] },
    { id: 'e', email: 'lee@acme.dev', repo: 'acme/web', at: '2026-11-18T09:00:00Z', usage: { 'claude-opus-4-8': [5_000_000, 0, 0, 0] }, visibility: [{ channel: TEAM, by: LEE }] },
  ];
  const states = new Map(specs.map((s) => [s.id, foldSession(s)] as const));
  return { states, summaries: [...states.values()].map((s) => s.summary), gate: gateOver(states), now: new Date('2026-12-02T12:00:00Z') };
}
