/**
 * The files a session changed (`/s/<id>/files`): every file (path relative to the session's working
 * directory) with its number of changes, and for one file (`?path=`) each Write / Edit / MultiEdit in order
 * as a unified diff (package `diff`) with the file as it stood after it, when Kap can know it
 * (projections/sessionFileHistory.ts says when). Scriptless; everything from the transcript escaped.
 */
import { createTwoFilesPatch } from 'diff';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimeline.js';
import { fileHistoriesOf, relativeToRoot } from '../projections/sessionFileHistory.js';
import type { FileChange, FileHistory } from '../projections/sessionFileHistory.js';
import { toolAnchor, turnAnchor } from '../projections/sessionTurns.js';
import { escapeHtml, formatCount, formatDateTime } from './page/html.js';
import { sessionHref } from './page/sessionLinks.js';
import type { SessionLinks } from './page/sessionLinks.js';
import { sessionPageHead } from './page/sessionPageHead.js';

/** Diffs give up past this many changed lines (Myers is quadratic in the worst case) and say so. */
const MAX_EDIT_LENGTH = 5_000;

const FILES_CSS = `
.change { border: 1px solid var(--line); border-radius: 6px; margin: 16px 0; padding: 8px 12px; scroll-margin-top: 12px; }
.change h3 { margin: 0 0 6px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.change.failed { border-left: 3px solid var(--err); }
pre.udiff { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 0; overflow: auto; max-height: 640px; font-size: 12px; }
pre.udiff span { display: block; padding: 0 12px; white-space: pre; }
pre.udiff .add { background: #dafbe1; } pre.udiff .del { background: #ffebe9; } pre.udiff .hunk { color: var(--accent); } pre.udiff .meta { color: var(--muted); }
h1.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 20px; word-break: break-all; }
ul.file-list { list-style: none; padding: 0; font-size: 14px; } ul.file-list li { padding: 3px 0; word-break: break-all; }
`;

function page(title: string, summary: SessionSummary, body: string): string {
  return `${sessionPageHead({ title, sessionId: summary.sessionId, css: FILES_CSS })}${body}
</main>
</body>
</html>
`;
}

/** A unified diff as escaped lines with classes (added, removed, hunk header, file header). */
function renderPatch(patch: string): string {
  const lines = patch.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const body = lines
    .filter((l) => !l.startsWith('====='))
    .map((l) => {
      const cls = l.startsWith('+++') || l.startsWith('---') || l.startsWith('Index:') ? 'meta' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('@@') ? 'hunk' : '';
      return `<span${cls !== '' ? ` class="${cls}"` : ''}>${escapeHtml(l)}</span>`;
    });
  return `<pre class="udiff">${body.join('')}</pre>`;
}

/** The unified diff of one change: before → after when both are known, else what the call replaced. */
export function changeDiff(change: FileChange, path: string): string | undefined {
  const diff = (a: string, b: string, aHeader: string, bHeader: string) => createTwoFilesPatch(`a/${path}`, `b/${path}`, a, b, aHeader, bHeader, { context: 3, maxEditLength: MAX_EDIT_LENGTH });
  if (change.after !== null && (change.before !== null || change.tool === 'Write')) {
    return diff(change.before ?? '', change.after, change.before === null ? 'before: not known' : '', '');
  }
  if (change.edits !== null) {
    const patches = change.edits.map((e) => diff(e.old, e.new, 'replaced text', 'new text'));
    return patches.some((p) => p === undefined) ? undefined : patches.join('\n');
  }
  if (change.written !== null) return diff('', change.written, 'before: not known', '');
  return undefined;
}

/** The list of files (no `path`), with links to each. */
export function renderFileListPage(summary: SessionSummary, timeline: SessionTimeline, links: SessionLinks): string {
  const histories = [...fileHistoriesOf(timeline).values()];
  const rows = histories.map((h) => {
    const failed = h.changes.filter((c) => c.status === 'failed').length;
    return `<li><a class="mono" href="${sessionHref(links, '/files', { path: h.path })}">${escapeHtml(relativeToRoot(h.path, summary.cwd))}</a> · ${formatCount(h.changes.length)} ${h.changes.length === 1 ? 'change' : 'changes'}${failed > 0 ? `, ${formatCount(failed)} failed` : ''}</li>`;
  });
  const list = rows.length === 0 ? '<p class="note">This session changed no files.</p>' : `<ul class="file-list">${rows.join('')}</ul>`;
  const root = summary.cwd !== null ? `<p class="note">Paths relative to <span class="mono">${escapeHtml(summary.cwd)}</span>.</p>` : '';
  return page('Files changed', summary, `<p><a href="${sessionHref(links)}">← the session</a></p><h1>Files changed</h1>${root}${list}`);
}

/** One file's changes in order; undefined when the session did not change `path`. */
export function renderFileChangesPage(summary: SessionSummary, timeline: SessionTimeline, path: string, links: SessionLinks): string | undefined {
  const history: FileHistory | undefined = fileHistoriesOf(timeline).get(path);
  if (!history) return undefined;
  const shown = relativeToRoot(path, summary.cwd);
  const changes = history.changes.map((c, i) => renderChange(c, i + 1, shown, links));
  const body = `<p><a href="${sessionHref(links)}">← the session</a> · <a href="${sessionHref(links, '/files')}">all files</a></p>
<h1 class="path">${escapeHtml(shown)}</h1>
<p class="note">${formatCount(history.changes.length)} ${history.changes.length === 1 ? 'change' : 'changes'} in order${shown !== path ? ` · recorded as <span class="mono">${escapeHtml(path)}</span>` : ''}</p>
${changes.join('\n')}`;
  return page(shown, summary, body);
}

function renderChange(change: FileChange, n: number, path: string, links: SessionLinks): string {
  const status = change.status === 'failed' ? '<span class="badge error">failed: nothing changed</span>' : change.status === 'pending' ? '<span class="badge">no result yet</span>' : '';
  const where = `<a href="${sessionHref(links)}#${escapeHtml(toolAnchor(change.toolUseId))}">in the conversation</a> · <a href="${sessionHref(links)}#${turnAnchor(change.turn)}">turn ${change.turn}</a>`;
  const who = change.agent !== null ? ` · subagent <span class="mono">${escapeHtml(change.agent)}</span>` : '';
  const head = `<h3>${n}. <span class="mono">${escapeHtml(change.tool)}</span>${status}<span class="note">${change.at !== null ? escapeHtml(formatDateTime(change.at)) : ''}${who} · ${where}</span></h3>`;
  const patch = change.status === 'failed' && change.edits === null && change.written === null ? undefined : changeDiff(change, path);
  const diff = patch === undefined ? '<p class="note">No diff to show (too large to compare, or the input is not readable).</p>' : renderPatch(patch);
  const after = change.after !== null
    ? `<details><summary>The file after this change (${formatCount(change.after.split('\n').length)} lines)</summary><pre class="in">${escapeHtml(change.after)}</pre></details>`
    : `<p class="note">The file after this change is not known: ${escapeHtml(change.unknownBecause ?? 'not recorded')}.</p>`;
  return `<section class="change${change.status === 'failed' ? ' failed' : ''}" id="change-${n}">${head}${diff}${after}</section>`;
}
