/**
 * The drain against a scripted ingest (node:http on loopback): what the ingest refuses is set aside at once,
 * what it keeps failing on is retried a bounded number of times across drains and then set aside, and an
 * unreachable ingest costs nothing (spooled, shipped by a later drain of any session). Ids from payloads
 * that are Object.prototype's names ship like any other.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { addToInbox, collectorPaths } from './collectorState.js';
import type { CollectorPaths } from './collectorState.js';
import type { DrainOptions, DrainReport } from './drainInbox.js';
import { drainInbox, emptyReport } from './drainInbox.js';
import { MAX_ATTEMPTS, retryDelayMs, spoolCount } from './spool.js';

interface Received {
  sessionId: string;
  hooks: Record<string, unknown>[];
  lines: string[];
}

/** A stand-in ingest: `answer` decides each POST; every POST's batch is recorded. */
async function scriptedIngest(answer: (batch: Received, res: ServerResponse) => void, healthy = () => true) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/healthz') {
        res.writeHead(healthy() ? 200 : 503).end('{}');
        return;
      }
      const [header, ...rest] = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
      const batch: Received = { sessionId: (JSON.parse(header!) as { sessionId: string }).sessionId, hooks: [], lines: [] };
      for (let i = 0; i < rest.length; i++) {
        const item = JSON.parse(rest[i]!) as { kind: string; payload?: Record<string, unknown> };
        if (item.kind === 'line') batch.lines.push(rest[++i]!);
        else batch.hooks.push(item.payload!);
      }
      received.push(batch);
      answer(batch, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"appended":1,"skipped":0}');
const hook = (sessionId: string, name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ session_id: sessionId, hook_event_name: name, ...extra });

let clock = Date.now();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function setup(url: string): { paths: CollectorPaths; options: DrainOptions; drain: () => Promise<DrainReport>; queue: (text: string) => void } {
  const paths = collectorPaths(mkdtempSync(join(tmpdir(), 'kap-drainfail-')));
  const options: DrainOptions = {
    paths,
    target: { url, token: 't', timeoutMs: 2_000 },
    now: () => new Date(clock),
    logger: pino({ level: 'silent' }),
    readContext: async () => ({}),
  };
  let n = 0;
  return {
    paths,
    options,
    queue: (text) => addToInbox(paths, new Date(Date.now() - 10_000 + n++), String(n), text),
    drain: async () => {
      const report = emptyReport();
      await drainInbox(options, report);
      return report;
    },
  };
}

const reasons = (paths: CollectorPaths) =>
  readdirSync(paths.rejected)
    .filter((n) => n.endsWith('.reason.txt'))
    .map((n) => readFileSync(join(paths.rejected, n), 'utf8'));

