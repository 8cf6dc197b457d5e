/**
 * A recap as Markdown for the terminal (`kap recap`): a heading, the session's repo / branch / status line,
 * where the recap came from (a label when the rules made it), then Goal, Done, Current state and Next.
 * Empty lists read "none" so a reader can tell "nothing" from "missing".
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { RecapRecord } from './recap.js';

const list = (items: readonly string[]) => (items.length === 0 ? '- none' : items.map((i) => `- ${i}`).join('\n'));

/** `record` rendered for a terminal; `summary` is the session's current summary (for its context line). */
export function recapToMarkdown(record: RecapRecord, summary: SessionSummary): string {
  const { recap } = record;
  const status = summary.waitingFor ? `${summary.status} (${summary.waitingFor})` : summary.status;
  const context = [summary.repo ?? 'unknown repo', summary.branch ?? 'unknown branch', status].join(' · ');
  const source =
    record.source === 'rules'
      ? `_Rule-based recap (no model configured): built from the session's todos, commands and files, not a reading of the conversation._`
      : `_Recap by ${record.model ?? 'the model'}._`;
  // Compared with the session's own activity, not `revision`: Kap's own events (this recap's RecapGenerated,
  // a share, the idle timer) move the revision without the session moving on.
  const activity = summary.activityRevision ?? summary.revision;
  const stale = record.sessionRevision < activity ? ` The session has moved on since (revision ${activity}).` : '';
  const s = recap.currentState;
  return [
    `# Recap: ${summary.title ?? summary.sessionId}`,
    '',
    context,
    `${source} Covers revision ${record.sessionRevision}, made ${record.generatedAt}.${stale}`,
    '',
    '## Goal',
    '',
    recap.goal,
    '',
    '## Done',
    '',
    list(recap.done),
    '',
    '## Current state',
    '',
    s.summary === '' ? '(no summary)' : s.summary,
    '',
    '**Failing tests**',
    '',
    list(s.failingTests),
    '',
    '**Open errors**',
    '',
    list(s.openErrors),
    '',
    '**Files in flight**',
    '',
    list(s.filesInFlight),
    '',
    '## Next',
    '',
    list(recap.next),
    '',
  ].join('\n');
}
