/**
 * Hand checks of a hook payload's fields Kap reads, without zod (the collector runs this on every drain; the
 * schema in hookPayload.ts decides and words every refusal at the ingest).
 */
import { KAP_EVENT_TYPES, STATUS_LINE, TRANSCRIPT_LINE } from './kapEventTypes.js';

/** The fields of a hook payload Kap reads (hookPayload.ts `HookPayload` is the schema); the rest is kept as it came. */
export interface HookPayloadFields {
  session_id: string;
  hook_event_name: string;
  transcript_path?: string | undefined;
  cwd?: string | undefined;
  prompt?: string | undefined;
  tool_name?: string | undefined;
  tool_use_id?: string | undefined;
  notification_type?: string | undefined;
  message?: string | undefined;
  agent_id?: string | undefined;
  agent_type?: string | undefined;
  reason?: string | undefined;
  source?: string | undefined;
  last_assistant_message?: string | null | undefined;
  [key: string]: unknown;
}

const OPTIONAL_STRINGS = ['transcript_path', 'cwd', 'prompt', 'tool_name', 'tool_use_id', 'notification_type', 'message', 'agent_id', 'agent_type', 'reason', 'source'] as const;

/**
 * The same verdict as `HookPayload.safeParse(value).success` whenever it says true, without zod on the hot
 * path. When it says false, ask the schema: it decides, and says why.
 */
export function isHookPayload(value: Record<string, unknown>): value is HookPayloadFields {
  const { session_id: sessionId, hook_event_name: name, last_assistant_message: last } = value;
  if (typeof sessionId !== 'string' || sessionId.length === 0) return false;
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) return false;
  if (!(last === undefined || last === null || typeof last === 'string')) return false;
  for (const key of OPTIONAL_STRINGS) if (value[key] !== undefined && typeof value[key] !== 'string') return false;
  return true;
}

/**
 * What a hook event name may look like: Claude Code's are PascalCase words (`PreToolUse`); a name Kap does
 * not know yet is stored as it came, as long as it is a name — letters, digits and `_`, starting with a
 * letter, at most 100 — since it becomes the stored event's type.
 */
export const HOOK_EVENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/**
 * Why a hook event name cannot be stored as an event type, or undefined when it can: junk (control
 * characters, spaces, punctuation, non-ASCII), or one of Kap's own event types, which a client must not
 * be able to forge (a hook named `RecapGenerated` would read as a recap).
 */
export function hookEventNameProblem(name: string): string | undefined {
  if (!HOOK_EVENT_NAME_PATTERN.test(name)) return `hook_event_name ${JSON.stringify(name)} is not a hook event name (letters, digits and _, starting with a letter, at most 100)`;
  if (KAP_EVENT_TYPES.has(name) || name === TRANSCRIPT_LINE || name === STATUS_LINE) return `hook_event_name ${JSON.stringify(name)} is one of Kap's own event types`;
  return undefined;
}
