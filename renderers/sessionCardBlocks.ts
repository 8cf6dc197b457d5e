/**
 * The session card in Block Kit: what a pasted Kap session link unfurls to (`chat.unfurl`, as
 * `unfurls[url] = { blocks }`) and what Kap posts. Pure: the summary and `now` in, JSON out.
 *
 * Layout: header (title) · where and status · who and when · figures (prompts, turns, cost, cache hits,
 * tool calls, subagents) · tokens per model · top tools · files changed · last prompt · the PNG card (when
 * its URL is given) · the evaluation's one-line verdict (when the session was evaluated) · buttons Open session /
 * Recap / Evaluate / Continue. Every piece of session text is escaped
 * (mrkdwn.ts) and cut visibly with `…` to fit Slack's limits (slackLimits.ts) whatever the input.
 */
import type { SessionSummary, TokenCounts } from '../projections/sessionSummary.js';
import type { Block, BlockMessage, ButtonElement, SectionBlock } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import {
  cacheHitRate,
  formatAgo,
  formatCount,
  formatPercent,
  formatCost,
  modelLabel,
  modelsByTokens,
  oneLine,
  personName,
  sessionPlace,
  statusAge,
  statusPhrase,
  toolsByCalls,
  totalToolCalls,
} from './format.js';
import { codeSpan, escapeMrkdwn, literalMrkdwn, mrkdwnLink } from './mrkdwn.js';
import { relativeTo } from '../recaps/sessionFacts.js';
import { clip, clipStart, SLACK_LIMITS } from './slackLimits.js';

export interface SessionCardOptions {
  /** The session's page; the headline links to it and "Open session" opens it. */
  sessionUrl: string;
  /** A public URL of the PNG card (cardImage.ts); adds a full-width image block. */
  imageUrl?: string;
  /** The time the card is built at, for "since 3 min ago". */
  now: Date;
}

/** Interaction ids the bot listens for; the button value is the session id. */
export const RECAP_ACTION_ID = 'kap_recap';
export const CONTINUE_ACTION_ID = 'kap_continue';
/** The Evaluate button: the bot enqueues the session's evaluation (workers/evalJob.ts). */
export const EVALUATE_ACTION_ID = 'kap_evaluate';
export const OPEN_SESSION_ACTION_ID = 'kap_open_session';

/** How much of each list the card shows; the rest is counted ("and 3 more"). */
export const CARD_LIST_SIZES = { models: 5, tools: 5, files: 5 } as const;

/** Character budgets (before escaping) for session text on the card. */
const CUT = { title: SLACK_LIMITS.headerText, name: 80, path: 90, tool: 60, prompt: 400, waitingFor: 200, text: 300 };

const STATUS_EMOJI: Record<SessionSummary['status'], string> = {
  running: ':large_green_circle:',
  waiting: ':large_yellow_circle:',
  idle: ':white_circle:',
  ended: ':black_circle:',
};

/** Session text in mrkdwn (escaped: no mention or link can form), one line, cut to `max` characters. */
const lit = (text: string, max: number) => clip(oneLine(text), max, literalMrkdwn);
/** Session text as inline code (paths, branches, tool names); text with a backtick, which no code span can hold, plain. */
const code = (text: string, max: number) => {
  const flat = oneLine(text);
  const inner = clip(flat, max, escapeMrkdwn) || '?';
  return flat.includes('`') ? inner : `\`${inner}\``;
};

