/** Plain-text renderings of a session summary for the terminal. */
import type { SessionSummary } from '../projections/sessionSummary.js';

const n = (value: number) => value.toLocaleString('en-US');

export function formatSessionLine(s: SessionSummary): string {
  const where = s.repo ?? s.cwd ?? '?';
  return `${s.sessionId}  ${s.status.padEnd(7)}  ${(s.lastActivityAt ?? '').slice(0, 16)}  ${where}${s.branch ? `@${s.branch}` : ''}  ${s.prompts} prompts  $${s.costUsd.toFixed(2)}`;
}

export function formatSummary(s: SessionSummary): string {
  const lines = [
    `Session ${s.sessionId}${s.title ? ` — ${s.title}` : ''}`,
    `  where:    ${s.repo ?? s.cwd ?? '?'}${s.branch ? ` @ ${s.branch}` : ''}${s.user ? `  by ${s.user}` : ''}`,
    `  status:   ${s.status}${s.waitingFor ? ` (${s.waitingFor})` : ''}${s.statusSince ? ` since ${s.statusSince}` : ''}`,
    `  time:     ${s.startedAt ?? '?'} → ${s.lastActivityAt ?? '?'}`,
    `  prompts:  ${s.prompts}   turns: ${s.turns}   subagents: ${s.subagents}   cost: $${s.costUsd.toFixed(4)}`,
  ];
  for (const [model, t] of Object.entries(s.tokens)) {
    lines.push(`  ${model}: in ${n(t.input)}  out ${n(t.output)}  cache read ${n(t.cacheRead)}  cache write ${n(t.cacheWrite)}`);
  }
  const tools = Object.entries(s.tools).sort((a, b) => b[1] - a[1]);
  if (tools.length > 0) lines.push(`  tools:    ${tools.map(([name, count]) => `${name} ${count}`).join(', ')}${s.toolErrors ? `  (${s.toolErrors} failed)` : ''}`);
  if (s.filesChanged.length > 0) lines.push(`  files:    ${s.filesChanged.join('\n            ')}`);
  if (s.lastPrompt) lines.push(`  last prompt: ${s.lastPrompt.length > 200 ? `${s.lastPrompt.slice(0, 200)}…` : s.lastPrompt}`);
  return lines.join('\n');
}
