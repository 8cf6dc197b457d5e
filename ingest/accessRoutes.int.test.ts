/**
 * The ingest's access routes and the access facts of `GET /v1/sessions[/:id]` (issue #11), over HTTP
 * (Fastify inject) on a real embedded store, with the access model `kap serve` builds (cli/openAccess.ts)
 * and the Slack stand-in for `users.lookupByEmail`. Every refusal stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Access } from '../access/access.js';
import { LINK_CODE_TTL_MS } from '../access/identityLinks.js';
import { createVisibilityPolicy } from '../access/visibilityPolicy.js';
import { createWebClientSlackApi } from '../bot/webClientSlackApi.js';
import { openAccess } from '../cli/openAccess.js';
import { IDENTITIES_STREAM, SESSION_VISIBILITY_CHANGED } from '../events/kapEventTypes.js';
import { rebuildProjection } from '../projections/rebuildProjection.js';
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import type { EventStore, RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { createSqliteEventStore } from '../stores/sqliteEventStore.js';
import { createSqliteReadModel } from '../stores/sqliteReadModel.js';
import { startSlackStandIn } from '../test/support/slackApiStandIn.js';
import type { SlackStandIn } from '../test/support/slackApiStandIn.js';
import { buildIngestApp } from './buildIngestApp.js';

const TOKEN = 'test-token-0123456789abcdef';
const BOT_TOKEN = 'xoxb-access-routes';
const auth = { authorization: `Bearer ${TOKEN}` };
const DANA = 'U0DANA0001';
const LEE = 'U0LEE00001';
const FRIEND = 'U0FRIEND01';
const SESSION = 'a11ce000-0000-4000-8000-000000000001';
const SECRET_SESSION = 'a11ce000-0000-4000-8000-000000000002';
const LISTED = 'a11ce000-0000-4000-8000-000000000003';
const HOME = 'a11ce000-0000-4000-8000-000000000004';
const NOW = Date.parse('2026-12-01T10:00:00Z');

interface World {
  store: EventStore;
  readModel: SessionReadModel;
  access: Access;
  app: FastifyInstance;
  advance(ms: number): void;
  ingest(sessionId: string, context: Record<string, string>): Promise<void>;
  fold(): Promise<void>;
  stream(name: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/** A store, a read model, the access model (with Slack when `slack` is given) and the app over them. */
async function world(slack: SlackStandIn | undefined, wrap: (access: Access) => Access = (a) => a): Promise<World> {
  const store = createSqliteEventStore({ path: ':memory:' });
  const readModel = createSqliteReadModel({ path: ':memory:' });
  let now = NOW;
  const clock = () => new Date(now);
  const policy = createVisibilityPolicy('channel', [{ match: 'acme/secret-*', visibility: 'private' }]);
  const slackApi = slack ? createWebClientSlackApi({ token: BOT_TOKEN, apiUrl: slack.apiUrl }) : undefined;
  const access = wrap(openAccess(policy, store, readModel, slackApi, clock));
  const app = buildIngestApp({ store, readModel, token: TOKEN, access, now: clock });
  await app.ready();
  const stream = async (name: string) => {
    const out: RecordedEvent[] = [];
    for await (const e of store.readStream(name)) out.push(e);
    return out;
  };
  return {
    store,
    readModel,
    access,
    app,
    advance: (ms) => (now += ms),
    async ingest(sessionId, context) {
      const payload = { session_id: sessionId, hook_event_name: 'UserPromptSubmit', prompt: 'hi', cwd: '/w' };
      const response = await app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json', ...auth }, payload: { sessionId, context, items: [{ kind: 'hook', observedAt: '2026-12-01T09:00:00Z', payload }] } });
      expect(response.statusCode).toBe(200);
    },
    fold: async () => void (await rebuildProjection(store, sessionSummaryProjection, readModel)),
    stream,
    async close() {
      await app.close();
      await store.close();
      await readModel.close();
    },
  };
}

