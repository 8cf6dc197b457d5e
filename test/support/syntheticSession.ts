/**
 * A small session written the way Claude Code 2.x writes its transcript (one JSON line per record; an
 * assistant response per `message.id`), posted through the real ingest: a prompt, a TodoWrite with one task
 * in progress and one pending, a passing `git status`, a failing `npx vitest run` (recapFixtures.ts's
 * vitest output naming FAILING_TEST), and a closing text. Hooks carry the git context like the collector's.
 */
import { randomUUID } from 'node:crypto';
import { FIRST_PROMPT, VITEST_FAILURE } from './recapFixtures.js';

export interface SyntheticSessionOptions {
  sessionId?: string;
  gitUser?: string;
  repo?: string;
  branch?: string;
}

const usage = { input_tokens: 1200, output_tokens: 80, cache_read_input_tokens: 9000, cache_creation_input_tokens: 300 };

/** The ingest batch (`POST /v1/events`) of the session. */
export function syntheticSessionBatch(options: SyntheticSessionOptions = {}) {
  const sessionId = options.sessionId ?? randomUUID();
  const cwd = '/home/dana/src/payments-api';
  let t = Date.parse('2026-11-20T09:00:00Z');
  const base = () => ({ uuid: randomUUID(), sessionId, cwd, gitBranch: options.branch ?? 'fix/rounding', timestamp: new Date((t += 1000)).toISOString() });
  const assistant = (id: string, content: unknown[]) => ({ ...base(), type: 'assistant', message: { id, model: 'claude-sonnet-4-5', role: 'assistant', content, usage } });
  const result = (toolUseId: string, content: string, isError = false) => ({ ...base(), type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content, is_error: isError }] } });
  const lines = [
    { ...base(), type: 'user', message: { role: 'user', content: FIRST_PROMPT } },
    assistant('msg_1', [
      {
        type: 'tool_use',
        id: 'toolu_todo',
        name: 'TodoWrite',
        input: { todos: [{ content: 'Fix negative refund rounding', status: 'in_progress', activeForm: 'Fixing' }, { content: 'Document the ledger rounding rule', status: 'pending', activeForm: 'Documenting' }] },
      },
    ]),
    result('toolu_todo', 'Todos have been modified successfully.'),
    assistant('msg_2', [{ type: 'tool_use', id: 'toolu_git', name: 'Bash', input: { command: 'git status --short' } }]),
    result('toolu_git', ' M src/refunds/rounding.ts'),
    assistant('msg_3', [{ type: 'tool_use', id: 'toolu_test', name: 'Bash', input: { command: 'npx vitest run src/refunds' } }]),
    result('toolu_test', VITEST_FAILURE, true),
    assistant('msg_4', [{ type: 'text', text: 'The negative refund case still rounds away from zero; I will look at the sign handling next.' }]),
  ];
  let offset = 0;
  const items = lines.map((line) => {
    const text = JSON.stringify(line);
    const item = { kind: 'line' as const, file: 'main', offset, text };
    offset += Buffer.byteLength(text) + 1;
    return item;
  });
  return {
    sessionId,
    context: { repo: options.repo ?? 'acme/payments-api', branch: options.branch ?? 'fix/rounding', gitUser: options.gitUser ?? 'Dana Reyes <dana@acme.dev>', host: 'dana-mbp' },
    items: [
      { kind: 'hook' as const, observedAt: new Date(Date.parse('2026-11-20T09:00:00Z')).toISOString(), payload: { session_id: sessionId, transcript_path: `${cwd}/t.jsonl`, cwd, hook_event_name: 'UserPromptSubmit', prompt: FIRST_PROMPT } },
      ...items,
      { kind: 'hook' as const, observedAt: new Date(t + 1000).toISOString(), payload: { session_id: sessionId, transcript_path: `${cwd}/t.jsonl`, cwd, hook_event_name: 'Stop' } },
    ],
  };
}
