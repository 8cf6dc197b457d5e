/**
 * Wait notices (issue #12): when a session starts waiting for a person (a permission, a question, an idle
 * prompt: projections/hookStatus.ts), its owner gets a DM saying what it waits for, with the question's text
 * when the hook carried one, and a link to the session.
 *
 * Once per wait: the job id is `wait-<session>-<statusSince ms>`, and a wait is one `statusSince` (a second
 * hook about the same wait, e.g. the TUI's `permission_prompt` Notification after the PermissionRequest, leaves
 * it as is). The job runs `WAIT_NOTICE_DELAY_MS` later and sends nothing when the wait is over by then (the
 * person answered at the terminal). History and waits already stale when committed (an imported hook log,
 * a catch-up after Kap was down) get none. Only with Slack and an owner Kap resolves to a Slack user
 * (`gate.accessOf(summary).owner.slackUserId`, access/).
 *
 * The DM: `chat.postMessage` with the owner's user id as `channel` posts in the app's DM with them
 * (https://docs.slack.dev/reference/methods/chat.postMessage, "app home"). The summary keeps what it waits on
 * (`waitingFor`); the question's text is read from the hook that started the wait, among the stream's last
 * events, so the fold stays as it is.
 */
import type { SessionGate } from '../access/sessionGate.js';
import type { SlackApi } from '../bot/slackApi.js';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.js';
import type { SessionFoldState, SessionSummary } from '../projections/sessionSummaryTypes.js';
import { escapeMrkdwn, mrkdwnLink } from '../renderers/mrkdwn.js';
import type { EventStore, JsonObject, RecordedEvent } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { LinkSigner } from '../web/linkSigner.js';
import { isHistory } from './liveCards.js';

export const WAIT_NOTICES_QUEUE = 'wait-notices';

/** How long a wait must last before its owner is told, in ms: an answer at the terminal within it sends nothing. */
export const WAIT_NOTICE_DELAY_MS = 3_000;

/** The longest question text put in a DM, in characters. */
export const WAIT_DETAIL_MAX = 600;

/** How many of the stream's last events are searched for the hook that started the wait. */
const TAIL_EVENTS = 200;

export interface WaitNoticeJob {
  sessionId: string;
  /** The wait's `statusSince`: the notice is sent only while the session still waits since then. */
  statusSince: string;
}

/**
 * The projection runner's `onCommitted` hook: schedules one notice per new wait among the committed
 * sessions. `staleAfterMs`: a wait older than this when committed is history catching up, not news.
 */
export function waitNoticesOnCommit(jobs: JobQueue, options: { delayMs: number; staleAfterMs: number; now: () => Date; onError: (error: unknown) => void }) {
  return (states: readonly SessionFoldState[]): void => {
    const nowMs = options.now().getTime();
    const due: WaitNoticeJob[] = [];
    for (const state of states) {
      const s = state.summary;
      if (s.status !== 'waiting' || s.statusSince === null || isHistory(state)) continue;
      const since = Date.parse(s.statusSince);
      if (Number.isNaN(since) || nowMs - since > options.staleAfterMs) continue;
      due.push({ sessionId: s.sessionId, statusSince: s.statusSince });
    }
    void (async () => {
      for (const job of due) {
        await jobs.enqueue<WaitNoticeJob>(WAIT_NOTICES_QUEUE, job, { jobId: `wait-${job.sessionId}-${Date.parse(job.statusSince)}`, delayMs: options.delayMs, attempts: 3, backoffMs: 5_000 });
      }
    })().catch(options.onError);
  };
}

/**
 * The question's text from a hook that makes a session wait (payloads per ../shared/CLAUDE-CODE.md and
 * Claude Code's hooks reference), cut to `WAIT_DETAIL_MAX`; null when the hook carries none.
 *   PermissionRequest  AskUserQuestion: its questions; Bash: the command; file tools: the path; else the
 *                      tool input's `description`, `url`, `query` or `prompt`
 *   Notification       `message` (`permission_prompt`, `idle_prompt`)
 *   Elicitation        `message` (what the MCP server asks)
 */
