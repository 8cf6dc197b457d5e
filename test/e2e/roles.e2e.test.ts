/**
 * Kap as the team topology runs it: ingest, projections and workers as three `kap serve --role` processes
 * sharing Redis (read models, jobs) and one event store. A hook posted to the ingest is folded by the
 * projections process into Redis and read back through the ingest; the workers' idle timer later appends
 * `SessionIdled`, which the projections process folds; a bot process's live status stream (`/events/sessions`) hears
 * both commits over Redis pub/sub. Each process answers /healthz and exits 0 on SIGTERM.
 * (KurrentDB cannot run here, so the processes share the embedded store's file; the KurrentDB adapter passes
 * the same EventStore contract whenever KURRENTDB_URL is set.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startKapProcess } from '../support/kapProcess.js';
import type { KapProcess } from '../support/kapProcess.js';

/** The text of a server-sent events response as it arrives; `until` resolves it once `done` holds (rejects after 20 s). */
function readEvents(response: Response) {
  const reader = response.body!.getReader();
  let text = '';
  return {
    async until(done: (text: string) => boolean): Promise<string> {
      const deadline = Date.now() + 20_000;
      while (!done(text)) {
        if (Date.now() > deadline) throw new Error(`events so far:\n${text}`);
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended:\n${text}`);
        text += new TextDecoder().decode(chunk.value);
      }
      await reader.cancel();
      return text;
    },
  };
}

describe('roles as processes', () => {
  const db = 1 + Math.floor(Math.random() * 15);
  const redisUrl = `${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}/${db}`;
  const started: KapProcess[] = [];
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) await p.crash();
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    await redis.quit();
  });

  it('ingest → projections (Redis) → workers (idle timer) → projections, each its own process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-roles-'));
    const env = { REDIS_URL: redisUrl, KAP_LINK_SECRET: 'a-shared-link-secret-for-every-role-0123', KAP_IDLE_AFTER_S: '0.5' };
    const ingest = await startKapProcess(dataDir, { ...env, KAP_ROLE: 'ingest' });
    started.push(ingest);
    const projections = await startKapProcess(dataDir, { ...env, KAP_ROLE: 'projections' });
    started.push(projections);
    const workers = await startKapProcess(dataDir, { ...env, KAP_ROLE: 'workers' });
    started.push(workers);
    const bot = await startKapProcess(dataDir, { ...env, KAP_ROLE: 'bot' });
    started.push(bot);
    for (const p of [ingest, projections, workers, bot]) expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
    // The web's live status, in the bot process, hears the projections process's commits (Redis pub/sub).
    const live = await fetch(`${bot.url}/events/sessions`);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const liveEvents = readEvents(live);
    // The ingest is the only one with the ingest's routes.
    expect((await fetch(`${workers.url}/v1/sessions`, { headers: { authorization: `Bearer ${ingest.token}` } })).status).toBe(404);

    const sessionId = randomUUID();
    const posted = await fetch(`${ingest.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sessionId,
        context: { repo: 'acme/app', branch: 'main' },
        items: [{ kind: 'hook', observedAt: new Date().toISOString(), payload: { session_id: sessionId, transcript_path: '/t.jsonl', cwd: '/w', hook_event_name: 'UserPromptSubmit', prompt: 'go' } }],
      }),
    });
    expect(posted.status).toBe(200);

    const statuses: string[] = [];
    const deadline = Date.now() + 20_000;
    while (!statuses.includes('idle')) {
      if (Date.now() > deadline) throw new Error(`statuses seen: ${statuses.join(', ')}`);
      const r = await fetch(`${ingest.url}/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${ingest.token}` } });
      if (r.status === 200) {
        const s = (await r.json()) as { status: string; repo: string };
        expect(s.repo).toBe('acme/app');
        if (statuses.at(-1) !== s.status) statuses.push(s.status);
      }
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(statuses).toEqual(['running', 'idle']);
    const heard = await liveEvents.until((text) => text.includes(sessionId) && text.includes('"idle"'));
    expect(heard).toMatch(new RegExp(`event: session\ndata: \\{[^\n]*"sessionId":"${sessionId}"[^\n]*"status":"running"`));

    for (const p of [ingest, projections, workers, bot]) expect(await p.stop()).toBe(0);
  });
});
