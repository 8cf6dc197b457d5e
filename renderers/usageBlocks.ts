/**
 * A usage report (usage/usageReport.ts) as a Block Kit message: totals, tokens per model, by person, by
 * repository, within Slack's limits (slackLimits.ts: every text clipped to its limit, at most 10 blocks).
 * Names from the data (models, repositories) are escaped; people are Slack mentions `<@U…>` of ids Kap
 * resolved, which Slack shows as names.
 */
import type { Block, BlockMessage } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { cacheHitRate, formatCount, formatPercent, formatTotalCost, formatModelCost, modelLabel } from './format.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { clip, SLACK_LIMITS } from './slackLimits.js';
import { PRICES_READ_ON } from '../projections/modelPricing.js';
import type { TokenCounts } from '../projections/sessionSummary.js';
import { allTokens } from '../usage/usageReport.js';
import type { UsageReport, UsageTotals } from '../usage/usageReport.js';

/** Rows shown per list (models, people, repositories); the rest are summed into one "and N more" line. */
export const USAGE_LIST_SIZE = 10;

/**
 * `title` heads the message (`Usage this week`); `audience` names who the counted sessions are readable by
 * (`you and this channel`, `this channel`), said in the footnote.
 */
export function usageBlocks(report: UsageReport, options: { title: string; audience: string }): BlockMessage {
  const t = report.total;
  const range = `${day(report.window.from)} – ${day(new Date(report.window.to.getTime() - 1))} UTC`;
  const scope = filterPhrase(report);
  const blocks: Block[] = [{ type: 'header', block_id: 'kap_usage_title', text: plain(clip(`${options.title}${scope ? ` · ${scope}` : ''} (${range})`, SLACK_LIMITS.headerText)) }];
  const who = report.filter.kind === 'person' ? `Sessions of <@${report.filter.userId}>` : report.filter.kind === 'channel' ? `Sessions shared in <#${report.filter.channel}>` : undefined;
  if (who !== undefined) blocks.push({ type: 'context', block_id: 'kap_usage_filter', elements: [mrkdwn(who)] });
  if (t.sessions === 0) {
    blocks.push({ type: 'section', block_id: 'kap_usage_empty', text: mrkdwn(`No sessions ${options.audience} may see were active in this period.`) });
  } else {
    blocks.push({ type: 'section', block_id: 'kap_usage_totals', fields: totalsFields(t) });
    blocks.push(listSection('kap_usage_models', '*Tokens per model*', [...t.tokens].sort(([, a], [, b]) => volume(b) - volume(a)), ([model, tokens]) => `${name(modelLabel(model))}: ${tokenPhrase(tokens)} · ${formatModelCost(model, tokens)}`));
    blocks.push(listSection('kap_usage_people', '*By person*', sortByCost(report.byPerson), ([person, u]) => `${person === null ? 'owner unknown' : `<@${person}>`}: ${totalsPhrase(u)}`));
    blocks.push(listSection('kap_usage_repos', '*By repository*', sortByCost(report.byRepo), ([repo, u]) => `${repo === null ? 'no repository' : name(repo)}: ${totalsPhrase(u)}`));
  }
  const notes = [`Sessions ${options.audience} may see, counted by their last activity`, `list prices read ${PRICES_READ_ON}`];
  if (t.unpricedModels.length > 0) notes.push(`price unknown for ${t.unpricedModels.map(name).join(', ')}`);
  blocks.push({ type: 'context', block_id: 'kap_usage_notes', elements: [mrkdwn(clip(notes.join(' · '), SLACK_LIMITS.textObject))] });
  const text = `${escapeMrkdwn(options.title)}${scope ? ` · ${name(scope)}` : ''}: ${formatCount(t.sessions)} session${t.sessions === 1 ? '' : 's'} · ${formatCount(t.prompts)} prompt${t.prompts === 1 ? '' : 's'} · ${formatTotalCost(t.costUsd, t.unpricedModels)}`;
  return { blocks, text: clip(text, SLACK_LIMITS.textObject) };
}

/** Longest model or repository name a row shows, in characters (escaped, cut with `…`). */
const NAME_CHARS = 100;
const name = (text: string) => clip(text, NAME_CHARS, escapeMrkdwn);

function totalsFields(t: UsageTotals) {
  const rate = cacheHitRate(allTokens(t.tokens));
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);
  const all = allTokens(t.tokens);
  return [
    field('Sessions', formatCount(t.sessions)),
    field('Prompts', formatCount(t.prompts)),
    field('Cost', formatTotalCost(t.costUsd, t.unpricedModels)),
    field('Cache hits', rate === undefined ? '—' : formatPercent(rate)),
    field('Tokens', `${formatCount(all.input + all.output + all.cacheRead + all.cacheWrite)}`),
  ];
}

function listSection<T>(blockId: string, heading: string, rows: readonly T[], line: (row: T) => string) {
  const shown = rows.slice(0, USAGE_LIST_SIZE).map(line);
  if (rows.length > USAGE_LIST_SIZE) shown.push(`…and ${rows.length - USAGE_LIST_SIZE} more`);
  const body = shown.length > 0 ? shown.join('\n') : '—';
  return { type: 'section' as const, block_id: blockId, text: mrkdwn(clipLines(`${heading}\n${body}`, SLACK_LIMITS.sectionText)) };
}

/** Cuts at a line end so no mention or entity is split, with `…` on its own line. */
function clipLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 2);
  return `${text.slice(0, cut > 0 ? cut : 0)}\n…`;
}

function totalsPhrase(u: UsageTotals): string {
  const rate = cacheHitRate(allTokens(u.tokens));
  return `${formatCount(u.sessions)} sessions · ${formatCount(u.prompts)} prompts · ${formatTotalCost(u.costUsd, u.unpricedModels)}${rate === undefined ? '' : ` · ${formatPercent(rate)} cache hits`}`;
}

function tokenPhrase(t: TokenCounts): string {
  const rate = cacheHitRate(t);
  return `in ${formatCount(t.input)} · out ${formatCount(t.output)} · cache ${formatCount(t.cacheRead)} read / ${formatCount(t.cacheWrite)} written${rate === undefined ? '' : ` · ${formatPercent(rate)} hits`}`;
}

const volume = (t: TokenCounts) => t.input + t.output + t.cacheRead + t.cacheWrite;

/** Most cost first, then most sessions, then by key (stable). */
function sortByCost(m: ReadonlyMap<string | null, UsageTotals>): Array<[string | null, UsageTotals]> {
  return [...m].sort(([ka, a], [kb, b]) => b.costUsd - a.costUsd || b.sessions - a.sessions || String(ka).localeCompare(String(kb)));
}

function filterPhrase(report: UsageReport): string {
  const f = report.filter;
  switch (f.kind) {
    case 'all':
      return '';
    case 'repo':
      return f.repo;
    // A header is plain text: Slack shows no mention there, so people and channels are named in the text.
    case 'person':
      return 'one person';
    case 'channel':
      return 'one channel';
  }
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}
