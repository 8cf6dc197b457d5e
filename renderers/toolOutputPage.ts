/**
 * One tool call's whole recorded output (`/s/<id>/tools/<tool_use id>`): the session page shows the first
 * SHOWN_OUTPUT_CHARS of long outputs and links here. Scriptless; everything from the transcript escaped.
 */
import type { SessionTimeline, ToolCallItem } from '../projections/sessionTimeline.js';
import { toolAnchor } from '../projections/sessionTurns.js';
import { META_CSP } from './page/metaCsp.js';
import { escapeHtml, formatCount } from './page/html.js';
import { sessionHref } from './page/sessionLinks.js';
import type { SessionLinks } from './page/sessionLinks.js';
import { SITE_NAV_CSS, siteNav } from './page/siteNav.js';
import { SESSION_PAGE_CSS } from './page/styles.js';
import { toolHeadline } from './page/toolInput.js';

/** The call with this tool_use id, in the main thread or a run; undefined if the timeline has none. */
export function toolCallOf(timeline: SessionTimeline, toolUseId: string): ToolCallItem | undefined {
  const at = Object.hasOwn(timeline.index.tools, toolUseId) ? timeline.index.tools[toolUseId] : undefined;
  if (!at) return undefined;
  const items = at.agent === null ? timeline.items : Object.hasOwn(timeline.subagents, at.agent) ? timeline.subagents[at.agent]?.items : undefined;
  const item = items?.[at.index];
  return item?.kind === 'tool' && item.id === toolUseId ? item : undefined;
}

export function renderToolOutputPage(call: ToolCallItem, links: SessionLinks): string {
  const r = call.result;
  const body = r === null
    ? '<p class="note">No result recorded yet.</p>'
    : `<p class="note">${formatCount(r.text.length)} characters${r.truncated ? `, cut from ${formatCount(r.fullLength)} when recorded` : ''}${r.isError ? ' · <span class="badge error">error</span>' : ''}</p><pre class="out">${escapeHtml(r.text)}</pre>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${META_CSP}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(call.name)} output · Kap</title>
<style>${SITE_NAV_CSS}\n${SESSION_PAGE_CSS}\npre.out { max-height: none; }</style>
</head>
<body>
${siteNav('session', { sessionId: links.sessionId })}
<main>
<p><a href="${sessionHref(links)}#${escapeHtml(toolAnchor(call.id))}">← back to the call</a></p>
<h1><span class="mono">${escapeHtml(call.name)}</span> <span class="mono note">${escapeHtml(toolHeadline(call))}</span></h1>
${body}
</main>
</body>
</html>
`;
}
