/**
 * Does the ingest answer, does it take this machine's token, and is its store whole? `GET /healthz` (no auth;
 * `{ ok: false, status: 'degraded', problems }` when the event store and the read models disagree,
 * ingest/healthRoute.ts) and `GET /v1/sessions?limit=1` with the bearer token.
 */
import type { Check } from './check.js';

export interface ServerTarget {
  url: string;
  /** The token the collector would send, or undefined when there is none. */
  token: string | undefined;
  /** Where the token came from, for messages: `KAP_TOKEN` or the token file's path. */
  tokenSource: string;
  fetch?: typeof fetch;
}

interface Health {
  ok?: boolean;
  problems?: Array<{ code?: string; message?: string }>;
}

/** `server`, `store` and `token` checks. Never throws: an unreachable server is a failed check. */
export async function serverChecks(target: ServerTarget): Promise<Check[]> {
  const get = target.fetch ?? fetch;
  let health: Health;
  try {
    const response = await get(`${target.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    health = (await response.json()) as Health;
  } catch (error) {
    return [
      { name: 'server', level: 'fail', detail: `Kap does not answer at ${target.url} (${(error as Error).message}); hooks keep events in the inbox and spool until it does`, fix: 'kap serve (or set KAP_URL to where it runs)' },
      tokenPresence(target),
    ];
  }
  const checks: Check[] = [{ name: 'server', level: 'ok', detail: `Kap answers at ${target.url}` }];
  checks.push(
    health.ok === false
      ? { name: 'store', level: 'fail', detail: (health.problems ?? []).map((p) => `${p.code ?? '?'}: ${p.message ?? ''}`).join('; ') || 'degraded', fix: 'see README "Operations": restore the event store, or kap projections rebuild' }
      : { name: 'store', level: 'ok', detail: 'event store and read models agree' },
  );
  const presence = tokenPresence(target);
  if (presence.level !== 'ok' || target.token === undefined) return [...checks, presence];
  try {
    const response = await get(`${target.url}/v1/sessions?limit=1`, { headers: { authorization: `Bearer ${target.token}` }, signal: AbortSignal.timeout(5000) });
    checks.push(
      response.status === 401
        ? { name: 'token', level: 'fail', detail: `Kap refuses the token from ${target.tokenSource}`, fix: "set KAP_TOKEN to the server's token (its data dir's `token` file)" }
        : { name: 'token', level: response.ok ? 'ok' : 'warn', detail: response.ok ? `accepted (from ${target.tokenSource})` : `GET /v1/sessions answered ${response.status}` },
    );
  } catch (error) {
    checks.push({ name: 'token', level: 'warn', detail: `could not check the token (${(error as Error).message})` });
  }
  return checks;
}

function tokenPresence(target: ServerTarget): Check {
  return target.token === undefined
    ? { name: 'token', level: 'fail', detail: `no token (${target.tokenSource} does not exist)`, fix: 'run kap serve once on this machine, or set KAP_TOKEN' }
    : { name: 'token', level: 'ok', detail: `from ${target.tokenSource}` };
}
