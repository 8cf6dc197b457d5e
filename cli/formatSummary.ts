/** Plain-text rendering of one session summary for the terminal (`kap show`; `kap sessions`: sessionTable.ts). */
import type { SessionOwner } from '../access/sessionAccess.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionView } from '../ingest/sessionView.js';
import { unpricedModelsOf } from '../renderers/format.js';

const n = (value: number) => value.toLocaleString('en-US');

/** ` (partial: price unknown for claude-x)` when some models have no price (projections/modelPricing.ts). */
function unpricedNote(s: SessionSummary): string {
  const unpriced = unpricedModelsOf(s);
  return unpriced.length > 0 ? ` (partial: price unknown for ${unpriced.join(', ')})` : '';
}

/** `s` as `GET /v1/sessions/:id` answers it: with its owner and visibility when the server gives them. */
export function formatSummary(s: SessionSummary | SessionView): string {
  const lines = [
    `Session ${s.sessionId}${s.title ? ` — ${s.title}` : ''}`,
    `  where:    ${s.repo ?? s.cwd ?? '?'}${s.branch ? ` @ ${s.branch}` : ''}${s.user ? `  by ${s.user}` : ''}`,
    ...(isView(s) ? [`  ${formatAccess(s)}`] : []),
    `  status:   ${s.status}${s.waitingFor ? ` (${s.waitingFor})` : ''}${s.statusSince ? ` since ${s.statusSince}` : ''}`,
    `  time:     ${s.startedAt ?? '?'} → ${s.lastActivityAt ?? '?'}`,
    `  prompts:  ${s.prompts}   turns: ${s.turns}   subagents: ${s.subagents}   cost: $${s.costUsd.toFixed(4)}${unpricedNote(s)}`,
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

const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

function isView(s: SessionSummary | SessionView): s is SessionView {
  return 'owner' in s && typeof s.owner === 'object' && s.owner !== null && typeof s.visibility === 'string';
}

/**
 * `owner: Dana Reyes <dana@acme.dev> (U0123) · visibility: channel (default)`, then the shares when there
 * are any (` · shared in C0123, C0456 · with U0789`). The owner's parts come from the collector: control
 * characters are dropped so a name cannot drive the terminal.
 */
export function formatAccess(view: SessionView): string {
  const shares = view.sharedWith;
  return [
    `owner: ${formatOwner(view.owner)}`,
    `visibility: ${view.visibility}${view.visibilitySet ? '' : ' (default)'}`,
    ...(shares.channels.length > 0 ? [`shared in ${shares.channels.map(printable).join(', ')}`] : []),
    ...(shares.users.length > 0 ? [`with ${shares.users.map(printable).join(', ')}`] : []),
  ].join(' · ');
}

/** `Name <email> (Slack id)`, falling back to the OS user at the host; `(no Slack user)` when none resolves. */
export function formatOwner(owner: SessionOwner): string {
  const name = owner.name ? printable(owner.name) : null;
  const email = owner.email ? printable(owner.email) : null;
  const machine = owner.osUser ? `${printable(owner.osUser)}${owner.host ? `@${printable(owner.host)}` : ''}` : null;
  const who = name && email ? `${name} <${email}>` : (name ?? email ?? machine ?? 'unknown');
  return `${who} (${owner.slackUserId ? printable(owner.slackUserId) : 'no Slack user'})`;
}