/** Builds the card. Never throws; any summary gives blocks within Slack's limits. */
export function buildSessionCard(summary: SessionSummary, options: SessionCardOptions): BlockMessage {
  const s = summary;
  const urlFits = options.sessionUrl.length > 0 && options.sessionUrl.length <= SLACK_LIMITS.buttonUrl;
  const place = sessionPlace(s);
  const title = s.title !== null && oneLine(s.title) !== '' ? oneLine(s.title) : `Claude Code session in ${oneLine(place)}`;

  const blocks: Block[] = [{ type: 'header', block_id: 'kap_card_title', text: plain(clip(title, CUT.title)) }];

  const placeText = `*${urlFits ? mrkdwnLink(options.sessionUrl, lit(place, CUT.name)) : lit(place, CUT.name)}*`;
  const branch = s.branch && oneLine(s.branch) !== '' ? ` on ${code(s.branch, CUT.name)}` : '';
  const age = statusAge(s, options.now);
  const status = `${STATUS_EMOJI[s.status]} *${lit(statusPhrase(s), CUT.waitingFor)}*${age ? ` ${age}` : ''}`;
  blocks.push({ type: 'section', block_id: 'kap_card_where', text: mrkdwn(`${placeText}${branch}\n${status}`) });

  const who = [personName(s.user), s.host].filter((x): x is string => x !== undefined && x !== null && x.trim() !== '');
  const started = formatAgo(s.startedAt, options.now);
  const last = formatAgo(s.lastActivityAt, options.now);
  const context = [
    ...who.map((w) => lit(w, CUT.name)),
    ...(started ? [`started ${started}`] : []),
    ...(last ? [`last activity ${last}`] : []),
  ];
  if (context.length > 0) blocks.push({ type: 'context', block_id: 'kap_card_who', elements: [mrkdwn(context.join(' · '))] });

  blocks.push(figuresBlock(s));
  const tokens = tokensBlock(s);
  if (tokens) blocks.push(tokens);
  const tools = toolsBlock(s);
  if (tools) blocks.push(tools);
  const files = filesBlock(s);
  if (files) blocks.push(files);
  if (s.lastPrompt !== null && oneLine(s.lastPrompt) !== '') {
    const quote = `*Last prompt*\n> ${lit(s.lastPrompt, CUT.prompt)}`;
    blocks.push({ type: 'section', block_id: 'kap_card_prompt', text: mrkdwn(quote) });
  }
  if (options.imageUrl !== undefined && options.imageUrl.length > 0 && options.imageUrl.length <= SLACK_LIMITS.imageUrl) {
    blocks.push({ type: 'image', block_id: 'kap_card_image', image_url: options.imageUrl, alt_text: altText(s, options.now) });
  }
  const verdict = evalVerdictLine(s);
  if (verdict) blocks.push({ type: 'context', block_id: 'kap_card_eval', elements: [mrkdwn(verdict)] });
  blocks.push(actionsBlock(s.sessionId, urlFits ? options.sessionUrl : undefined));

  const fallback = `${lit(place, CUT.name)}${s.branch ? ` (${lit(s.branch, CUT.name)})` : ''}: ${lit(statusPhrase(s), CUT.waitingFor)} · ${formatCount(s.prompts)} prompts · ${formatCost(s)}`;
  return { blocks, text: fallback };
}

/** Sum of every model's counts. */
function allTokens(s: SessionSummary): TokenCounts {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const t of Object.values(s.tokens)) {
    sum.input += t.input;
    sum.output += t.output;
    sum.cacheRead += t.cacheRead;
    sum.cacheWrite += t.cacheWrite;
  }
  return sum;
}

function figuresBlock(s: SessionSummary): SectionBlock {
  const rate = cacheHitRate(allTokens(s));
  const calls = totalToolCalls(s);
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);
  return {
    type: 'section',
    block_id: 'kap_card_figures',
    fields: [
      field('Prompts', formatCount(s.prompts)),
      field('Turns', formatCount(s.turns)),
      field('Cost', formatCost(s)),
      field('Cache hits', rate === undefined ? '—' : formatPercent(rate)),
      field('Tool calls', `${formatCount(calls)}${s.toolErrors > 0 ? ` · ${formatCount(s.toolErrors)} failed` : ''}`),
      field('Subagents', formatCount(s.subagents)),
    ],
  };
}

/** `in 1.2k · out 48.3k · cache 2.91M read / 186k written · 94% hits` for one model. */
export function tokenLine(t: TokenCounts): string {
  const rate = cacheHitRate(t);
  const cache = t.cacheRead + t.cacheWrite > 0 ? ` · cache ${formatCount(t.cacheRead)} read / ${formatCount(t.cacheWrite)} written` : '';
  return `in ${formatCount(t.input)} · out ${formatCount(t.output)}${cache} · ${rate === undefined ? 'no prompt tokens' : `${formatPercent(rate)} cache hits`}`;
}

function tokensBlock(s: SessionSummary): SectionBlock | undefined {
  const models = modelsByTokens(s);
  if (models.length === 0) return undefined;
  const shown = models.slice(0, CARD_LIST_SIZES.models);
  const lines = shown.map(([model, t]) => `• *${lit(modelLabel(model), CUT.name)}*: ${tokenLine(t)}`);
  const rest = models.length - shown.length;
  if (rest > 0) lines.push(`• and ${formatCount(rest)} more ${rest === 1 ? 'model' : 'models'}`);
  return { type: 'section', block_id: 'kap_card_tokens', text: mrkdwn(`*Tokens by model*\n${lines.join('\n')}`) };
}

