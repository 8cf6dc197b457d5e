/**
 * The session page's evaluation section: the overall verdict and counts, then each question group as a list
 * of answers (verdict, score, finding, evidence as links to the page's own anchors `#turn-N` / `#tool-<id>`,
 * recommendation) and where the evaluation came from. Pure and escaped: every text of the record is
 * untrusted (the model wrote it, or the rules quoted commands), so it goes through escapeHtml, and evidence
 * becomes a link only when it is a well-formed anchor (sessionEval.ts ANCHOR_PATTERN).
 *
 * Classes (`kap-eval`, `kap-eval-pass|warn|fail|needs`) are for the page's stylesheet; the section reads
 * fine without one.
 */
import { EVAL_GROUPS, GROUP_LABELS, questionOf } from '../../evals/evalQuestions.js';
import { ANCHOR_PATTERN, overallVerdict, tallyLine, tallyVerdicts } from '../../evals/sessionEval.js';
import type { EvalAnswer, EvalRecord } from '../../evals/sessionEval.js';
import { escapeHtml, formatDateTime } from './html.js';

const VERDICT_MARK = { pass: '✔', warn: '▲', fail: '✘' } as const;

function evidenceHtml(evidence: readonly string[]): string {
  const links = evidence.map((e) => (ANCHOR_PATTERN.test(e) ? `<a href="#${escapeHtml(e)}">${escapeHtml(e)}</a>` : `<code>${escapeHtml(e)}</code>`));
  return links.length === 0 ? '' : `<p class="kap-eval-evidence">Evidence: ${links.join(', ')}</p>`;
}

function answerHtml(a: EvalAnswer): string {
  const label = escapeHtml(questionOf(a.question)?.label ?? a.question);
  if (a.verdict === null) {
    return `<li class="kap-eval-answer kap-eval-needs"><strong>${label}</strong>: <em>needs a model</em></li>`;
  }
  const by = a.source === 'rules' ? ' <span class="kap-eval-source">(rules)</span>' : '';
  return [
    `<li class="kap-eval-answer kap-eval-${a.verdict}">`,
    `<strong>${label}</strong> <span class="kap-eval-verdict">${VERDICT_MARK[a.verdict]} ${a.verdict}</span> <span class="kap-eval-score">${a.score ?? '–'}/5</span>${by}`,
    `<p>${escapeHtml(a.finding)}</p>`,
    evidenceHtml(a.evidence),
    a.recommendation === '' ? '' : `<p class="kap-eval-recommendation">${escapeHtml(a.recommendation)}</p>`,
    '</li>',
  ].join('');
}

export interface EvalSectionOptions {
  /** The session's activity revision now (SessionSummary.activityRevision): a newer one than the evaluation covers says it moved on. */
  activityRevision?: number;
}

/**
 * The evaluation as an HTML `<section id="evaluation">`. The stored record for a session is
 * workers/evalService.ts `storedEvaluationOf(store, summary)`.
 */
export function renderEvalSection(record: EvalRecord, options: EvalSectionOptions = {}): string {
  const tally = tallyVerdicts(record.answers);
  const overall = overallVerdict(tally);
  const origin =
    record.source === 'llm'
      ? `Evaluation by ${escapeHtml(record.model ?? 'the model')}`
      : 'Rule-based evaluation (no model configured): questions the rules cannot answer need a model';
  const now = options.activityRevision;
  const moved = typeof now === 'number' && now > record.sessionRevision ? ` The session has moved on since (event ${now}): evaluate it again for the newer work.` : '';
  const groups = EVAL_GROUPS.map((group) => {
    const answers = record.answers.filter((a) => questionOf(a.question)?.group === group);
    if (answers.length === 0) return '';
    return `<h3>${escapeHtml(GROUP_LABELS[group])}</h3><ul class="kap-eval-group">${answers.map(answerHtml).join('')}</ul>`;
  }).join('');
  return [
    '<section id="evaluation" class="kap-eval">',
    '<h2>Evaluation</h2>',
    `<p class="kap-eval-overall${overall ? ` kap-eval-${overall}` : ''}"><strong>${overall ?? 'not judged'}</strong> · ${escapeHtml(tallyLine(tally))}</p>`,
    groups,
    `<p class="kap-eval-origin">${origin}, covering the session up to event ${Number(record.sessionRevision)}, made ${escapeHtml(formatDateTime(record.generatedAt))}.${moved}</p>`,
    '</section>',
  ].join('');
}
