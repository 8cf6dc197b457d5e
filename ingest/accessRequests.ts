/**
 * The bodies of the ingest's access routes, checked with zod, and what each outcome answers over HTTP.
 *
 *   POST /v1/sessions/:id/visibility   { visibility?, channel?, user?, hide?, by }: exactly one of
 *       visibility ('private' | 'channel' | 'workspace'), channel (a Slack channel id, C… or G…),
 *       user (a Slack user id, U… or W…), hide: true; `by` is the OS user making the change (recorded as
 *       `local:<by>`, at most 100 characters, no control characters or `:`)
 *   POST /v1/identity/link             { code, email, osUser, host }: a `/kap link` code and this machine's
 *       identity (each part a string or null; collector/gitContext.ts reads the same parts)
 */
import { z } from 'zod';
import type { VisibilityChange } from '../access/changeVisibility.js';
import type { MachineIdentity, RedeemResult } from '../access/identityLinks.js';
import { VISIBILITIES } from '../access/visibility.js';
import type { Visibility } from '../access/visibility.js';

/** Slack ids as Slack writes them (https://docs.slack.dev/reference/objects/conversation-object). */
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CONTROL_OR_COLON = /[\u0000-\u001f\u007f:]/;

const VisibilityChangeBody = z.strictObject({
  visibility: z.enum(VISIBILITIES).optional(),
  channel: z.string().regex(SLACK_CHANNEL_ID, 'a Slack channel id such as C0123ABCD').optional(),
  user: z.string().regex(SLACK_USER_ID, 'a Slack user id such as U0123ABCD').optional(),
  hide: z.literal(true).optional(),
  by: z
    .string()
    .trim()
    .min(1, 'who makes the change: the OS user name')
    .max(100)
    .refine((by) => !CONTROL_OR_COLON.test(by), 'an OS user name (no control characters, no `:`)'),
});

const NullableText = (max: number) => z.string().trim().max(max).nullable().transform((v) => (v === null || v === '' ? null : v));

const IdentityLinkBody = z.strictObject({
  code: z.string().trim().min(1, 'the code `/kap link` gave you').max(64),
  email: NullableText(254).refine((v) => v === null || /^[^@\s]+@[^@\s]+$/.test(v), 'an email address such as dana@acme.dev, or null'),
  osUser: NullableText(300),
  host: NullableText(300),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The change a visibility body asks for and its author (`local:<by>`), or why the body is refused. */
export function parseVisibilityChange(body: unknown): Parsed<{ change: VisibilityChange; by: string }> {
  const parsed = VisibilityChangeBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  const { visibility, channel, user, hide, by } = parsed.data;
  const changes: VisibilityChange[] = [];
  if (visibility !== undefined) changes.push({ kind: 'set', visibility });
  if (channel !== undefined) changes.push({ kind: 'channel', channel, steer: false });
  if (user !== undefined) changes.push({ kind: 'person', userId: user });
  if (hide === true) changes.push({ kind: 'hide' });
  if (changes.length !== 1) return { ok: false, message: 'give exactly one of visibility, channel, user, hide: true' };
  return { ok: true, value: { change: changes[0]!, by: `local:${by}` } };
}

/** The code and machine identity of a link body, or why it is refused. */
export function parseIdentityLink(body: unknown): Parsed<{ code: string; identity: MachineIdentity }> {
  const parsed = IdentityLinkBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  const { code, email, osUser, host } = parsed.data;
  return { ok: true, value: { code, identity: { email, osUser, host } } };
}

/** The HTTP status of each refusal of `IdentityLinks.redeem`. */
export const REDEEM_STATUS = new Map<Extract<RedeemResult, { ok: false }>['code'], number>([
  ['UNKNOWN_CODE', 404],
  ['EXPIRED_CODE', 410],
  ['USED_CODE', 409],
  ['CLAIMED', 409],
  ['RACE', 409],
  ['NO_IDENTITY', 400],
]);

/** What `POST /v1/sessions/:id/visibility` answers on success. */
export interface VisibilityChanged {
  sessionId: string;
  visibility: Visibility;
}
