/**
 * `/kap usage [@person|#channel|repo] [today|week|month]`: parsing its arguments and answering it.
 *
 * Slack sends mentions in a command's text as `<@U0123|dana>` and channels as `<#C0123|general>`
 * (https://api.slack.com/interactivity/slash-commands#creating_commands, "escape channels, users, and links").
 * Transport (bot/kapCommand.ts, bot/slackApp.ts) parses the command word and calls `usageAnswer`.
 */
import type { Reader } from '../access/sessionAccess.js';
import type { Block } from '../renderers/blockKit.js';
import { usageBlocks } from '../renderers/usageBlocks.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import { computeUsage, periodWindow, USAGE_PERIODS } from './usageReport.js';
import type { UsageDeps, UsageFilter, UsagePeriod } from './usageReport.js';

/** How many of the most recent sessions a usage answer reads from the read model (its `list` has no paging). */
export const USAGE_SESSION_LIMIT = 10_000;

export const USAGE_HELP = 'Usage: `/kap usage [@person|#channel|owner/repo] [today|week|month]` (default: everyone you and this channel may see, this week; UTC).';

export type ParsedUsageArgs = { ok: true; filter: UsageFilter; period: UsagePeriod } | { ok: false; reason: 'UNKNOWN_ARGUMENT' | 'TWO_FILTERS' | 'TWO_PERIODS'; argument: string };

/**
 * The arguments of `/kap usage` (a leading `usage` word is skipped): at most one filter — `<@U…|name>` (a
 * person), `<#C…|name>` (a channel), `owner/name` (a repository) — and at most one period. Defaults: all, week.
 */
export function parseUsageArgs(text: string): ParsedUsageArgs {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words[0]?.toLowerCase() === 'usage') words.shift();
  let filter: UsageFilter | undefined;
  let period: UsagePeriod | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    if ((USAGE_PERIODS as readonly string[]).includes(lower)) {
      if (period !== undefined) return { ok: false, reason: 'TWO_PERIODS', argument: word };
      period = lower as UsagePeriod;
      continue;
    }
    const person = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1];
    const channel = /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1];
    const repo = /^[\w.-]+\/[\w.-]+$/.test(word) ? word : undefined;
    const next: UsageFilter | undefined = person ? { kind: 'person', userId: person } : channel ? { kind: 'channel', channel } : repo ? { kind: 'repo', repo } : undefined;
    if (!next) return { ok: false, reason: 'UNKNOWN_ARGUMENT', argument: word };
    if (filter !== undefined) return { ok: false, reason: 'TWO_FILTERS', argument: word };
    filter = next;
  }
  return { ok: true, filter: filter ?? { kind: 'all' }, period: period ?? 'week' };
}

export interface UsageAnswerDeps extends UsageDeps {
  readModel: Pick<SessionReadModel, 'list'>;
  now: () => Date;
}

/**
 * The answer to `/kap usage <args>` asked by Slack user `askedBy` in `channel`: a Block Kit message (within
 * Slack's limits) and its fallback text. Counts only sessions everyone who sees the answer may read: the
 * asker alone when it is shown to them only (`ephemeral`, as `/kap usage` answers), else the asker and the
 * channel. Bad arguments answer with the usage line, not an error.
 */
export async function usageAnswer(deps: UsageAnswerDeps, request: { askedBy: string; channel: string; args: string; ephemeral?: boolean }): Promise<{ text: string; blocks: Block[] }> {
  const parsed = parseUsageArgs(request.args);
  if (!parsed.ok) {
    const text = `I did not understand \`${parsed.argument.replace(/[`<>&]/g, '')}\`. ${USAGE_HELP}`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const person: Reader = { kind: 'person', userId: request.askedBy };
  const readers: Reader[] = request.ephemeral ? [person] : [person, { kind: 'channel', channel: request.channel }];
  const summaries = await deps.readModel.list({ limit: USAGE_SESSION_LIMIT });
  const report = await computeUsage(deps, summaries, { filter: parsed.filter, window: periodWindow(parsed.period, deps.now()), readers });
  return usageBlocks(report, { title: `Usage ${PERIOD_TITLES[parsed.period]}`, audience: request.ephemeral ? 'you' : 'you and this channel' });
}

const PERIOD_TITLES: Record<UsagePeriod, string> = { today: 'today', week: 'this week', month: 'this month' };
