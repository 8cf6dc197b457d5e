/**
 * "Importing history never makes anything more visible than the default, not even for a moment" (issue #11).
 *
 * Real transcripts (the shared corpus: a 2.x session with its subagents folder, a 1.0.x JSON-array transcript
 * resuming under a second id, hook payload logs) are imported through `kap import`'s path into a Kap whose
 * rules file says `default: workspace` but `private` for every repository the rules match. An import carries
 * no git context, so the repository stays unknown, and the policy's answer for an unknown repository is the
 * narrowest any rule could give (access/visibilityPolicy.ts).
 *
 * Every prefix of each imported stream is folded (the summary fold is a left fold, so folding event by
 * event yields the summary of each prefix in turn) and the gate asked at each: a stranger and every
 * channel — with a channel membership that puts everybody everywhere, so only visibility can refuse —
 * must be refused at every step. And the import wrote no `SessionVisibilityChanged`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import { initialSessionState, sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { SessionFoldState } from '../projections/sessionSummary.js';
import { sessionStream } from '../stores/eventStore.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { importCorpus } from '../test/support/importCorpus.js';
import { startKapForTest } from '../test/support/kapHarness.js';
import type { KapUnderTest } from '../test/support/kapHarness.js';
import type { IdentityLinks } from './identityLinks.js';
import { createOwnerDirectory } from './ownerDirectory.js';
import { createSessionGate } from './sessionGate.js';
import type { SessionGate } from './sessionGate.js';
import { parseVisibilityRules } from './visibilityPolicy.js';

const RULES = `default: workspace
repos:
  - match: '*'
    visibility: private
`;
const LONG = 'fa812bfe-b295-4cca-9c2f-fdf01028cb46';
const CORPUS = [`spotter/${LONG}.jsonl`, `spotter/${LONG}`, 'spotter/short.jsonl', 'task-patterns/chat.json', 'task-patterns/session_start.json', 'task-patterns/user_prompt_submit.json'];
const STRANGER = 'USTRANGER1';
const CHANNELS = ['CSHARED001', 'COTHER0001'];

const noLinks: IdentityLinks = {
  request: async () => {
    throw new Error('no links here');
  },
  redeem: async () => ({ ok: false, code: 'UNKNOWN_CODE', message: 'no links here' }),
  links: async () => new Map(),
};

describe('importing history', () => {
  let kap: KapUnderTest;
  let sessions: string[];
  const states = new Map<string, SessionFoldState>();
  let gate: SessionGate;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-rules-'));
    writeFileSync(join(dir, 'visibility.yaml'), RULES);
    kap = await startKapForTest(undefined, { KAP_VISIBILITY_RULES: join(dir, 'visibility.yaml'), KAP_DEFAULT_VISIBILITY: 'workspace' });
    sessions = (await importCorpus(kap, CORPUS)).sessions;
    gate = createSessionGate({
      readModel: { get: async (id) => states.get(id) },
      policy: parseVisibilityRules(RULES, 'workspace'),
      owners: createOwnerDirectory({ links: noLinks, slackUserOfEmail: async () => null }),
      membership: { isMember: async () => true },
    });
  }, 120_000);
  afterAll(() => kap?.close());

  const streamOf = async (id: string) => {
    const events: RecordedEvent[] = [];
    for await (const e of kap.store.readStream(sessionStream(id))) events.push(e);
    return events;
  };

  it('imports several real sessions (the corpus is there)', () => {
    expect(sessions).toContain(LONG);
    expect(sessions.length).toBeGreaterThan(3);
  });

  it('keeps every imported session from a stranger and from every channel at every prefix of its stream', async () => {
    let prefixes = 0;
    for (const id of sessions) {
      let state = initialSessionState(id);
      for (const event of await streamOf(id)) {
        state = sessionSummaryProjection.fold(state, [event]);
        states.set(id, state);
        prefixes += 1;
        const at = `${id} after ${event.type} at revision ${event.revision}`;
        const stranger = await gate.read(id, { kind: 'person', userId: STRANGER });
        expect(stranger.kind, at).toBe('refused');
        for (const channel of [...CHANNELS, ...(state.summary.sharedWith?.channels ?? [])]) {
          expect((await gate.read(id, { kind: 'channel', channel })).kind, `${at}, channel ${channel}`).toBe('refused');
        }
        if (stranger.kind === 'refused') expect(stranger.access, at).toMatchObject({ visibility: 'private', visibilitySet: false });
      }
      // Why: an import carries no git context, so the repository stays unknown.
      expect(state.summary.repo, id).toBeNull();
    }
    expect(prefixes).toBeGreaterThan(1000);
  });

  it('writes no SessionVisibilityChanged', async () => {
    const types = new Set<string>();
    for await (const e of kap.store.readAll()) types.add(e.type);
    expect([...types]).toEqual(expect.arrayContaining(['TranscriptLine', 'SessionStart', 'UserPromptSubmit']));
    expect(types.has(SESSION_VISIBILITY_CHANGED)).toBe(false);
  });

  it('and the running Kap, under the same rules file, calls them private by default', async () => {
    for (const id of sessions) {
      const { status, body } = await kap.get<{ visibility: string; visibilitySet: boolean }>(`/v1/sessions/${encodeURIComponent(id)}`);
      expect({ id, status, visibility: body.visibility, visibilitySet: body.visibilitySet }).toEqual({ id, status: 200, visibility: 'private', visibilitySet: false });
    }
    const listed = await kap.get<{ sessions: { sessionId: string; visibility: string }[] }>('/v1/sessions?limit=1000');
    expect(new Set(listed.body.sessions.filter((s) => sessions.includes(s.sessionId)).map((s) => s.visibility))).toEqual(new Set(['private']));
    expect((await kap.access.gate.read(LONG, { kind: 'person', userId: STRANGER })).kind).toBe('refused');
  });
});
