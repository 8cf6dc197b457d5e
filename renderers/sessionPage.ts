/**
 * The session page: one HTML document, rendered on the server from the session summary and the session
 * timeline projections, readable without JavaScript and loading nothing from elsewhere (styles inline, no
 * scripts, no images). Everything from the transcript is escaped; assistant markdown goes through
 * renderers/markdown.ts (raw HTML escaped, unsafe links dropped).
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { renderConversation } from './page/conversation.js';
import { escapeHtml, formatDateTime } from './page/html.js';
import { SESSION_PAGE_CSS } from './page/styles.js';
import { renderStats, renderSummaryHeader } from './page/summaryHeader.js';

export interface SessionPageInput {
  summary: SessionSummary;
  timeline: SessionTimeline;
  /** The time the page is rendered at (for "waiting for 5m"), injected so a render is repeatable. */
  now: Date;
}

/** Longest heading taken from the first prompt, in characters. */
const TITLE_CHARS = 120;

/**
 * The page of one session as a complete HTML document (`<!doctype html>` … `</html>`, UTF-8). Deterministic
 * for the same input. Never throws on transcript content. The page carries a Content-Security-Policy
 * `<meta>` that forbids scripts, so even markup that slipped through could not run.
 */
export function renderSessionPage({ summary, timeline, now }: SessionPageInput): string {
  const title = pageTitle(summary, timeline);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Kap</title>
<style>${SESSION_PAGE_CSS}</style>
</head>
<body>
<main>
${renderSummaryHeader(summary, title, now)}
<nav class="meta"><a href="#conversation">Conversation</a> · <a href="#stats">Stats</a></nav>
<section id="conversation">
<h2>Conversation</h2>
${timeline.items.length === 0 && Object.keys(timeline.subagents).length === 0 ? '<p class="note">No transcript lines recorded yet.</p>' : renderConversation(timeline)}
</section>
${renderStats(summary)}
<footer>Rendered by Kap at ${escapeHtml(formatDateTime(now.toISOString()))} from stream revision ${timeline.revision}. Times are UTC.</footer>
</main>
</body>
</html>
`;
}

/** The summary's title, else the first prompt's first line, else the session id. */
function pageTitle(summary: SessionSummary, timeline: SessionTimeline): string {
  if (summary.title !== null && summary.title.trim() !== '') return summary.title;
  const first = timeline.items.find((i) => i.kind === 'prompt');
  if (first?.kind === 'prompt') {
    const line = first.text.trim().split('\n')[0]!;
    return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS)}…` : line;
  }
  return `Session ${summary.sessionId}`;
}
