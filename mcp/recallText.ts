/**
 * Recall answers as the text an agent reads in a tool result: short lines, the facts first, links last.
 * Everything comes from Kap's read models; nothing here is an instruction (a session's prompt is quoted as data).
 */
import type { RecallSession } from '../recall/recallSession.js';
import type { TurnView } from '../recall/turnView.js';
import type { RecallHit } from './recallApi.js';

const MARKS = /[\uE000\uE001]/g;

/** A hit's snippet with its match marks as `**…**`. */
function snippetText(snippet: string): string {
  return snippet.replace(/\uE000/g, '**').replace(/\uE001/g, '**').replace(MARKS, '');
}

function where(s: { repo: string | null; branch: string | null }): string {
  return `${s.repo ?? 'no repo'}${s.branch ? `@${s.branch}` : ''}`;
}

export function hitsText(result: { hits: RecallHit[]; more: boolean }, query: string): string {
  if (result.hits.length === 0) return `No session you may read matches ${JSON.stringify(query)}.`;
  const lines = result.hits.map(
    (h, i) =>
      `${i + 1}. session ${h.sessionId} turn ${h.turn} (${h.kind}${h.toolName ? ` ${h.toolName}` : ''}) — ${h.title ?? 'untitled'} · ${where(h)}${h.at ? ` · ${h.at}` : ''}\n   ${snippetText(h.snippet).replace(/\s+/g, ' ').trim()}${h.url ? `\n   ${h.url}` : ''}`,
  );
  return `${lines.join('\n')}${result.more ? '\n(more results: raise limit or narrow the query)' : ''}\nUse get_turn with a session and turn to read one in full.`;
}

export function sessionText(s: RecallSession): string {
  return [
    `Session ${s.sessionId}${s.title ? ` — ${s.title}` : ''}`,
    `where: ${where(s)}${s.user ? ` · by ${s.user}` : ''}`,
    `status: ${s.status} · started ${s.startedAt ?? '?'} · last activity ${s.lastActivityAt ?? '?'}`,
    `turns: ${s.turns} · tool calls: ${s.toolCalls}${s.toolErrors > 0 ? ` (${s.toolErrors} failed)` : ''} · cost: $${s.costUsd.toFixed(2)}`,
    ...(s.filesChanged.length > 0 ? [`files changed: ${s.filesChanged.join(', ')}`] : []),
    ...(s.lastPrompt ? [`last prompt: ${JSON.stringify(s.lastPrompt)}`] : []),
    ...(s.url ? [`page: ${s.url}`] : []),
  ].join('\n');
}

export function sessionsText(sessions: RecallSession[]): string {
  if (sessions.length === 0) return 'No session you may read matches.';
  return sessions
    .map((s) => `- ${s.sessionId} · ${s.status} · ${s.lastActivityAt ?? '?'} · ${where(s)} · ${s.turns} turns — ${s.title ?? s.lastPrompt ?? 'untitled'}`)
    .join('\n');
}

export function turnText(t: TurnView): string {
  const lines = [`Session ${t.sessionId}, turn ${t.turn} of ${t.turns}${t.totalSteps > 0 ? ` (steps ${t.offset + 1}–${t.offset + t.steps.length} of ${t.totalSteps})` : ''}`];
  if (t.prompt) lines.push(`PROMPT${t.prompt.at ? ` ${t.prompt.at}` : ''}: ${t.prompt.text}`);
  for (const step of t.steps) {
    if (step.kind === 'text') lines.push(`ASSISTANT: ${step.text}`);
    else if (step.kind === 'notice') lines.push(`NOTICE: ${step.text}`);
    else {
      lines.push(`TOOL ${step.name}${step.about ? ` ${step.about}` : ''}${step.isError ? ' [failed]' : ''}`);
      if (step.subagent) lines.push(`  subagent ${step.subagent.agentId}: ${step.subagent.toolCalls} tool calls${step.subagent.prompt ? `, asked ${JSON.stringify(step.subagent.prompt)}` : ''}`);
      if (step.output !== null) lines.push(`  → ${step.output.replace(/\n/g, '\n    ')}${step.outputTruncated ? ' [cut]' : ''}`);
    }
  }
  if (t.nextOffset !== null) lines.push(`(more: call get_turn again with offset ${t.nextOffset})`);
  return lines.join('\n');
}
