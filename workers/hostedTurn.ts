/**
 * One turn of a hosted session: a thread reply (or the first prompt) run as the session's next prompt on
 * the agent host, its permission requests asked in the thread (Allow / Deny, denied when no one answers in
 * time), "stop" honoured, and the answer posted in the thread naming who asked. Every prompt and decision is
 * recorded in the session's stream with its author (`PromptRelayed`, `PermissionDecided`, `HostControl`);
 * before the first turn has a session id they wait, and are appended once it has one.
 */
import { randomUUID } from 'node:crypto';
import type { AgentRunner, PermissionAnswer, PermissionAsk } from '../agents/agentRunner.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { AgentHostConfig } from '../config/kapConfig.js';
import { contentId } from '../events/eventIds.js';
import { HOSTED_SESSION_STARTED, PERMISSION_DECIDED, PROMPT_RELAYED } from '../events/kapEventTypes.js';
import type { AgentSignals } from '../hosting/agentSignals.js';
import { agentAnswerMessage, noticeMessage, permissionRequestMessage } from '../renderers/agentBlocks.js';
import type { BlockMessage } from '../renderers/blockKit.js';
import { escapeMrkdwn } from '../renderers/mrkdwn.js';
import type { EventStore, JsonObject } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { HostedSession, HostedSessionStore } from '../stores/hostedSessions.js';
import type { LinkSigner } from '../web/linkSigner.js';

export interface HostedTurnDeps {
  store: EventStore;
  hosted: HostedSessionStore;
  runner: AgentRunner;
  signals: AgentSignals;
  slack: SlackApi;
  signer: LinkSigner;
  host: AgentHostConfig;
  /** Kap's hook environment for the worktree (agents/hostHooks.ts). */
  hookEnv: () => Record<string, string>;
  now: () => Date;
}

export interface TurnAsk {
  /** Slack user id of who asked. */
  by: string;
  text: string;
  /** The reply's ts (null for a prompt given with `/kap host`). */
  messageTs: string | null;
}

interface PendingEvent {
  type: string;
  data: JsonObject;
}

/** Runs `ask` as the next turn of `session` and posts the outcome in its thread. Throws only on transport failures. */
export async function runHostedTurn(deps: HostedTurnDeps, session: HostedSession, ask: TurnAsk): Promise<void> {
  const at = () => deps.now().toISOString();
  const post = (m: BlockMessage) => deps.slack.postMessage({ channel: session.channel, threadTs: session.threadTs, text: m.text, blocks: m.blocks });
  const events: PendingEvent[] = [];
  if (session.sessionId === null) {
    const { threadKey, channel, threadTs, repo, branch, cwd, startedBy } = session;
    events.push({ type: HOSTED_SESSION_STARTED, data: { threadKey, channel, threadTs, repo, branch, cwd, by: startedBy, continued: false, at: session.startedAt } });
  }
  events.push({ type: PROMPT_RELAYED, data: { by: ask.by, text: ask.text, channel: session.channel, threadTs: session.threadTs, messageTs: ask.messageTs, at: at() } });
  let sessionId = session.sessionId;
  const record = async () => {
    if (!sessionId) return;
    const batch = events.splice(0);
    if (batch.length === 0) return;
    await deps.store.append(
      sessionStream(sessionId),
      batch.map((e) => ({ id: contentId({ sessionId, ...e }, e.type), type: e.type, data: e.data, metadata: { source: 'slack' } })),
    );
  };
  await record();
  if (ask.messageTs) await deps.slack.addReaction({ channel: session.channel, ts: ask.messageTs, name: 'eyes' });

  const abort = new AbortController();
  let stoppedBy = null as string | null; // set by the stop callback
  const unsubscribe = await deps.signals.onStop(session.threadKey, (by) => {
    stoppedBy = by;
    abort.abort();
  });
  const onPermission = async (p: PermissionAsk, context: { signal: AbortSignal }): Promise<PermissionAnswer> => {
    const requestId = randomUUID();
    await post(permissionRequestMessage({ requestId, toolName: p.toolName, input: p.input, description: p.description, timeoutMs: deps.host.permissionTimeoutMs }));
    const decision = await deps.signals.waitForDecision(requestId, deps.host.permissionTimeoutMs, context.signal);
    if (decision === 'aborted') return { behavior: 'deny', message: 'The request was withdrawn.' };
    const timedOut = decision === 'timeout';
    events.push({ type: PERMISSION_DECIDED, data: { by: timedOut ? null : decision.by, behavior: timedOut ? 'deny' : decision.behavior, toolName: p.toolName, input: p.input, at: at() } });
    await record();
    if (timedOut) {
      await post(noticeMessage(`No one answered in time: ${escapeMrkdwn(p.toolName)} denied.`));
      return { behavior: 'deny', message: 'No one in the Slack thread allowed this in time.' };
    }
    await post(noticeMessage(`${decision.behavior === 'allow' ? 'Allowed' : 'Denied'} by <@${decision.by}>: ${escapeMrkdwn(p.toolName)}.`));
    return decision.behavior === 'allow' ? { behavior: 'allow' } : { behavior: 'deny', message: decision.message };
  };

  // A new session is recorded as soon as Claude Code names it, not after the turn: its start (owner, channel,
  // repository, "hosted") is then folded before the turn's own hooks, so the turn's SessionEnd reads as a
  // hosted turn ending (idle), not the session ending.
  let named: Promise<void> = Promise.resolve();
  const onSessionId = (id: string) => {
    if (sessionId !== null) return;
    sessionId = id;
    named = (async () => {
      await deps.hosted.update(session.threadKey, { sessionId: id });
      await record();
    })();
  };

  let result;
  try {
    result = await deps.runner.runTurn({
      resume: session.sessionId,
      cwd: session.cwd,
      prompt: ask.text,
      allowedTools: [...deps.host.allowedTools],
      permissionMode: deps.host.permissionMode,
      onPermission,
      signal: abort.signal,
      env: deps.hookEnv(),
      onSessionId,
    });
  } finally {
    await unsubscribe();
    await named;
  }

  const early = sessionId;
  if (result.ok || result.sessionId) sessionId = result.ok ? result.sessionId : result.sessionId;
  if (sessionId && session.sessionId === null && sessionId !== early) await deps.hosted.update(session.threadKey, { sessionId });
  await record();
  if (result.ok) {
    await post(agentAnswerMessage({ asker: ask.by, prompt: ask.text, text: result.text, stoppedBy: result.interrupted ? stoppedBy : null, sessionUrl: deps.signer.sessionPageUrl(result.sessionId), costUsd: result.costUsd }));
    return;
  }
  const why =
    result.reason === 'RESUME_NOT_FOUND'
      ? 'the host has no transcript of this session any more; press Continue on its card to rebuild it'
      : result.reason === 'INTERRUPTED'
        ? `stopped${stoppedBy ? ` by <@${stoppedBy}>` : ''} before it answered`
        : escapeMrkdwn(result.message);
  await post(noticeMessage(`The turn <@${ask.by}> asked for did not finish: ${why}`));
}
