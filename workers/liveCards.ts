/**
 * Live cards (issue #12): the card of a session shared in a channel is kept current while the session runs
 * (status, what it waits on, prompts, cost, files), and gets a last refresh when it ends.
 *
 * Where: every message of `summary.sharedIn`, i.e. a person's message whose link Kap unfurled
 * (bot/unfurlLinks.ts). Such a message is not Kap's, so `chat.update` cannot touch it (`cant_update_message`);
 * calling `chat.unfurl` again with the same `channel` + `ts` and the same URL replaces its unfurl
 * (https://docs.slack.dev/reference/methods/chat.unfurl: "subsequent attempts … modify the same attachments").
 * So refreshes use `chat.unfurl` only. The URL is the one the message holds: `url` of its `SessionShared`
 * event, or, for shares recorded before it was stored, the plain session link.
 *
 * When: the projection commits (cli/startKap.ts `onSummariesCommitted`) schedule one job per message on the
 * `live-cards` queue, throttled per message: the first commit after a quiet spell refreshes at once, later
 * ones wait for the interval's end (job id `live-<session>-<channel>-<ts>-<run at ms>`; a commit while that
 * job is still delayed adds nothing: it reads the newest summary when it runs). A commit that ends the
 * session is one more commit, so its last state is always shown. The throttle's memory lives in the
 * projections process: a restart or a second projections process may add one refresh in an interval.
 *
 * What: the gate decides at each refresh (`gate.allows(summary, [channel])`, access/sessionGate.ts); a channel
 * that may no longer read the session gets the lock card. History (imported, nothing reporting on it:
 * projections/sessionHistory.ts) is never refreshed live; it is only locked when the channel loses access.
 *
 * Slack's limit: `chat.unfurl` is Tier 3 (~50 a minute per workspace). `ratelimited` fails the try and the
 * job queue retries it after a backoff; other refusals (message deleted, channel gone) are logged, not retried.
 */
import type { Logger } from 'pino';
import type { SessionGate } from '../access/sessionGate.js';
import { sessionCardBlocks } from '../bot/unfurlLinks.js';
import type { SlackApi } from '../bot/slackApi.js';
import { SESSION_SHARED } from '../events/kapEventTypes.js';
import type { JobHandler, JobQueue } from '../jobs/jobQueue.js';
import { historyStatus } from '../projections/sessionHistory.js';
import { reportingFactsOf } from '../projections/sessionSummaryWork.js';
import type { SessionFoldState } from '../projections/sessionSummaryTypes.js';
import { buildLockCard } from '../renderers/lockCard.js';
import type { EventStore } from '../stores/eventStore.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { LinkSigner } from '../web/linkSigner.js';

export const LIVE_CARDS_QUEUE = 'live-cards';

/**
 * At most one refresh per message this often, in ms. A deployment knob would be `KAP_LIVE_CARD_INTERVAL_S`
 * (not in config/kapConfig.ts yet): 5 s keeps ten busy shared sessions under Slack's ~50 unfurls a minute.
 */
export const LIVE_CARD_INTERVAL_MS = 5_000;

/** Throttle entries kept before old ones are dropped (one per shared message seen lately). */
const MAX_TRACKED = 10_000;

export interface LiveCardJob {
  sessionId: string;
  channel: string;
  messageTs: string;
}

/** Whether the session is history: imported, or nothing reports on it any more (sessionHistory.ts). */
export function isHistory(state: SessionFoldState): boolean {
  return historyStatus(reportingFactsOf(state)) !== undefined;
}

/**
 * The projection runner's `onCommitted` hook: schedules the refresh of every message the committed sessions
 * were shared in. `intervalMs` in ms; `now` injected. Commits are scheduled one after another, in order;
 * enqueue failures go to `onError`.
 *
 * Per message: after a quiet spell the refresh runs at once; within an interval of the last one, at its end.
 * A commit while that refresh is still delayed re-enqueues it (`debounce`, the same run time: its delay is
 * what is left), which tells whether it is still to run; when it already ran or is running, the next
 * interval's refresh is scheduled, so the newest commit is always shown.
 */