export function waitDetail(hookEventName: string, payload: JsonObject): string | null {
  let text: string | undefined;
  if (hookEventName === 'PermissionRequest') {
    const input = isObject(payload.tool_input) ? payload.tool_input : {};
    if (Array.isArray(input.questions)) {
      text = input.questions.map((q: unknown) => (isObject(q) ? str(q.question) : undefined)).filter((q) => q !== undefined).join('\n');
    } else {
      text = str(input.command) ?? str(input.file_path) ?? str(input.notebook_path) ?? str(input.description) ?? str(input.url) ?? str(input.query) ?? str(input.prompt);
    }
  } else if (hookEventName === 'Notification' || hookEventName === 'Elicitation') {
    text = str(payload.message);
  }
  if (text === undefined || text.trim() === '') return null;
  return text.length > WAIT_DETAIL_MAX ? `${text.slice(0, WAIT_DETAIL_MAX - 1)}…` : text;
}

/**
 * The text of the wait among `events` (a stream's tail, oldest first): the newest PermissionRequest or
 * Elicitation of the wait, else its newest Notification. Stops at the hook before the wait (any other hook).
 */
export function waitDetailOf(events: readonly RecordedEvent[]): string | null {
  let notification: string | null = null;
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i]!;
    if (e.metadata.source !== 'hook') continue;
    if (e.type === 'PermissionRequest' || e.type === 'Elicitation') return waitDetail(e.type, e.data) ?? notification;
    if (e.type !== 'Notification') break;
    notification ??= waitDetail(e.type, e.data);
  }
  return notification;
}

export interface WaitNoticeDeps {
  store: EventStore;
  readModel: Pick<SessionReadModel, 'get'>;
  slack: SlackApi;
  signer: LinkSigner;
  gate: Pick<SessionGate, 'accessOf'>;
}

/** What a notice did. */
export type WaitNoticeOutcome = 'sent' | 'over' | 'no-owner' | { refused: string };

/** The DM: what the session waits for, the question, and its link (mrkdwn; untrusted text escaped). */
export function waitNoticeText(summary: SessionSummary, detail: string | null, sessionUrl: string): string {
  const where = [summary.repo, summary.branch].filter((x) => x !== null).join(' · ') || summary.title || summary.sessionId;
  const lines = [`Your session ${mrkdwnLink(sessionUrl, escapeMrkdwn(where))} is waiting for ${escapeMrkdwn(summary.waitingFor ?? 'you')}.`];
  if (detail !== null) lines.push(detail.split('\n').map((l) => `> ${escapeMrkdwn(l)}`).join('\n'));
  lines.push(mrkdwnLink(sessionUrl, 'Open session'));
  return lines.join('\n');
}

/** Sends one wait's notice. Throws on transport failures and `ratelimited` (the job is retried). */
export function waitNoticeSender(deps: WaitNoticeDeps): (job: WaitNoticeJob) => Promise<WaitNoticeOutcome> {
  return async (job) => {
    const state = await deps.readModel.get(job.sessionId);
    const s = state?.summary;
    if (!state || !s || s.status !== 'waiting' || s.statusSince !== job.statusSince || isHistory(state)) return 'over';
    const owner = (await deps.gate.accessOf(s)).owner.slackUserId;
    if (owner === null) return 'no-owner';
    const tail: RecordedEvent[] = [];
    for await (const e of deps.store.readStream(sessionStream(s.sessionId), { fromRevision: BigInt(Math.max(0, s.revision - TAIL_EVENTS + 1)) })) tail.push(e);
    const text = waitNoticeText(s, waitDetailOf(tail), deps.signer.sessionPageUrl(s.sessionId));
    const result = await deps.slack.postMessage({ channel: owner, text });
    if (result.ok) return 'sent';
    if (result.error === 'ratelimited') throw new Error(`chat.postMessage to ${owner} was rate limited`);
    return { refused: result.error };
  };
}

/** The `wait-notices` job. */
export function waitNoticeHandler(deps: WaitNoticeDeps & { logger: { warn: (o: object, m: string) => void } }): JobHandler<WaitNoticeJob> {
  const send = waitNoticeSender(deps);
  return async ({ data }) => {
    const outcome = await send(data);
    if (typeof outcome === 'object') deps.logger.warn({ sessionId: data.sessionId, error: outcome.refused }, 'Slack refused a wait notice');
  };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
