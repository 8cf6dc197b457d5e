/**
 * A session evaluation in Block Kit: the session's place and status line, the overall verdict and counts,
 * one section per question group (each answer: verdict, score, finding, evidence linked to the page's
 * anchors, recommendation), where it came from, and an Open session button. Pure: record, summary and
 * options in, JSON out. Every text is escaped (mrkdwn.ts) and each group's section is built within Slack's
 * 3,000-character section limit (slackLimits.ts) whatever the answers hold.
 */
import { EVAL_GROUPS, GROUP_LABELS, questionOf } from '../evals/evalQuestions.js';
import { overallVerdict, tallyLine, tallyVerdicts } from '../evals/sessionEval.js';
import type { EvalAnswer, EvalRecord, Verdict } from '../evals/sessionEval.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { Block, BlockMessage } from './blockKit.js';
import { mrkdwn, plain } from './blockKit.js';
import { oneLine, sessionPlace, statusAge, statusPhrase } from './format.js';
import { escapeMrkdwn, literalMrkdwn, mrkdwnLink } from './mrkdwn.js';
import { OPEN_SESSION_ACTION_ID } from './sessionCardBlocks.js';
import { clip, SLACK_LIMITS } from './slackLimits.js';

export interface EvalBlocksOptions {
  sessionUrl: string;
  now: Date;
  /** A line above the evaluation, e.g. "<@U1> asked for an evaluation." (mrkdwn, already safe). */
  lead?: string;
  /** Why the evaluation is rule-based though a model is configured (the model's failure, readable). */
  modelFailure?: string;
}

export const VERDICT_EMOJI: Readonly<Record<Verdict, string>> = { pass: ':white_check_mark:', warn: ':warning:', fail: ':x:' };

const lit = (text: string, max: number) => clip(oneLine(text), max, literalMrkdwn);
const SECTION = SLACK_LIMITS.sectionText;
/** Evidence links shown per answer (each carries the page URL). */
const LINKS_PER_ANSWER = 3;

/** The page URL of an anchor, when the session URL can take a fragment. */
function anchorLink(sessionUrl: string, anchor: string): string {
  const label = escapeMrkdwn(anchor);
  return sessionUrl === '' || sessionUrl.includes('#') ? `\`${label}\`` : mrkdwnLink(`${sessionUrl}#${anchor}`, label);
}

/** One answer in mrkdwn, at most `max` characters (links are never cut: they are dropped when they do not fit). */
function answerText(a: EvalAnswer, sessionUrl: string, max: number): string {
  const label = lit(questionOf(a.question)?.label ?? a.question, 60);
  if (a.verdict === null) return `:grey_question: *${label}*: _needs a model_`;
  const head = `${VERDICT_EMOJI[a.verdict]} *${label}* ${a.score}/5${a.source === 'rules' ? ' (rules)' : ''}`;
  const links = a.evidence.slice(0, LINKS_PER_ANSWER).map((e) => anchorLink(sessionUrl, e));
  let evidence = links.length > 0 ? `\n   Evidence: ${links.join(', ')}` : '';
  if (head.length + evidence.length > max / 2) evidence = '';
  const room = max - head.length - evidence.length - 8;
  const rec = a.recommendation === '' ? '' : lit(a.recommendation, Math.max(20, Math.floor(room * 0.35)));
  const finding = lit(a.finding, Math.max(20, room - rec.length));
  return clip(`${head}\n   ${finding}${evidence}${rec === '' ? '' : `\n   _${rec}_`}`, max);
}

export function buildEvalBlocks(record: EvalRecord, summary: SessionSummary, options: EvalBlocksOptions): BlockMessage {
  const tally = tallyVerdicts(record.answers);
  const overall = overallVerdict(tally);
  const place = lit(sessionPlace(summary), 200);
  const age = statusAge(summary, options.now);
  const title = oneLine(summary.title ?? summary.repo ?? summary.sessionId);
  const blocks: Block[] = [];
  if (options.lead) blocks.push({ type: 'section', text: mrkdwn(clip(options.lead, SECTION)) });
  blocks.push(
    { type: 'header', text: plain(clip(`Evaluation: ${title}`, SLACK_LIMITS.headerText)) },
    { type: 'context', elements: [mrkdwn(`${mrkdwnLink(options.sessionUrl, place)} · ${lit(statusPhrase(summary), 200)}${age ? ` ${age}` : ''}`)] },
    { type: 'section', text: mrkdwn(`*Overall: ${overall === null ? 'not judged' : `${VERDICT_EMOJI[overall]} ${overall}`}* · ${tallyLine(tally)}`) },
  );
  for (const group of EVAL_GROUPS) {
    const answers = record.answers.filter((a) => questionOf(a.question)?.group === group);
    if (answers.length === 0) continue;
    const heading = `*${GROUP_LABELS[group]}*\n`;
    const per = Math.floor((SECTION - heading.length) / answers.length) - 1;
    blocks.push({ type: 'section', text: mrkdwn(`${heading}${answers.map((a) => answerText(a, options.sessionUrl, per)).join('\n')}`) });
  }
  const origin =
    record.source === 'llm'
      ? `Evaluation by ${lit(record.model ?? 'the model', 80)}, covering the session up to event ${record.sessionRevision}.`
      : options.modelFailure
        ? `Rule-based evaluation: the model could not make one (${lit(options.modelFailure, 300)}).`
        : 'Rule-based evaluation (no model configured): questions the rules cannot answer need a model (set ANTHROPIC_API_KEY).';
  blocks.push({ type: 'context', elements: [mrkdwn(origin)] });
  if (options.sessionUrl.length > 0 && options.sessionUrl.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: OPEN_SESSION_ACTION_ID, text: plain('Open session'), url: options.sessionUrl, style: 'primary' }] });
  }
  const text = `Evaluation of ${escapeMrkdwn(title)}: ${overall ?? 'not judged'} (${tallyLine(tally)})`;
  return { blocks, text: clip(text, 3000) };
}
