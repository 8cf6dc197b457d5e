/**
 * Does the ingest answer, does it take this machine's token, is its store whole, did every event fold? `GET /healthz`
 * (no auth; `{ ok: false, status: 'degraded', problems }` when the event store and the read models disagree,
 * ingest/healthRoute.ts), `GET /v1/sessions?limit=1` and `GET /v1/projections/errors` with the bearer token.
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
    return checks;
  }
  checks.push(await projectionsCheck(get, target));
  return checks;
}

/** `projections`: events a fold could not take and skipped (recorded with the error; `kap projections errors` lists them). */
async function projectionsCheck(get: typeof fetch, target: ServerTarget): Promise<Check> {
  try {
    const response = await get(`${target.url}/v1/projections/errors?limit=1`, { headers: { authorization: `Bearer ${target.token}` }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { name: 'projections', level: 'warn', detail: `GET /v1/projections/errors answered ${response.status}` };
    const body = (await response.json()) as { count?: number; errors?: Array<{ projection?: string; eventId?: string; message?: string }> };
    const count = body.count ?? 0;
    const latest = body.errors?.[0];
    return count === 0
      ? { name: 'projections', level: 'ok', detail: 'every stored event folded' }
      : { name: 'projections', level: 'warn', detail: `${count} event(s) could not be folded and were skipped; latest: ${latest?.projection ?? '?'} ${latest?.eventId ?? ''}: ${latest?.message ?? ''}`, fix: 'kap projections errors (the events are stored; a fixed Kap folds them with kap projections rebuild)' };
  } catch (error) {
    return { name: 'projections', level: 'warn', detail: `could not ask for projection errors (${(error as Error).message})` };
  }
}

function tokenPresence(target: ServerTarget): Check {
  return target.token === undefined
    ? { name: 'token', level: 'fail', detail: `no token (${target.tokenSource} does not exist)`, fix: 'run kap serve once on this machine, or set KAP_TOKEN' }
    : { name: 'token', level: 'ok', detail: `from ${target.tokenSource}` };
}
