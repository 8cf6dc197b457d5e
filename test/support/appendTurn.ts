/**
 * One more turn of a running session, posted through a test Kap's ingest the way the collector sends
 * transcript lines (file `main`, offsets after everything earlier): a prompt, a Bash call with its result
 * and a closing text. For live follow: the session page should show the turn without a reload.
 */
import { randomUUID } from 'node:crypto';
import type { KapUnderTest } from './kapHarness.js';

/** Byte offsets far past the synthetic session's own lines, one per appended line. */
let nextOffset = 10_000_000;

/** Posts turn lines (prompt `prompt`, timed from `at`) to `sessionId`; resolves once the summary covers them. */
export async function appendTurn(kap: KapUnderTest, sessionId: string, prompt: string, at: Date, options: { command?: string; answer?: string } = {}): Promise<void> {
  let t = at.getTime();
  const base = () => ({ uuid: randomUUID(), sessionId, cwd: '/home/dana/src/payments-api', timestamp: new Date((t += 1000)).toISOString() });
  const toolId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const usage = { input_tokens: 300, output_tokens: 40, cache_read_input_tokens: 5000, cache_creation_input_tokens: 100 };
  const lines = [
    { ...base(), type: 'user', message: { role: 'user', content: prompt } },
    { ...base(), type: 'assistant', message: { id: `msg_${toolId}`, model: 'claude-sonnet-4-5', role: 'assistant', content: [{ type: 'tool_use', id: toolId, name: 'Bash', input: { command: options.command ?? 'git log --oneline -3' } }], usage } },
    { ...base(), type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content: 'abc123 fix rounding' }] } },
    { ...base(), type: 'assistant', message: { id: `msg_text_${toolId}`, model: 'claude-sonnet-4-5', role: 'assistant', content: [{ type: 'text', text: options.answer ?? `Done with: ${prompt}` }], usage } },
  ];
  const items = lines.map((line) => {
    const text = JSON.stringify(line);
    const item = { kind: 'line' as const, file: 'main', offset: nextOffset, text };
    nextOffset += Buffer.byteLength(text) + 1;
    return item;
  });
  const response = await fetch(`${kap.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${kap.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId, context: { repo: 'acme/payments-api', branch: 'fix/rounding', gitUser: 'Dana Reyes <dana@acme.dev>', host: 'dana-mbp' }, items }),
  });
  if (response.status !== 200) throw new Error(`the ingest answered ${response.status}: ${await response.text()}`);
  await kap.settled([sessionId]);
}
