/**
 * `kap eval <session> [--json]`: the session's evaluation in the terminal (Markdown, or the stored record as
 * JSON), the same one Slack shows: reused while the session has not moved on, else made by the model
 * (ANTHROPIC_API_KEY) or the rules, and stored. Reads the configured stores directly, like `kap recap`.
 */
import type { KapConfig } from '../config/kapConfig.js';
import { evalToMarkdown } from '../evals/evalMarkdown.js';
import { evaluateSession } from '../workers/evalService.js';
import { openJudge } from './openJudge.js';
import { openStores } from './openStores.js';

export async function evalCommand(config: Readonly<KapConfig>, sessionId: string, options: { json?: boolean } = {}): Promise<void> {
  const now = () => new Date();
  const stores = await openStores(config);
  try {
    const judge = await openJudge(config, now);
    const result = await evaluateSession({ store: stores.store, readModel: stores.readModel, timelines: stores.timelines, judge, now }, sessionId);
    if (!result.ok) throw new Error(`no session ${sessionId} (\`kap sessions\` lists them)`);
    if (result.modelFailure) process.stderr.write(`kap: the model could not make the evaluation (${result.modelFailure}); here is the rule-based one.\n`);
    if (options.json) {
      const out = { sessionId, cached: result.cached, ...(result.modelFailure ? { modelFailure: result.modelFailure } : {}), ...result.record };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else process.stdout.write(evalToMarkdown(result.record, result.summary));
  } finally {
    await stores.close();
  }
}
