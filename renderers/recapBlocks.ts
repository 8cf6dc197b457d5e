/**
 * A recap in Block Kit: the session's place and status line, Goal, Done, Current state (failing tests, open
 * errors, files in flight), Next, where it came from (the model, or rules when no model is configured or the
 * model failed), and the buttons Open session / Continue. Pure: record, summary and options in, JSON out.
 * Every text is escaped (mrkdwn.ts) and cut visibly to Slack's limits (slackLimits.ts); the recap's own fields
 * are Markdown (the model writes them; the rules quote prompts and commands), so their code spans stay code.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { RecapRecord } from '../recaps/recap.js';
import type { Block, BlockMessage, ButtonElement } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { oneLine, sessionPlace, statusAge, statusPhrase } from './format.js';
import { escapeMrkdwn, literalMrkdwn, markdownMrkdwn, mrkdwnLink } from './mrkdwn.js';
import { CONTINUE_ACTION_ID, OPEN_SESSION_ACTION_ID } from './sessionCardBlocks.js';
import { clip, SLACK_LIMITS } from './slackLimits.js';

export interface RecapBlocksOptions {
  sessionUrl: string;
  now: Date;
  /** A line above the recap, e.g. "<@U1> handed this session to <@U2>" (mrkdwn, already safe). */
  lead?: string;
  /** Why the recap is rule-based though a model is configured (the model's failure, readable). */
  modelFailure?: string;
}

const lit = (text: string, max: number) => clip(oneLine(text), max, literalMrkdwn);
/** A recap field (Markdown) on one line: escaped, cut, code spans kept. */
const md = (text: string, max: number) => markdownMrkdwn(clip(oneLine(text), max, escapeMrkdwn), { escaped: true });
const SECTION = SLACK_LIMITS.sectionText;

/** Bullet lines of `items`, cut so the whole section stays under Slack's section limit. */
function bullets(items: readonly string[], empty: string): string {
  if (items.length === 0) return `_${empty}_`;
  const per = Math.floor((SECTION - 100) / items.length) - 4;
  return items.map((i) => `• ${md(i, Math.max(40, per))}`).join('\n');
}

export function buildRecapBlocks(record: RecapRecord, summary: SessionSummary, options: RecapBlocksOptions): BlockMessage {
  const r = record.recap;
  const place = lit(sessionPlace(summary), 200);
  const age = statusAge(summary, options.now);
  const blocks: Block[] = [];
  if (options.lead) blocks.push({ type: 'section', text: mrkdwn(clip(options.lead, SECTION)) });
  blocks.push(
    { type: 'header', text: plain(clip(`Recap: ${oneLine(summary.title ?? summary.repo ?? summary.sessionId)}`, SLACK_LIMITS.headerText)) },
    {
      type: 'context',
      elements: [mrkdwn(`${mrkdwnLink(options.sessionUrl, place)} · ${lit(statusPhrase(summary), 200)}${age ? ` ${age}` : ''}`)],
    },
    { type: 'section', text: mrkdwn(`*Goal*\n${md(r.goal, SECTION - 20)}`) },
    { type: 'section', text: mrkdwn(`*Done*\n${bullets(r.done, 'nothing finished yet')}`) },
  );
  const state = r.currentState;
  const stateLines = [state.summary ? md(state.summary, 1200) : '_no details_'];
  if (state.failingTests.length > 0) stateLines.push(`*Failing tests*\n${bullets(state.failingTests, '')}`);
  if (state.openErrors.length > 0) stateLines.push(`*Open errors*\n${bullets(state.openErrors, '')}`);
  if (state.filesInFlight.length > 0) stateLines.push(`*Files in flight*\n${bullets(state.filesInFlight, '')}`);
  blocks.push({ type: 'section', text: mrkdwn(clip(`*Current state*\n${stateLines.join('\n')}`, SECTION)) });
  blocks.push({ type: 'section', text: mrkdwn(`*Next*\n${bullets(r.next, 'no next step recorded')}`) });
  const origin =
    record.source === 'llm'
      ? `Recap by ${lit(record.model ?? 'the model', 80)}, covering the session up to event ${record.sessionRevision}.`
      : options.modelFailure
        ? `Rule-based recap: the model could not make one (${lit(options.modelFailure, 300)}).`
        : 'Rule-based recap (no model configured): read the session for the details.';
  blocks.push({ type: 'context', elements: [mrkdwn(origin)] });
  const buttons: ButtonElement[] = [
    { type: 'button', action_id: OPEN_SESSION_ACTION_ID, text: plain('Open session'), url: options.sessionUrl, style: 'primary' },
    { type: 'button', action_id: CONTINUE_ACTION_ID, text: plain('Continue'), value: summary.sessionId },
  ];
  blocks.push({ type: 'actions', elements: buttons });
  return { blocks, text: clip(`Recap of ${escapeMrkdwn(oneLine(summary.title ?? summary.repo ?? summary.sessionId))}: ${escapeMrkdwn(oneLine(r.goal))}`, 3000) };
}
