/**
 * An evaluation as Markdown for the terminal (`kap eval`): a heading, the session's context line, where it
 * came from (a label when the rules made it), the verdict counts, then each group's answers with score,
 * verdict, finding, evidence anchors and recommendation.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import { EVAL_GROUPS, GROUP_LABELS, questionOf } from './evalQuestions.js';
import type { EvalAnswer, EvalRecord } from './sessionEval.js';
import { overallVerdict, tallyLine, tallyVerdicts } from './sessionEval.js';

const MARK = { pass: '✔ pass', warn: '▲ warn', fail: '✘ fail' } as const;

/** `record` rendered for a terminal; `summary` is the session's current summary (for its context line). */
export function evalToMarkdown(record: EvalRecord, summary: SessionSummary): string {
  const context = [summary.repo ?? 'unknown repo', summary.branch ?? 'unknown branch', summary.status].join(' · ');
  const source =
    record.source === 'rules'
      ? `_Rule-based evaluation (no model configured): the questions rules can answer are answered from the session's commands, files and tests; the others need a model._`
      : `_Evaluation by ${record.model ?? 'the model'}._`;
  const activity = summary.activityRevision ?? summary.revision;
  const stale = record.sessionRevision < activity ? ` The session has moved on since (revision ${activity}).` : '';
  const tally = tallyVerdicts(record.answers);
  const lines = [
    `# Evaluation: ${summary.title ?? summary.sessionId}`,
    '',
    context,
    `${source} Covers revision ${record.sessionRevision}, made ${record.generatedAt}.${stale}`,
    '',
    `**Overall: ${overallVerdict(tally) ?? 'not judged'}** (${tallyLine(tally)})`,
  ];
  for (const group of EVAL_GROUPS) {
    lines.push('', `## ${GROUP_LABELS[group]}`, '');
    for (const a of record.answers.filter((x) => questionOf(x.question)?.group === group)) lines.push(answerLines(a));
  }
  return `${lines.join('\n')}\n`;
}

function answerLines(a: EvalAnswer): string {
  const label = questionOf(a.question)?.label ?? a.question;
  const head = a.verdict === null ? `- **${label}**: needs a model` : `- **${label}**: ${MARK[a.verdict]} (${a.score}/5${a.source === 'rules' ? ', rules' : ''})`;
  const out = [head];
  if (a.verdict !== null) out.push(`  ${a.finding}`);
  if (a.evidence.length > 0) out.push(`  Evidence: ${a.evidence.map((e) => `#${e}`).join(', ')}`);
  if (a.recommendation !== '') out.push(`  Recommendation: ${a.recommendation}`);
  return out.join('\n');
}
