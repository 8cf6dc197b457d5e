/**
 * The judge the configuration calls for: the model's (evals/anthropicJudge.ts) when ANTHROPIC_API_KEY is
 * set, with the recap's model and base URL (KAP_RECAP_MODEL, ANTHROPIC_BASE_URL), else the rules'.
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { Judge } from '../evals/judge.js';
import { createRulesJudge } from '../evals/rulesJudge.js';

export async function openJudge(config: Readonly<KapConfig>, now: () => Date): Promise<Judge> {
  const model = config.recapModel;
  if (!model) return createRulesJudge({ now });
  return (await import('../evals/anthropicJudge.js')).createAnthropicJudge({ apiKey: model.apiKey, model: model.model, ...(model.baseUrl ? { baseURL: model.baseUrl } : {}), now });
}