describe('drain against a failing ingest', () => {
  it('sets a batch the ingest refuses (4xx) aside at once, with its answer, and ships the next', async () => {
    const ingest = await scriptedIngest((batch, res) =>
      batch.sessionId === 'refused-1'
        ? res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"INVALID_HOOK_PAYLOAD","message":"no"}}')
        : ok(res),
    );
    closers.push(ingest.close);
    const { paths, queue, drain } = setup(ingest.url);
    queue(hook('refused-1', 'SessionStart'));
    queue(hook('fine-2', 'SessionStart'));
    const report = await drain();
    expect(report).toMatchObject({ shipped: 1, setAside: 1, spooled: 0 });
    expect(reasons(paths).join()).toContain('INVALID_HOOK_PAYLOAD');
    expect(spoolCount(paths)).toBe(0);
    expect(readdirSync(paths.inbox)).toEqual([]);
  });

  it('retries a batch the ingest keeps failing (5xx) across drains, then sets it aside; later batches wait behind it, other sessions ship', async () => {
    const ingest = await scriptedIngest((batch, res) =>
      batch.hooks.some((h) => h.hook_event_name === 'PreToolUse') ? res.writeHead(500).end('{"error":{"code":"INTERNAL"}}') : ok(res),
    );
    closers.push(ingest.close);
    const { paths, queue, drain } = setup(ingest.url);
    queue(hook('poison-1', 'PreToolUse'));
    expect(await drain()).toMatchObject({ failedAttempts: 1, spooled: 1, setAside: 0 });

    // Its session's next payload waits behind it; another session ships.
    queue(hook('poison-1', 'Stop'));
    queue(hook('other-2', 'SessionStart'));
    expect(await drain()).toMatchObject({ shipped: 1, spooled: 1, failedAttempts: 0 });
    expect(ingest.received.filter((b) => b.sessionId === 'poison-1')).toHaveLength(1); // back-off: not tried again yet

    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      clock += retryDelayMs(attempt - 1);
      expect(await drain()).toMatchObject({ failedAttempts: 1 });
    }
    // Set aside after MAX_ATTEMPTS, and the Stop behind it shipped in the same drain.
    expect(reasons(paths).join()).toMatch(new RegExp(`failed on this batch ${MAX_ATTEMPTS} times; last: ingest answered 500`));
    expect(spoolCount(paths)).toBe(0);
    expect(ingest.received.filter((b) => b.sessionId === 'poison-1').map((b) => b.hooks[0]!.hook_event_name)).toEqual([
      ...Array<string>(MAX_ATTEMPTS).fill('PreToolUse'),
      'Stop',
    ]);
  });

  it('spools everything while the ingest is unreachable, counts no attempt, and ships it on the next SessionStart of another session', async () => {
    const { paths, options, queue, drain } = setup('http://127.0.0.1:1');
    queue(hook('early-1', 'UserPromptSubmit', { prompt: 'hi' }));
    queue(hook('early-1', 'Stop'));
    const down = await drain();
    expect(down).toMatchObject({ shipped: 0, spooled: 1, setAside: 0, failedAttempts: 0 });
    expect(down.unreachable).toMatch(/unreachable/);
    expect(readdirSync(paths.inbox)).toEqual([]);

    const ingest = await scriptedIngest((_batch, res) => ok(res));
    closers.push(ingest.close);
    options.target = { ...options.target, url: ingest.url };
    queue(hook('later-2', 'SessionStart', { source: 'startup' }));
    expect(await drain()).toMatchObject({ spoolShipped: 1, shipped: 1 });
    expect(ingest.received.map((b) => b.sessionId)).toEqual(['early-1', 'later-2']);
    expect(spoolCount(paths)).toBe(0);
  });

  it('counts a 5xx as the ingest being down, not the batch, when /healthz does not answer either', async () => {
    let healthy = false;
    const ingest = await scriptedIngest((_batch, res) => (healthy ? ok(res) : res.writeHead(500).end()), () => healthy);
    closers.push(ingest.close);
    const { paths, queue, drain } = setup(ingest.url);
    queue(hook('s-1', 'SessionStart'));
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) expect(await drain()).toMatchObject({ failedAttempts: 0, setAside: 0 });
    expect(spoolCount(paths)).toBe(1);
    healthy = true;
    expect(await drain()).toMatchObject({ spoolShipped: 1 });
  });

  it('takes a connection the ingest breaks mid-request as a failed attempt when /healthz answers', async () => {
    const ingest = await scriptedIngest((_batch, res) => res.socket?.destroy());
    closers.push(ingest.close);
    const { paths, queue, drain } = setup(ingest.url);
    queue(hook('s-1', 'SessionStart'));
    expect(await drain()).toMatchObject({ failedAttempts: 1, spooled: 1 });
    expect(spoolCount(paths)).toBe(1);
  });

  it('ships sessions and payloads whose ids and keys are names of Object.prototype', async () => {
    const ingest = await scriptedIngest((_batch, res) => ok(res));
    closers.push(ingest.close);
    const { paths, queue, drain } = setup(ingest.url);
    const dir = mkdtempSync(join(tmpdir(), 'kap-proto-'));
    const transcript = join(dir, 'constructor.jsonl');
    writeFileSync(transcript, '{"type":"user","__proto__":{"polluted":true},"constructor":"x"}\n');
    queue(`{"session_id":"constructor","hook_event_name":"SessionStart","transcript_path":${JSON.stringify(transcript)},"__proto__":{"x":1}}`);
    queue(hook('hasOwnProperty', 'toString'));
    queue(hook('valueOf', 'PreToolUse', { tool_name: '__proto__' }));
    expect(await drain()).toMatchObject({ shipped: 3, setAside: 0 });
    expect(ingest.received.map((b) => b.sessionId)).toEqual(['constructor', 'hasOwnProperty', 'valueOf']);
    expect(Object.hasOwn(ingest.received[0]!.hooks[0]!, '__proto__')).toBe(true);
    expect(ingest.received[0]!.lines).toHaveLength(1);
    expect(readdirSync(paths.offsets)).toContain('constructor.log');
    // The next drain ships no line twice: the offset under the key `constructor` was kept.
    queue(hook('constructor', 'Stop'));
    await drain();
    expect(ingest.received.at(-1)!.lines).toEqual([]);
  });
});
