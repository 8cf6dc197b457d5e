/**
 * Who reads through the ingest API. The bearer token's holder reads every session (access/sessionAccess.ts
 * `token`, README "Threat model"); a program that reads on a person's behalf (the recall MCP server, `kap mcp`)
 * narrows that to the person its machine identity resolves to (access/machineReader.ts) by sending
 *
 *   kap-reader-identity: <base64url of JSON { email, osUser, host }>
 *
 * Narrowing only: a token holder could read everything anyway, so the header is trusted to name whom to read
 * as, never to widen. A header that does not decode is 400 `INVALID_READER`; an identity no Slack user
 * resolves to is 403 `NOT_LINKED` (with how to link it).
 */
import type { FastifyRequest } from 'fastify';
import type { Access } from '../access/access.js';
import type { MachineIdentity } from '../access/identityLinks.js';
import { readerOfMachine } from '../access/machineReader.js';
import type { Reader } from '../access/sessionAccess.js';

export const READER_IDENTITY_HEADER = 'kap-reader-identity';

export type RequestReader = { ok: true; reader: Reader } | { ok: false; status: 400 | 403; code: 'INVALID_READER' | 'NOT_LINKED'; message: string };

/** The header's value for `identity`. */
export function encodeReaderIdentity(identity: MachineIdentity): string {
  return Buffer.from(JSON.stringify({ email: identity.email, osUser: identity.osUser, host: identity.host })).toString('base64url');
}

/** The identity a header names, or undefined when it does not decode to one. */
export function decodeReaderIdentity(value: string): MachineIdentity | undefined {
  if (value.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const field = (name: string): string | null | undefined => {
    const v = Object.hasOwn(parsed, name) ? (parsed as Record<string, unknown>)[name] : null;
    return v === null || (typeof v === 'string' && v.length <= 320) ? v : undefined;
  };
  const email = field('email');
  const osUser = field('osUser');
  const host = field('host');
  if (email === undefined || osUser === undefined || host === undefined) return undefined;
  return { email, osUser, host };
}

/** The reader of an authenticated API request (the token's holder, or whom its identity header names). */
export async function requestReader(request: FastifyRequest, access: Access | undefined): Promise<RequestReader> {
  const header = request.headers[READER_IDENTITY_HEADER];
  if (header === undefined) return { ok: true, reader: { kind: 'token' } };
  const identity = typeof header === 'string' ? decodeReaderIdentity(header) : undefined;
  if (!identity) return { ok: false, status: 400, code: 'INVALID_READER', message: `${READER_IDENTITY_HEADER}: not base64url JSON { email, osUser, host }` };
  if (!access) return { ok: true, reader: { kind: 'local' } };
  const resolved = await readerOfMachine(access, identity);
  return resolved.ok ? resolved : { ok: false, status: 403, code: resolved.code, message: resolved.message };
}
