/**
 * The session page: one HTML document, rendered on the server from the session summary and the session
 * timeline projections. Readable without JavaScript: the site bar, the summary and its stats, the outline of
 * prompts, then the conversation turn by turn (`#turn-N`, `#tool-<id>` anchors). One script,
 * `/assets/replay.js`, adds the replay bar (scrubber, keyboard, find in page) and live follow (liveFollow.js); the page's
 * policy (`SCRIPT_PAGE_CSP`) allows no other script and nothing from elsewhere. Everything from the
 * transcript is escaped; assistant markdown goes through renderers/markdown.ts (raw HTML escaped, unsafe
 * links dropped).
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { firstLine } from '../projections/sessionTurnStats.js';
import { escapeHtml, formatDateTime } from './page/html.js';
import { sessionPath } from './page/sessionLinks.js';
import type { SessionLinks } from './page/sessionLinks.js';
import { sessionPageHead } from './page/sessionPageHead.js';
import { renderStats, renderSummaryHeader } from './page/summaryHeader.js';
import { renderOutline, renderOutlineRow } from './page/turnHead.js';
import { RenderedTurns } from './page/renderedTurns.js';
import { renderEvalSection } from './page/evalSection.js';
import type { EvalRecord } from '../evals/sessionEval.js';
import type { RenderedTurnsCache } from './page/renderedTurns.js';

export interface SessionPageInput {
  summary: SessionSummary;
  timeline: SessionTimeline;
  /** The time the page is rendered at (for "waiting for 5m"), injected so a render is repeatable. */
  now: Date;
  /** How the page links to its sub-pages (a signed link's `exp`/`sig`); default: no signature. */
  links?: SessionLinks;
  /** Whether the page may follow the session live (`/s/<id>/live`; Kap has a session feed). Default false. */
  live?: boolean;
  /** Turns already rendered for this revision (kept across requests); default: rendered afresh. */
  cache?: RenderedTurnsCache;
  /** The session's stored evaluation (workers/evalService.ts `storedEvaluationOf`), shown after the stats. */
  evaluation?: EvalRecord | undefined;
}

/** Longest heading taken from the first prompt, in characters. */
const TITLE_CHARS = 120;

/** The replay bar: hidden until replay.js shows it (without JavaScript it would do nothing). */
const REPLAY_BAR = `<div class="replay" id="replay" hidden>
<button type="button" data-act="prev-turn" title="Previous turn (p)">« turn</button><button type="button" data-act="prev-item" title="Previous item (k)">‹</button>
<input type="range" id="replay-turn" min="0" max="0" value="0" aria-label="Turn"><span id="replay-pos" class="pos"></span>
<button type="button" data-act="next-item" title="Next item (j)">›</button><button type="button" data-act="next-turn" title="Next turn (n)">turn »</button>
<span class="find"><input type="search" id="find" placeholder="Find in page (/)" aria-label="Find in this page"><span id="find-count" class="count"></span><button type="button" data-act="find-prev" title="Previous match (Shift+Enter)">↑</button><button type="button" data-act="find-next" title="Next match (Enter)">↓</button></span>
<button type="button" id="live-new" class="live-new" hidden></button>
</div>`;

/**
 * The page of one session as a complete HTML document (`<!doctype html>` … `</html>`, UTF-8). Deterministic
 * for the same input. Never throws on transcript content. The page carries the Content-Security-Policy
 * `<meta>` the route also sends, so even markup that slipped through could not run.
 */
export function renderSessionPage(input: SessionPageInput): string {
  return [...sessionPageChunks(input)].join('');
}

/**
 * `renderSessionPage` in pieces, each rendered when it is asked for: the head, summary, stats and outline
 * first (the first piece holds `<body>`), then one piece per turn, then the end. A route streams them so
 * the first bytes leave before the last turn is rendered.
 */
export function* sessionPageChunks({ summary, timeline, now, links = { sessionId: summary.sessionId }, live = false, cache, evaluation }: SessionPageInput): Generator<string, void, undefined> {
  const title = pageTitle(summary, timeline);
  const rendered = cache ? cache.of(timeline, links) : new RenderedTurns(timeline, links);
  const turns = rendered.turns;
  const empty = timeline.items.length === 0 && Object.keys(timeline.subagents).length === 0;
  const data = [
    `data-session-id="${escapeHtml(summary.sessionId)}"`,
    `data-revision="${timeline.revision}"`,
    `data-turns-url="${escapeHtml(sessionPath(links, '/turns'))}"`,
    live ? `data-live-url="${escapeHtml(sessionPath(links, '/live'))}"` : '',
  ].filter((d) => d !== '');
  yield `${sessionPageHead({ title, sessionId: summary.sessionId, script: 'replay.js', bodyAttributes: data.join(' ') })}${renderSummaryHeader(summary, title, now)}
<nav class="meta"><a href="#outline">Prompts</a> · <a href="#conversation">Conversation</a> · <a href="#stats">Stats</a>${evaluation ? ' · <a href="#evaluation">Evaluation</a>' : ''}${summary.filesChanged.length > 0 ? ` · <a href="${escapeHtml(sessionPath(links, '/files'))}">Files changed</a>` : ''}</nav>
${renderStats(summary, links)}
${evaluation ? renderEvalSection(evaluation, { activityRevision: summary.activityRevision ?? summary.revision }) : ''}
${renderOutline(turns)}
<section id="conversation">
<h2>Conversation</h2>
<div id="turns">
${empty ? '<p class="note">No transcript lines recorded yet.</p>' : ''}`;
  for (let k = 0; k < turns.length; k += 1) yield `${rendered.turn(k)}\n`;
  yield `</div>
${rendered.otherRuns()}
</section>
<footer>Rendered by Kap at ${escapeHtml(formatDateTime(now.toISOString()))} from stream revision ${timeline.revision}. Times are UTC.</footer>
</main>
${REPLAY_BAR}
</body>
</html>
`;
}

/** Turns from number `from` on, as the page renders them, for live follow (`/s/<id>/turns?from=N`). */
export interface TurnsFragment {
  /** The timeline revision they were rendered from. */
  revision: number;
  /** The last turn's number (-1 when there is none). */
  lastTurn: number;
  /** `<section class="turn">` elements followed by a `<template id="outline-rows">` of their outline rows. */
  html: string;
}

/**
 * The turns numbered `from` and later (the last one the page has may still be growing, so the page asks for
 * it again). A run started by a call in an earlier turn is not repeated.
 */
export function renderTurnsFragment(timeline: SessionTimeline, from: number, links: SessionLinks, cache?: RenderedTurnsCache): TurnsFragment {
  const rendered = cache ? cache.of(timeline, links) : new RenderedTurns(timeline, links);
  const html: string[] = [];
  const rows: string[] = [];
  rendered.turns.forEach((t, k) => {
    if (t.n < from) return;
    html.push(rendered.turn(k));
    if (t.prompt !== null) rows.push(renderOutlineRow(t));
  });
  return { revision: timeline.revision, lastTurn: rendered.turns.at(-1)?.n ?? -1, html: `${html.join('\n')}\n<template id="outline-rows">${rows.join('')}</template>` };
}

/** The summary's title, else the first prompt's first line, else the session id. */
function pageTitle(summary: SessionSummary, timeline: SessionTimeline): string {
  if (summary.title !== null && summary.title.trim() !== '') return summary.title;
  const first = timeline.items.find((i) => i.kind === 'prompt');
  if (first?.kind === 'prompt') return firstLine(first.text, TITLE_CHARS);
  return `Session ${summary.sessionId}`;
}
