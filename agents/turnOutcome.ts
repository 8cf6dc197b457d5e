/**
 * What a finished `claude` turn process amounts to: the pure mapping from what was observed on its stdout,
 * stderr and exit to the AgentRunner's `TurnResult` (agentRunner.ts). Rules, observed on Claude Code 2.1.197
 * (test/support/CLAUDE-CODE-OBSERVED.md, "Hosting a session"):
 * - a stop (our `interrupt` control request) ends the turn with a `result` of subtype
 *   `error_during_execution` and `is_error: true`: that is an interrupted turn, not a failure;
 * - `--resume <id>` of an id with no transcript in the cwd's project dir: no `system/init`, stderr and the
 *   result's `errors` say "No conversation found with session ID: <id>", exit 1; an id that is not a UUID:
 *   "--resume requires a valid session ID … Provided value "<id>" is not a UUID …". Both name the id and
 *   come before any `system/init`: that (not the wording) is how a missing session is told apart;
 * - otherwise `is_error` means the turn failed (an API error, max turns), whatever the exit code.
 */
import type { TurnResult } from './agentRunner.js';
import type { TurnResultMessage } from './streamJsonProtocol.js';

export interface TurnObservation {
  /** The session id the turn was asked to resume, or null. */
  resume: string | null;
  /** Whether `system/init` came (the session was loaded). */
  initSeen: boolean;
  /** From `system/init` or the result. */
  sessionId: string | null;
  result: TurnResultMessage | null;
  /** The main agent's text blocks, in order (the answer so far). */
  texts: string[];
  /** Whether Kap sent an `interrupt` before the result. */
  interruptSent: boolean;
  /** Why Kap killed the process, if it did: no result in time after a stop, or the turn's time limit. */
  killedFor: 'interrupt' | 'timeout' | null;
  timeoutMs: number;
  exitCode: number | null;
  exitSignal: string | null;
  /** The end of stderr. */
  stderr: string;
  /** `spawn` failed (no binary, no cwd). */
  spawnError: string | null;
}

/** Maps one turn's observation to its result (see the module comment for the rules). */
export function turnOutcome(o: TurnObservation): TurnResult {
  const sessionId = o.sessionId ?? o.result?.sessionId ?? null;
  if (o.spawnError !== null) return { ok: false, reason: 'CLAUDE_FAILED', message: `claude could not start: ${o.spawnError}`, sessionId: o.resume };
  const resumeMissing = o.resume !== null && !o.initSeen && [o.stderr, ...(o.result?.errors ?? [])].some((text) => text.includes(o.resume!));
  if (resumeMissing) return { ok: false, reason: 'RESUME_NOT_FOUND', message: claudeSaid(o) || `no session ${o.resume}`, sessionId: o.resume };
  const result = o.result;
  if (result !== null && sessionId !== null) {
    if (o.interruptSent && result.subtype !== 'success') {
      return { ok: true, sessionId, text: o.texts.filter((t) => t.length > 0).join('\n\n'), interrupted: true, costUsd: result.costUsd, numTurns: result.numTurns };
    }
    if (!result.isError) {
      return { ok: true, sessionId, text: result.text ?? o.texts.join('\n\n'), interrupted: false, costUsd: result.costUsd, numTurns: result.numTurns };
    }
    return { ok: false, reason: 'CLAUDE_FAILED', message: claudeSaid(o) || `turn ended with ${result.subtype}`, sessionId };
  }
  if (o.interruptSent) {
    return { ok: false, reason: 'INTERRUPTED', message: 'stopped; claude gave no result and was killed', sessionId: sessionId ?? o.resume };
  }
  if (o.killedFor === 'timeout') {
    return { ok: false, reason: 'CLAUDE_FAILED', message: `no result after ${o.timeoutMs} ms; claude was killed`, sessionId: sessionId ?? o.resume };
  }
  const exit = o.exitSignal !== null ? `signal ${o.exitSignal}` : `code ${o.exitCode}`;
  const said = claudeSaid(o);
  return { ok: false, reason: 'CLAUDE_FAILED', message: `claude exited (${exit}) without a result${said ? `: ${said}` : ''}`, sessionId: sessionId ?? o.resume };
}

/** Claude Code's own words about the failure: the result's errors or text, else the end of stderr. */
function claudeSaid(o: TurnObservation): string {
  const errors = o.result?.errors.filter((e) => e.trim().length > 0) ?? [];
  if (errors.length > 0) return errors.join('\n');
  if (o.result?.text) return o.result.text;
  return o.stderr.trim().slice(-2000);
}
