/**
 * `kap search <query…> [--limit n] [--offset n] [--json]`: hits across sessions from `GET /v1/search`
 * (ingest/searchRoute.ts), best first: session, turn, kind, the snippet (matches in bold yellow when stdout
 * is a terminal) and the link that opens the page at the hit. Text from sessions is printed with control
 * characters removed, so a transcript cannot drive the terminal. A bad query exits 1 with the reason.
 */
import { InvalidArgumentError } from 'commander';
import type { KapConfig } from '../config/kapConfig.js';
import type { SessionHit } from '../search/searchSessions.js';
import { MAX_SEARCH_LIMIT } from '../search/searchIndex.js';
import { MARK_END, MARK_START } from '../search/searchTokens.js';
import { getJson } from './apiClient.js';

export interface SearchFlags {
  limit: number;
  offset?: number;
  json?: boolean;
}

interface SearchAnswer {
  hits: Array<SessionHit & { url: string | null }>;
  more: boolean;
  sessions: number;
}

const KIND: Record<SessionHit['kind'], string> = { prompt: 'prompt', assistant: 'assistant', tool_input: 'tool call', tool_output: 'tool output' };

/** `--limit`: a whole number from 1 to MAX_SEARCH_LIMIT, or commander's usage error. */
export function parseSearchLimit(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEARCH_LIMIT) throw new InvalidArgumentError(`It must be a whole number from 1 to ${MAX_SEARCH_LIMIT}.`);
  return n;
}

/** `--offset`: a whole number of hits to skip. */
export function parseSearchOffset(text: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) throw new InvalidArgumentError('It must be a whole number of hits to skip.');
  return Number(text.trim());
}

export async function searchCommand(config: Readonly<KapConfig>, words: readonly string[], flags: SearchFlags, out: NodeJS.WriteStream = process.stdout): Promise<void> {
  const params = new URLSearchParams({ q: words.join(' '), limit: String(flags.limit), offset: String(flags.offset ?? 0) });
  const answer = await getJson<SearchAnswer>(config, `/v1/search?${params.toString()}`);
  if (flags.json) {
    out.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  out.write(formatSearchHits(answer, out.isTTY === true, flags.offset ?? 0, flags.limit));
}

/** The hits as text; `color` highlights matches with ANSI bold yellow. */
export function formatSearchHits(answer: SearchAnswer, color: boolean, offset = 0, limit = answer.hits.length): string {
  if (answer.hits.length === 0) return `No hits in ${answer.sessions} session${answer.sessions === 1 ? '' : 's'}.\n`;
  const lines: string[] = [];
  for (const hit of answer.hits) {
    const where = hit.kind === 'tool_input' || hit.kind === 'tool_output' ? `${KIND[hit.kind]}${hit.toolName ? ` ${clean(hit.toolName)}` : ''}` : KIND[hit.kind];
    const session = [hit.repo, hit.title].filter((x): x is string => x !== null).map(clean).join(' — ');
    lines.push(`${hit.sessionId}  turn ${hit.turn}  ${where}${session ? `  ${session}` : ''}`);
    lines.push(`  ${highlight(hit.snippet, color)}`);
    if (hit.url) lines.push(`  ${hit.url}`);
  }
  if (answer.more) lines.push(`More hits: --offset ${offset + limit}`);
  return `${lines.join('\n')}\n`;
}

/** Text from a session without control characters (ESC included) and private-use marks. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\uE000\uE001]/g, ' ');
}

function highlight(snippet: string, color: boolean): string {
  const parts = snippet.split(/([\uE000\uE001])/);
  return parts.map((p) => (p === MARK_START ? (color ? '\u001b[1;33m' : '') : p === MARK_END ? (color ? '\u001b[0m' : '') : clean(p))).join('');
}
