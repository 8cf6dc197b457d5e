/** Turning a script into a per-request decision: queues per kind, the default replies when they run out. */
import type { RecordedRequest, Reply, ReplyStep, Script, ScriptContext, ScriptQueues } from './types.js';

/** The reply when a queue is exhausted. */
export const DONE_REPLY: Reply = { text: 'done' };
/** The reply to side requests (no tools) unless the script says otherwise. */
export const SIDE_REPLY: Reply = { text: 'Scripted session', usage: { input_tokens: 10, output_tokens: 3 } };

export function makeDecider(script: Script, requests: RecordedRequest[]): (req: RecordedRequest) => Reply {
  const ctx: ScriptContext = {
    countOfKind: (kind) => requests.filter((r) => r.kind === kind).length,
  };
  if (typeof script === 'function') return (req) => script(req, ctx) ?? defaultReply(req);
  const queues: ScriptQueues = Array.isArray(script) ? { main: script } : script;
  const main = [...(queues.main ?? [])];
  const subagent = [...(queues.subagent ?? [])];
  return (req) => {
    if (req.kind === 'main') return resolveStep(main.shift(), req);
    if (req.kind === 'subagent') return resolveStep(subagent.shift(), req);
    return resolveStep(queues.side ?? SIDE_REPLY, req);
  };
}

function resolveStep(step: ReplyStep | undefined, req: RecordedRequest): Reply {
  if (step === undefined) return defaultReply(req);
  return typeof step === 'function' ? step(req) : step;
}

function defaultReply(req: RecordedRequest): Reply {
  return req.kind === 'side' ? SIDE_REPLY : DONE_REPLY;
}
