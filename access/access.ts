/**
 * What the composition root hands every surface that reads sessions (cli/openAccess.ts builds it).
 */
import type { IdentityLinks } from './identityLinks.js';
import type { SessionGate } from './sessionGate.js';

export interface Access {
  /** The gate every read of a session goes through (sessionGate.ts). */
  gate: SessionGate;
  identityLinks: IdentityLinks;
  /** The Slack user with this profile email, or null (always null without Slack). */
  slackUserOfEmail: (email: string) => Promise<string | null>;
  /** True when no Slack app is configured: the local user owns every session (and reads it without sign-in). */
  local: boolean;
}