export function liveCardsOnCommit(jobs: JobQueue, options: { intervalMs: number; now: () => Date; onError: (error: unknown) => void }) {
  /** message key → when its latest refresh was scheduled to run (ms since the epoch). */
  const lastRunAt = new Map<string, number>();
  const enqueue = (job: LiveCardJob, runAt: number, nowMs: number, debounce: boolean) =>
    jobs.enqueue<LiveCardJob>(LIVE_CARDS_QUEUE, job, {
      jobId: `live-${job.sessionId}-${job.channel}-${job.messageTs}-${runAt}`,
      delayMs: Math.max(0, runAt - nowMs),
      ...(debounce ? { debounce: true } : {}),
      attempts: 4,
      backoffMs: options.intervalMs,
    });
  const schedule = async (states: readonly SessionFoldState[]) => {
    const nowMs = options.now().getTime();
    for (const state of states) {
      const s = state.summary;
      for (const { channel, messageTs } of s.sharedIn) {
        const job: LiveCardJob = { sessionId: s.sessionId, channel, messageTs };
        const key = `${s.sessionId} ${channel} ${messageTs}`;
        const last = lastRunAt.get(key);
        if (last !== undefined && last > nowMs && (await enqueue(job, last, nowMs, true)).enqueued) continue; // still to run: it shows this commit
        const runAt = last === undefined ? nowMs : Math.max(nowMs, last + options.intervalMs);
        lastRunAt.delete(key); // re-inserted last: the map's order is oldest first
        lastRunAt.set(key, runAt);
        if (lastRunAt.size > MAX_TRACKED) lastRunAt.delete(lastRunAt.keys().next().value as string);
        await enqueue(job, runAt, nowMs, false);
      }
    }
  };
  let chain = Promise.resolve();
  return (states: readonly SessionFoldState[]): void => {
    chain = chain.then(() => schedule(states)).catch(options.onError);
  };
}

export interface LiveCardDeps {
  store: EventStore;
  readModel: Pick<SessionReadModel, 'get'>;
  slack: SlackApi;
  signer: LinkSigner;
  gate: Pick<SessionGate, 'allows' | 'accessOf'>;
  /** Card images are linked only when Kap has a public host Slack can fetch them from. */
  publicImages: boolean;
  logger: Pick<Logger, 'warn'>;
  now: () => Date;
}

/** What a refresh did. */
export type LiveCardOutcome = 'refreshed' | 'locked' | 'unchanged' | 'history' | 'unknown' | { refused: string };

/** Thrown for a `ratelimited` answer: the try fails and the queue retries it after its backoff. */
export class LiveCardRateLimited extends Error {
  readonly code = 'SLACK_RATELIMITED';
}

/**
 * Refreshes one message's card. Resolves what it did; throws `LiveCardRateLimited` when Slack answers
 * `ratelimited`.
 */
export function liveCardRefresher(deps: LiveCardDeps): (job: LiveCardJob) => Promise<LiveCardOutcome> {
  /** message key → what it shows now (`<revision>` or `lock`), so an unchanged card is not sent again. */
  const shown = new Map<string, string>();
  /** message key → the URL its SessionShared recorded (or the plain link). */
  const urls = new Map<string, string>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_TRACKED) map.delete(map.keys().next().value as string);
  };

  const urlOf = async (job: LiveCardJob, key: string): Promise<string> => {
    const known = urls.get(key);
    if (known !== undefined) return known;
    let url = deps.signer.sessionPageUrl(job.sessionId);
    for await (const e of deps.store.readStream(sessionStream(job.sessionId))) {
      if (e.type === SESSION_SHARED && e.data.channel === job.channel && e.data.messageTs === job.messageTs && typeof e.data.url === 'string') {
        url = e.data.url;
        break;
      }
    }
    remember(urls, key, url);
    return url;
  };

  return async (job) => {
    const key = `${job.sessionId} ${job.channel} ${job.messageTs}`;
    const state = await deps.readModel.get(job.sessionId);
    if (!state) return 'unknown';
    const summary = state.summary;
    const allowed = await deps.gate.allows(summary, [{ kind: 'channel', channel: job.channel }]);
    if (allowed && isHistory(state)) return 'history';
    const showing = allowed ? String(summary.revision) : 'lock';
    if (shown.get(key) === showing) return 'unchanged';
    const blocks = allowed ? sessionCardBlocks(deps, summary) : buildLockCard((await deps.gate.accessOf(summary)).owner).blocks;
    const url = await urlOf(job, key);
    const result = await deps.slack.unfurl({ channel: job.channel, ts: job.messageTs }, { [url]: { blocks } });
    if (!result.ok) {
      if (result.error === 'ratelimited') throw new LiveCardRateLimited(`chat.unfurl of ${job.channel} ${job.messageTs} was rate limited`);
      return { refused: result.error };
    }
    remember(shown, key, showing);
    return allowed ? 'refreshed' : 'locked';
  };
}

/** The `live-cards` job: one refresh; Slack's other refusals are logged (a deleted message stays deleted). */
export function liveCardHandler(deps: LiveCardDeps): JobHandler<LiveCardJob> {
  const refresh = liveCardRefresher(deps);
  return async ({ data }) => {
    const outcome = await refresh(data);
    if (typeof outcome === 'object') deps.logger.warn({ sessionId: data.sessionId, channel: data.channel, ts: data.messageTs, error: outcome.refused }, 'Slack refused a live card refresh');
  };
}
