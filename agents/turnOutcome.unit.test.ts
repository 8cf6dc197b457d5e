/** The mapping from what a `claude` turn process did to the TurnResult, on cases observed with 2.1.197. */
import { describe, expect, it } from 'vitest';
import type { TurnResultMessage } from './streamJsonProtocol.js';
import type { TurnObservation } from './turnOutcome.js';
import { turnOutcome } from './turnOutcome.js';

const base: TurnObservation = {
  resume: null,
  initSeen: true,
  sessionId: 's-1',
  result: null,
  texts: [],
  interruptSent: false,
  killedFor: null,
  timeoutMs: 1000,
  exitCode: 0,
  exitSignal: null,
  stderr: '',
  spawnError: null,
};
const result = (r: Partial<TurnResultMessage>): TurnResultMessage => ({ subtype: 'success', isError: false, text: null, sessionId: 's-1', costUsd: 0.01, numTurns: 1, errors: [], ...r });

describe('turnOutcome', () => {
  it('a successful result is the answer', () => {
    expect(turnOutcome({ ...base, result: result({ text: 'Done.' }), texts: ['Done.'] })).toEqual({ ok: true, sessionId: 's-1', text: 'Done.', interrupted: false, costUsd: 0.01, numTurns: 1 });
  });

  it('an error result after our interrupt is an interrupted turn with the text so far (exit 1 too)', () => {
    const o = { ...base, exitCode: 1, interruptSent: true, texts: ['Looking.', ''], result: result({ subtype: 'error_during_execution', isError: true }) };
    expect(turnOutcome(o)).toEqual({ ok: true, sessionId: 's-1', text: 'Looking.', interrupted: true, costUsd: 0.01, numTurns: 1 });
  });

  it('a success that beat the interrupt is a complete answer', () => {
    expect(turnOutcome({ ...base, interruptSent: true, result: result({ text: 'Done.' }) })).toMatchObject({ ok: true, interrupted: false, text: 'Done.' });
  });

  it('an unknown --resume id (no init, the error names the id) is RESUME_NOT_FOUND', () => {
    const o = { ...base, resume: 'u-1', initSeen: false, sessionId: null, exitCode: 1, stderr: 'No conversation found with session ID: u-1\n', result: result({ subtype: 'error_during_execution', isError: true, sessionId: 'u-1', errors: ['No conversation found with session ID: u-1'] }) };
    expect(turnOutcome(o)).toEqual({ ok: false, reason: 'RESUME_NOT_FOUND', message: 'No conversation found with session ID: u-1', sessionId: 'u-1' });
  });

  it('an error result otherwise is CLAUDE_FAILED with what Claude Code said', () => {
    const o = { ...base, exitCode: 1, result: result({ isError: true, text: 'API Error: 400 bad' }) };
    expect(turnOutcome(o)).toEqual({ ok: false, reason: 'CLAUDE_FAILED', message: 'API Error: 400 bad', sessionId: 's-1' });
  });

  it('no result: INTERRUPTED after a stop, CLAUDE_FAILED on the time limit or an exit', () => {
    expect(turnOutcome({ ...base, interruptSent: true, killedFor: 'interrupt', exitCode: null, exitSignal: 'SIGKILL' })).toMatchObject({ ok: false, reason: 'INTERRUPTED', sessionId: 's-1' });
    expect(turnOutcome({ ...base, killedFor: 'timeout', exitCode: null, exitSignal: 'SIGKILL' })).toEqual({ ok: false, reason: 'CLAUDE_FAILED', message: 'no result after 1000 ms; claude was killed', sessionId: 's-1' });
    expect(turnOutcome({ ...base, initSeen: false, sessionId: null, exitCode: 2, stderr: 'error: unknown option\n' })).toEqual({
      ok: false,
      reason: 'CLAUDE_FAILED',
      message: 'claude exited (code 2) without a result: error: unknown option',
      sessionId: null,
    });
    expect(turnOutcome({ ...base, spawnError: 'Error: spawn claude ENOENT' })).toMatchObject({ ok: false, reason: 'CLAUDE_FAILED', message: 'claude could not start: Error: spawn claude ENOENT' });
  });
});
