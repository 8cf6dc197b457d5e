/**
 * `/kap share <session> [#channel|@person]`, `/kap hide <session>` and `/kap link` (issue #11, "Visibility"):
 * each resolves the text the person who typed it sees (ephemeral). Share and hide are the owner's alone
 * (access/changeVisibility.ts: `NOT_OWNER` names the owner); each is recorded with its author. A `#channel`
 * named in the command opens the session's hosted thread there to the channel's members too (`steer`);
 * a share with no target is a read share in the channel the command was typed in.
 */
import type { Access } from '../access/access.js';
import { changeVisibility } from '../access/changeVisibility.js';
import type { ChangeOutcome, ChangeVisibilityDeps, VisibilityChange } from '../access/changeVisibility.js';
import { LINK_CODE_TTL_MS } from '../access/identityLinks.js';
import { ownerLabel } from '../renderers/lockCard.js';
import type { ShareTarget } from './kapCommand.js';

export interface VisibilityCommandDeps extends ChangeVisibilityDeps {
  access: Pick<Access, 'identityLinks'>;
}

/** Where the command was typed, and by whom (Slack's `channel_id`, `user_id`). */
export interface CommandOrigin {
  channel: string;
  user: string;
}

export async function shareCommand(deps: VisibilityCommandDeps, origin: CommandOrigin, sessionId: string, target: ShareTarget): Promise<string> {
  const change: VisibilityChange =
    target === null
      ? { kind: 'channel', channel: origin.channel, steer: false }
      : target.kind === 'channel'
        ? { kind: 'channel', channel: target.channel, steer: true }
        : { kind: 'person', userId: target.userId };
  const outcome = await changeVisibility(deps, sessionId, { kind: 'person', userId: origin.user }, origin.user, change);
  if (!outcome.ok) return refusal(outcome, 'share');
  if (change.kind === 'person') return `Shared \`${sessionId}\` with <@${change.userId}>: they can see it and steer its hosted thread.`;
  const where = `<#${change.channel}>`;
  return change.steer
    ? `Shared \`${sessionId}\` with ${where}: its members can see it and steer its hosted thread there.`
    : `Shared \`${sessionId}\` with ${where}: its members can see it. (\`/kap share ${sessionId} #channel\` also lets a channel steer its hosted thread.)`;
}

export async function hideCommand(deps: VisibilityCommandDeps, origin: CommandOrigin, sessionId: string): Promise<string> {
  const outcome = await changeVisibility(deps, sessionId, { kind: 'person', userId: origin.user }, origin.user, { kind: 'hide' });
  if (!outcome.ok) return refusal(outcome, 'hide');
  return `\`${sessionId}\` is private again: only you can see it. Cards already posted keep what they showed.`;
}

export async function linkCommand(deps: VisibilityCommandDeps, origin: CommandOrigin): Promise<string> {
  const { code } = await deps.access.identityLinks.request(origin.user);
  const minutes = Math.round(LINK_CODE_TTL_MS / 60_000);
  return `Run \`kap link ${code}\` on the machine you run Claude Code on (valid ${minutes} minutes, once). Kap then knows the sessions of that machine's git email and OS user as yours.`;
}

function refusal(outcome: Extract<ChangeOutcome, { ok: false }>, verb: 'share' | 'hide'): string {
  if (outcome.code !== 'NOT_OWNER') return outcome.message;
  const owner = outcome.ownerSlackUserId ?? null;
  if (owner === null) return `Only the session’s owner can ${verb} it, and Kap does not know who they are in Slack: they can claim it with \`/kap link\`.`;
  return `Only ${ownerLabel({ slackUserId: owner, name: null })}, the session’s owner, can ${verb} it.`;
}
