/**
 * The session summary's one-line evaluation (`evalVerdict`), folded from `SessionEvalCompleted` events
 * (evals/sessionEval.ts `EvalRecord`). Pure; reads the stored data defensively: a record without a number
 * `sessionRevision` changes nothing, answers are counted by verdict (at most the first 100).
 */
import type { JsonObject } from '../stores/eventStore.js';
import { tallyVerdicts } from '../evals/sessionEval.js';
import { boundText } from './boundedText.js';
import type { EvalVerdict } from './sessionSummaryTypes.js';

/** The verdict line of the evaluation in `data`, stored at stream revision `eventRevision`; undefined when it is no evaluation. */
export function evalVerdictOf(data: JsonObject, eventRevision: number): EvalVerdict | undefined {
  if (typeof data.sessionRevision !== 'number') return undefined;
  const { pass, warn, fail, needsModel } = tallyVerdicts(data.answers);
  return {
    pass,
    warn,
    fail,
    needsModel,
    source: data.source === 'llm' ? 'llm' : 'rules',
    model: typeof data.model === 'string' && data.model !== '' ? boundText(data.model, 200) : null,
    coversRevision: data.sessionRevision,
    eventRevision,
  };
}