function toolsBlock(s: SessionSummary): SectionBlock | undefined {
  const tools = toolsByCalls(s);
  if (tools.length === 0 && s.toolErrors === 0) return undefined;
  const shown = tools.slice(0, CARD_LIST_SIZES.tools).map(([name, calls]) => `${code(name, CUT.tool)} ${formatCount(calls)}`);
  const rest = tools.length - CARD_LIST_SIZES.tools;
  if (rest > 0) shown.push(`and ${formatCount(rest)} more`);
  const errors = s.toolErrors > 0 ? `\n:warning: ${formatCount(s.toolErrors)} tool ${s.toolErrors === 1 ? 'call' : 'calls'} failed` : '';
  return { type: 'section', block_id: 'kap_card_tools', text: mrkdwn(`*Top tools*\n${shown.join(' · ')}${errors}`) };
}

function filesBlock(s: SessionSummary): SectionBlock | undefined {
  if (s.filesChanged.length === 0) return undefined;
  // Relative to the session's cwd (its worktree or checkout) where inside it: the absolute prefix says nothing.
  const shown = s.filesChanged.slice(0, CARD_LIST_SIZES.files).map((f) => `• ${codeSpan(clipStart(oneLine(relativeTo(s.cwd, f)), CUT.path)) || '`?`'}`);
  const rest = s.filesChanged.length - CARD_LIST_SIZES.files;
  if (rest > 0) shown.push(`• and ${formatCount(rest)} more`);
  const heading = `*Files changed (${formatCount(s.filesChanged.length)})*`;
  return { type: 'section', block_id: 'kap_card_files', text: mrkdwn(`${heading}\n${shown.join('\n')}`) };
}

function actionsBlock(sessionId: string, sessionUrl: string | undefined): Block {
  const value = clip(sessionId, SLACK_LIMITS.buttonValue);
  const elements: ButtonElement[] = [];
  if (sessionUrl !== undefined) {
    elements.push({ type: 'button', action_id: OPEN_SESSION_ACTION_ID, text: plain('Open session'), url: sessionUrl, style: 'primary' });
  }
  elements.push({ type: 'button', action_id: RECAP_ACTION_ID, text: plain('Recap'), value });
  elements.push({ type: 'button', action_id: EVALUATE_ACTION_ID, text: plain('Evaluate'), value });
  elements.push({ type: 'button', action_id: CONTINUE_ACTION_ID, text: plain('Continue'), value });
  return { type: 'actions', block_id: 'kap_card_actions', elements };
}

/**
 * `*Evaluation* :warning: warn · 9 pass · 2 warn (rules, 6 need a model)`, or undefined when the session was
 * never evaluated. Read defensively: summaries stored before evaluations lack the field, and the counts are
 * numbers only when the fold put them there.
 */
export function evalVerdictLine(s: SessionSummary): string | undefined {
  const v = s.evalVerdict;
  if (!v || typeof v !== 'object') return undefined;
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? Math.floor(x) : 0);
  const counts = { pass: n(v.pass), warn: n(v.warn), fail: n(v.fail) };
  const overall = counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : counts.pass > 0 ? 'pass' : undefined;
  if (!overall) return undefined;
  const emoji = { pass: ':white_check_mark:', warn: ':warning:', fail: ':x:' }[overall];
  const parts = [`${counts.pass} pass`, ...(counts.warn > 0 ? [`${counts.warn} warn`] : []), ...(counts.fail > 0 ? [`${counts.fail} fail`] : [])];
  const needs = n(v.needsModel);
  const origin = v.source === 'llm' ? (v.model ? lit(modelLabel(v.model), CUT.name) : 'model') : `rules${needs > 0 ? `, ${needs} ${needs === 1 ? 'needs' : 'need'} a model` : ''}`;
  return `*Evaluation* ${emoji} ${overall} · ${parts.join(' · ')} (${origin})`;
}

/** The image's alt text: the card's figures in one plain sentence, for screen readers. */
function altText(s: SessionSummary, now: Date): string {
  const age = statusAge(s, now);
  const parts = [
    `Kap session card: ${oneLine(sessionPlace(s))}${s.branch ? ` on ${oneLine(s.branch)}` : ''}`,
    `${statusPhrase(s)}${age ? ` ${age}` : ''}`,
    `${s.prompts} prompts, ${s.turns} turns, ${formatCost(s)}`,
    ...modelsByTokens(s)
      .slice(0, CARD_LIST_SIZES.models)
      .map(([model, t]) => `${modelLabel(model)} ${tokenLine(t)}`),
    `${s.filesChanged.length} files changed`,
  ];
  return clip(oneLine(parts.join('; ')), SLACK_LIMITS.imageAltText);
}
