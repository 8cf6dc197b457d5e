/**
 * Sessions to search, posted through the real ingest: one with three prompts (so hits land on turns 1–3),
 * assistant text, a Bash call and its output naming ZANZIBAR_WORD, and the synthetic session
 * (syntheticSession.ts) in another repository. Then waits until the search index finds the word.
 */
import { randomUUID } from 'node:crypto';
import { syntheticSessionBatch } from './syntheticSession.js';
import type { KapUnderTest } from './kapHarness.js';

/** A word only the second turn of the search session holds (prompt and tool call). */
export const ZANZIBAR_WORD = 'zanzibarquux';

/** The ingest batch of a three-prompt session in `acme/ledger`. */
export function searchSessionBatch(sessionId = randomUUID()) {
  let t = Date.parse('2026-11-21T10:00:00Z');
  const base = () => ({ uuid: randomUUID(), sessionId, cwd: '/src/ledger', gitBranch: 'main', timestamp: new Date((t += 1000)).toISOString() });
  const prompt = (text: string) => ({ ...base(), type: 'user', message: { role: 'user', content: text } });
  const assistant = (content: unknown[]) => ({ ...base(), type: 'assistant', message: { id: `msg_${randomUUID()}`, model: 'claude-sonnet-4-5', role: 'assistant', content } });
  const lines = [
    prompt('Explain the ledger balance invariants'),
    assistant([{ type: 'text', text: 'The ledger keeps debits and credits balanced per account.' }]),
    prompt(`Now find where ${ZANZIBAR_WORD} rounding happens in src/ledger/round.ts`),
    assistant([{ type: 'tool_use', id: 'toolu_grep', name: 'Bash', input: { command: `grep -rn ${ZANZIBAR_WORD} src` } }]),
    { ...base(), type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_grep', content: 'src/ledger/round.ts:12: export const half = 0.5;' }] } },
    assistant([{ type: 'text', text: 'Rounding happens in <b>round.ts</b> line 12.' }]),
    prompt('Thanks, write a test for half-even rounding'),
    assistant([{ type: 'text', text: 'Added the half-even test.' }]),
  ];
  let offset = 0;
  const items = lines.map((line) => {
    const text = JSON.stringify(line);
    const item = { kind: 'line' as const, file: 'main', offset, text };
    offset += Buffer.byteLength(text) + 1;
    return item;
  });
  return { sessionId, context: { repo: 'acme/ledger', branch: 'main', gitUser: 'Ravi Ledger <ravi@acme.dev>', host: 'ravi-box' }, items };
}

async function post(kap: KapUnderTest, batch: unknown): Promise<void> {
  const response = await fetch(`${kap.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
}

/** Posts both sessions, waits for the summaries and the search index; resolves their ids. */
export async function postSearchWorld(kap: KapUnderTest, timeoutMs = 15_000): Promise<{ ledger: string; payments: string }> {
  const ledger = searchSessionBatch();
  const payments = syntheticSessionBatch();
  await post(kap, ledger);
  await post(kap, payments);
  await kap.settled([ledger.sessionId, payments.sessionId]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await kap.get<{ hits: unknown[] }>("/v1/search?q=%22added%20the%20half-even%22");
    const refunds = await kap.get<{ hits: unknown[] }>('/v1/search?q=refund');
    if (found.body.hits?.length > 0 && refunds.body.hits?.length > 0) break;
    if (Date.now() > deadline) throw new Error('the search index did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ledger: ledger.sessionId, payments: payments.sessionId };
}
