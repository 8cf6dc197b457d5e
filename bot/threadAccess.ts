/**
 * Who may act in a hosted session's thread (issue #11, "In Slack"): steering it (prompts, pause, resume,
 * stop, Allow / Deny) needs the owner's consent (access/sessionAccess.ts `canSteer`: the owner, people they
 * added, members of a channel they opened it to); `status` and `files`, posted in the thread, need the read
 * rule for the person and the thread's channel. While the session has no summary yet (its first turn is
 * starting), only the person who started it may do either. A refusal says who can and how the owner opens it.
 */
import type { SessionGate } from '../access/sessionGate.js';
import type { HostedSession } from '../stores/hostedSessions.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { ownerLabel } from '../renderers/lockCard.js';

export type ThreadRight = 'steer' | 'read';

export interface ThreadAccessDeps {
  gate: SessionGate;
  readModel: Pick<SessionReadModel, 'get'>;
}

export type ThreadPermission = { ok: true } | { ok: false; text: string };

export async function threadPermission(deps: ThreadAccessDeps, session: HostedSession, userId: string, right: ThreadRight): Promise<ThreadPermission> {
  const summary = session.sessionId ? (await deps.readModel.get(session.sessionId))?.summary : undefined;
  if (!summary) {
    if (userId === session.startedBy) return { ok: true };
    return { ok: false, text: `Only ${ownerLabel({ slackUserId: session.startedBy, name: null })}, who started this session, can steer it until its first turn has run.` };
  }
  const person = { kind: 'person', userId } as const;
  const allowed = right === 'steer' ? await deps.gate.steer(summary, person, session.channel) : await deps.gate.allows(summary, [person, { kind: 'channel', channel: session.channel }]);
  if (allowed) return { ok: true };
  const access = await deps.gate.accessOf(summary);
  const owner = ownerLabel({ slackUserId: access.owner.slackUserId, name: access.owner.name });
  const how = `${owner} can open it with \`/kap share ${summary.sessionId} #channel\` (this channel may steer) or \`/kap share ${summary.sessionId} @person\`.`;
  return right === 'steer'
    ? { ok: false, text: `Only ${owner} and the people they added can steer this session. ${how}` }
    : { ok: false, text: `You or this channel can't see that session. ${how}` };
}