const lookups = (slack: SlackStandIn) => slack.calls.filter((c) => c.method === 'users.lookupByEmail').length;

describe('the access routes of the ingest', () => {
  let slack: SlackStandIn;
  let w: World;
  beforeAll(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN, users: { [DANA]: 'dana@acme.dev', [LEE]: 'lee@acme.dev', [FRIEND]: 'friend@acme.dev' } });
    w = await world(slack);
    await w.ingest(SESSION, { repo: 'acme/payments-api', gitUser: 'Dana Reyes <dana@acme.dev>', osUser: 'dana', host: 'dana-mbp' });
    await w.ingest(SECRET_SESSION, { repo: 'acme/secret-plans', gitUser: 'Dana Reyes <dana@acme.dev>', osUser: 'dana', host: 'dana-mbp' });
    await w.ingest(LISTED, { repo: 'acme/docs', gitUser: 'Lee <lee@acme.dev>', osUser: 'lee', host: 'lee-mbp' });
    await w.fold();
  });
  afterAll(async () => {
    await w?.close();
    await slack?.close();
  });

  const get = (url: string, headers: Record<string, string> = auth) => w.app.inject({ method: 'GET', url, headers });
  const share = (id: string, body: unknown, headers: Record<string, string> = auth) =>
    w.app.inject({ method: 'POST', url: `/v1/sessions/${encodeURIComponent(id)}/visibility`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });

  describe('GET /v1/sessions', () => {
    it('gives each row its effective visibility without asking Slack for owners', async () => {
      const before = lookups(slack);
      const response = await get('/v1/sessions');
      expect(response.statusCode).toBe(200);
      const rows = new Map<string, { visibility: string; owner?: unknown }>(response.json().sessions.map((s: any) => [s.sessionId, s]));
      expect(rows.get(SESSION)).toMatchObject({ visibility: 'channel' });
      expect(rows.get(SECRET_SESSION)).toMatchObject({ visibility: 'private' });
      expect(rows.get(LISTED)).toMatchObject({ visibility: 'channel' });
      expect(rows.get(LISTED)!.owner).toBeUndefined();
      expect(lookups(slack)).toBe(before);
    });
  });

  describe('GET /v1/sessions/:id', () => {
    it('adds the owner resolved through Slack, the effective visibility and the shares', async () => {
      const response = await get(`/v1/sessions/${SESSION}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        sessionId: SESSION,
        repo: 'acme/payments-api',
        owner: { slackUserId: DANA, email: 'dana@acme.dev', osUser: 'dana', host: 'dana-mbp', name: 'Dana Reyes' },
        visibility: 'channel',
        visibilitySet: false,
        sharedWith: { channels: [], steerChannels: [], users: [] },
      });
      expect((await get(`/v1/sessions/${SECRET_SESSION}`)).json()).toMatchObject({ visibility: 'private', visibilitySet: false });
    });

    it('says 404 for an unknown session, 400 for an id that is none, 401 without the token', async () => {
      expect((await get('/v1/sessions/no-such-session')).json().error.code).toBe('SESSION_NOT_FOUND');
      expect((await get('/v1/sessions/a%20b')).json().error.code).toBe('INVALID_SESSION_ID');
      expect((await get(`/v1/sessions/${SESSION}`, {})).statusCode).toBe(401);
    });
  });

  describe('POST /v1/sessions/:id/visibility', () => {
    it('records each change as SessionVisibilityChanged by local:<by>, and the summary follows', async () => {
      const set = await share(SESSION, { visibility: 'workspace', by: 'dana' });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toEqual({ sessionId: SESSION, visibility: 'workspace' });
      const last = (await w.stream(sessionStream(SESSION))).at(-1)!;
      expect(last.type).toBe(SESSION_VISIBILITY_CHANGED);
      expect(last.data).toMatchObject({ by: 'local:dana', visibility: 'workspace', at: new Date(NOW).toISOString() });
      expect(last.metadata).toMatchObject({ source: 'cli' });
      await w.fold();
      expect((await get(`/v1/sessions/${SESSION}`)).json()).toMatchObject({ visibility: 'workspace', visibilitySet: true });

      expect((await share(SESSION, { channel: 'C0TEAM0001', by: 'dana' })).json()).toEqual({ sessionId: SESSION, visibility: 'workspace' });
      expect((await share(SESSION, { user: FRIEND, by: 'dana' })).statusCode).toBe(200);
      await w.fold();
      expect((await get(`/v1/sessions/${SESSION}`)).json().sharedWith).toEqual({ channels: ['C0TEAM0001'], steerChannels: [], users: [FRIEND] });

      expect((await share(SESSION, { hide: true, by: 'dana' })).json()).toEqual({ sessionId: SESSION, visibility: 'private' });
      await w.fold();
      expect((await get(`/v1/sessions/${SESSION}`)).json()).toMatchObject({ visibility: 'private', visibilitySet: true, sharedWith: { channels: [], steerChannels: [], users: [] } });
    });

    it('sharing a private session in a channel makes it channel', async () => {
      expect((await share(SECRET_SESSION, { channel: 'C0TEAM0001', by: 'dana' })).json()).toEqual({ sessionId: SECRET_SESSION, visibility: 'channel' });
    });

    const refusals: Array<[string, string, unknown, Record<string, string>, number, string]> = [
      ['no token', SESSION, { visibility: 'workspace', by: 'dana' }, {}, 401, 'MISSING_TOKEN'],
      ['a wrong token', SESSION, { visibility: 'workspace', by: 'dana' }, { authorization: 'Bearer nope-nope-nope' }, 401, 'WRONG_TOKEN'],
      ['an id that is none', 'a b', { visibility: 'workspace', by: 'dana' }, auth, 400, 'INVALID_SESSION_ID'],
      ['an unknown session', 'no-such-session', { visibility: 'workspace', by: 'dana' }, auth, 404, 'SESSION_NOT_FOUND'],
      ['no author', SESSION, { visibility: 'workspace' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['an empty author', SESSION, { visibility: 'workspace', by: '  ' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['an author with a colon', SESSION, { visibility: 'workspace', by: 'slack:U1' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['no change', SESSION, { by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['two changes', SESSION, { visibility: 'workspace', hide: true, by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['a visibility that is none', SESSION, { visibility: 'everyone', by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['a channel name instead of an id', SESSION, { channel: '#general', by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['a user that is no Slack id', SESSION, { user: 'dana@acme.dev', by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['hide: false', SESSION, { hide: false, by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['an unknown field', SESSION, { visiblity: 'workspace', by: 'dana' }, auth, 400, 'INVALID_VISIBILITY_CHANGE'],
      ['a body that is not an object', SESSION, ['workspace'], auth, 400, 'INVALID_VISIBILITY_CHANGE'],
    ];
    it.each(refusals)('refuses %s and stores nothing', async (_name, id, body, headers, status, code) => {
      const before = (await w.stream(sessionStream(SESSION))).length;
      const response = await share(id, body, headers);
      expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status, code });
      expect(response.json().error.message.length).toBeGreaterThan(5);
      expect((await w.stream(sessionStream(SESSION))).length).toBe(before);
    });

    it('names the field at fault', async () => {
      const response = await share(SESSION, { channel: '#general', by: 'dana' });
      expect(response.json().error.message).toMatch(/channel/);
      expect(response.json().error.message).toMatch(/Slack channel id/);
    });

    it('refuses invalid JSON with INVALID_JSON', async () => {
      const response = await w.app.inject({ method: 'POST', url: `/v1/sessions/${SESSION}/visibility`, headers: { 'content-type': 'application/json', ...auth }, payload: '{"by":' });
      expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 400, code: 'INVALID_JSON' });
    });
  });

  describe('POST /v1/identity/link', () => {
    const link = (body: unknown, headers: Record<string, string> = auth) =>
      w.app.inject({ method: 'POST', url: '/v1/identity/link', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
    const identities = async () => (await w.stream(IDENTITIES_STREAM)).length;
    const home = { email: 'Dana@Home.example', osUser: 'dana', host: 'dana-laptop' };

    it('links the machine identity to the person the code was given to; a code works once', async () => {
      const { code } = await w.access.identityLinks.request(DANA);
      const response = await link({ code, ...home });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ slackUserId: DANA });
      expect((await w.access.identityLinks.links()).get('email:dana@home.example')).toBe(DANA);
      const again = await link({ code, ...home });
      expect({ status: again.statusCode, code: again.json().error.code }).toEqual({ status: 409, code: 'USED_CODE' });
    });

    it('answers 410 to an expired code, 404 to an unknown one', async () => {
      const { code } = await w.access.identityLinks.request(LEE);
      w.advance(LINK_CODE_TTL_MS + 1000);
      const before = await identities();
      const expired = await link({ code, email: null, osUser: 'lee', host: 'lee-laptop' });
      expect({ status: expired.statusCode, code: expired.json().error.code }).toEqual({ status: 410, code: 'EXPIRED_CODE' });
      const unknown = await link({ code: 'AAAAA-AAAAA', email: null, osUser: 'lee', host: 'lee-laptop' });
      expect({ status: unknown.statusCode, code: unknown.json().error.code }).toEqual({ status: 404, code: 'UNKNOWN_CODE' });
      expect(await identities()).toBe(before);
    });

    it("answers 409 CLAIMED to an email Slack knows as someone else's, 400 NO_IDENTITY to no identity", async () => {
      const before = await identities();
      const claimed = await link({ code: (await w.access.identityLinks.request(FRIEND)).code, email: 'lee@acme.dev', osUser: null, host: null });
      expect({ status: claimed.statusCode, code: claimed.json().error.code }).toEqual({ status: 409, code: 'CLAIMED' });
      const none = await link({ code: (await w.access.identityLinks.request(FRIEND)).code, email: null, osUser: 'friend', host: null });
      expect({ status: none.statusCode, code: none.json().error.code }).toEqual({ status: 400, code: 'NO_IDENTITY' });
      expect(await identities()).toBe(before + 2); // the two requests, no link
    });

    const bad: Array<[string, unknown, Record<string, string>, number, string]> = [
      ['no token', { code: 'AAAAA-AAAAA', ...home }, {}, 401, 'MISSING_TOKEN'],
      ['a wrong token', { code: 'AAAAA-AAAAA', ...home }, { authorization: 'Bearer wrong-wrong-wrong' }, 401, 'WRONG_TOKEN'],
      ['no code', { ...home }, auth, 400, 'INVALID_LINK_REQUEST'],
      ['an empty code', { code: ' ', ...home }, auth, 400, 'INVALID_LINK_REQUEST'],
      ['an email that is none', { code: 'AAAAA-AAAAA', ...home, email: 'dana' }, auth, 400, 'INVALID_LINK_REQUEST'],
      ['a missing identity part', { code: 'AAAAA-AAAAA', email: 'dana@home.example', osUser: 'dana' }, auth, 400, 'INVALID_LINK_REQUEST'],
      ['a number for the host', { code: 'AAAAA-AAAAA', ...home, host: 7 }, auth, 400, 'INVALID_LINK_REQUEST'],
    ];
    it.each(bad)('refuses %s and stores nothing', async (_name, body, headers, status, code) => {
      const before = await identities();
      const response = await link(body, headers);
      expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status, code });
      expect(await identities()).toBe(before);
    });
  });
});

describe('a linked identity owns its sessions', () => {
  it('resolves the owner of a session whose git email Slack does not know, once linked', async () => {
    const slack = await startSlackStandIn({ botToken: BOT_TOKEN, users: { [DANA]: 'dana@acme.dev' } });
    const w = await world(slack);
    try {
      const { code } = await w.access.identityLinks.request(DANA);
      const linked = await w.app.inject({ method: 'POST', url: '/v1/identity/link', headers: { 'content-type': 'application/json', ...auth }, payload: { code, email: 'dana@home.example', osUser: 'dana', host: 'dana-laptop' } });
      expect(linked.json()).toEqual({ slackUserId: DANA });
      await w.ingest(HOME, { repo: 'acme/payments-api', gitUser: 'Dana <dana@home.example>', osUser: 'dana', host: 'dana-laptop' });
      await w.fold();
      const response = await w.app.inject({ method: 'GET', url: `/v1/sessions/${HOME}`, headers: auth });
      expect(response.json().owner).toEqual({ slackUserId: DANA, email: 'dana@home.example', osUser: 'dana', host: 'dana-laptop', name: 'Dana' });
    } finally {
      await w.close();
      await slack.close();
    }
  });
});

describe('the access routes when they cannot act', () => {
  it('says 409 NO_SLACK to a link when Kap runs without Slack, and stores nothing', async () => {
    const w = await world(undefined);
    try {
      const response = await w.app.inject({ method: 'POST', url: '/v1/identity/link', headers: { 'content-type': 'application/json', ...auth }, payload: { code: 'AAAAA-AAAAA', email: 'dana@acme.dev', osUser: 'dana', host: 'h' } });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toEqual({ code: 'NO_SLACK', message: 'this Kap runs without Slack: there is nobody to link to' });
      expect(await w.stream(IDENTITIES_STREAM)).toEqual([]);
      // Without Slack nobody resolves, and the local token holder still shares.
      await w.ingest(SESSION, { repo: 'acme/payments-api', gitUser: 'Dana Reyes <dana@acme.dev>', osUser: 'dana', host: 'dana-mbp' });
      await w.fold();
      expect((await w.app.inject({ method: 'GET', url: `/v1/sessions/${SESSION}`, headers: auth })).json().owner).toMatchObject({ slackUserId: null, email: 'dana@acme.dev' });
      const shared = await w.app.inject({ method: 'POST', url: `/v1/sessions/${SESSION}/visibility`, headers: { 'content-type': 'application/json', ...auth }, payload: { visibility: 'private', by: 'dana' } });
      expect(shared.json()).toEqual({ sessionId: SESSION, visibility: 'private' });
    } finally {
      await w.close();
    }
  });

  it('says 403 NOT_OWNER when the gate refuses the change, and stores nothing', async () => {
    const w = await world(undefined, (access) => ({ ...access, gate: { ...access.gate, mayChangeVisibility: async () => false } }));
    try {
      await w.ingest(SESSION, { repo: 'acme/payments-api', gitUser: 'Dana Reyes <dana@acme.dev>' });
      await w.fold();
      const before = (await w.stream(sessionStream(SESSION))).length;
      const response = await w.app.inject({ method: 'POST', url: `/v1/sessions/${SESSION}/visibility`, headers: { 'content-type': 'application/json', ...auth }, payload: { visibility: 'workspace', by: 'dana' } });
      expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 403, code: 'NOT_OWNER' });
      expect((await w.stream(sessionStream(SESSION))).length).toBe(before);
    } finally {
      await w.close();
    }
  });

  it('says 404 NO_ACCESS on both routes when the app was built without access', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    const readModel = createSqliteReadModel({ path: ':memory:' });
    const app = buildIngestApp({ store, readModel, token: TOKEN });
    try {
      for (const url of [`/v1/sessions/${SESSION}/visibility`, '/v1/identity/link']) {
        const response = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...auth }, payload: { by: 'dana', visibility: 'private' } });
        expect({ url, status: response.statusCode, code: response.json().error.code }).toEqual({ url, status: 404, code: 'NO_ACCESS' });
      }
    } finally {
      await app.close();
      await store.close();
      await readModel.close();
    }
  });
});
