/**
 * One tool call's whole recorded output (`/s/<id>/tools/<tool_use id>`): the session page shows the first
 * SHOWN_OUTPUT_CHARS of long outputs and links here. Scriptless; everything from the transcript escaped.
 */
import type { SessionTimeline, ToolCallItem } from '../projections/sessionTimeline.js';
import { toolAnchor } from '../projections/sessionTurns.js';
import { escapeHtml, formatCount } from './page/html.js';
import { sessionHref } from './page/sessionLinks.js';
import type { SessionLinks } from './page/sessionLinks.js';
import { sessionPageHead } from './page/sessionPageHead.js';
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
  return `${sessionPageHead({ title: `${call.name} output`, sessionId: links.sessionId, css: 'pre.out { max-height: none; }' })}<p><a href="${sessionHref(links)}#${escapeHtml(toolAnchor(call.id))}">← back to the call</a></p>
<h1><span class="mono">${escapeHtml(call.name)}</span> <span class="mono note">${escapeHtml(toolHeadline(call))}</span></h1>
${body}
</main>
</body>
</html>
`;
}
