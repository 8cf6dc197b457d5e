/**
 * `kap recap <session>`: the session's recap in the terminal (markdown), the same one Slack shows: reused
 * while the session has not moved on, else made by the model (ANTHROPIC_API_KEY) or the rules, and stored.
 * Reads the configured stores directly, like `kap projections rebuild`.
 */
import type { KapConfig } from '../config/kapConfig.js';
import { recapToMarkdown } from '../recaps/recapMarkdown.js';
import { recapSession } from '../workers/recapService.js';
import { openRecapper, openStores } from './openStores.js';

export async function recapCommand(config: Readonly<KapConfig>, sessionId: string): Promise<void> {
  const now = () => new Date();
  const stores = await openStores(config);
  try {
    const recapper = await openRecapper(config, now);
    const result = await recapSession({ store: stores.store, readModel: stores.readModel, timelines: stores.timelines, recapper, now }, sessionId);
    if (!result.ok) throw new Error(`no session ${sessionId} (\`kap sessions\` lists them)`);
    if (result.modelFailure) process.stderr.write(`kap: the model could not make the recap (${result.modelFailure}); here is the rule-based one.\n`);
    process.stdout.write(`${recapToMarkdown(result.record, result.summary)}\n`);
  } finally {
    await stores.close();
  }
}
