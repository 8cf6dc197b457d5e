/** The stream-json decoder and encoders on lines as Claude Code 2.1.197 wrote them (trimmed). */
import { describe, expect, it } from 'vitest';
import { decodeClaudeLine, encodeInterrupt, encodePermissionAnswer, encodePrompt } from './streamJsonProtocol.js';

describe('decodeClaudeLine', () => {
  it('reads init, the main agent’s text, and the result', () => {
    expect(decodeClaudeLine('{"type":"system","subtype":"init","cwd":"/w","session_id":"s-1","tools":["Read"]}')).toEqual({ kind: 'init', sessionId: 's-1' });
    expect(decodeClaudeLine('{"type":"system","subtype":"hook_started","session_id":"s-1"}')).toEqual({ kind: 'other' });
    expect(decodeClaudeLine('{"type":"assistant","message":{"content":[{"type":"text","text":"Hi"},{"type":"tool_use","id":"t","name":"Read","input":{}}]},"parent_tool_use_id":null}')).toEqual({ kind: 'assistantText', text: 'Hi' });
    // A subagent's message carries its Agent call's id: not the answer.
    expect(decodeClaudeLine('{"type":"assistant","message":{"content":[{"type":"text","text":"sub"}]},"parent_tool_use_id":"toolu_1"}')).toEqual({ kind: 'other' });
    expect(decodeClaudeLine('{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"done","session_id":"s-1","total_cost_usd":0.001}')).toEqual({
      kind: 'result',
      result: { subtype: 'success', isError: false, text: 'done', sessionId: 's-1', costUsd: 0.001, numTurns: 1, errors: [] },
    });
    expect(decodeClaudeLine('not json')).toEqual({ kind: 'other' });
  });

  it('reads a can_use_tool request, a cancel, an unsupported request and a control response', () => {
    const ask = '{"type":"control_request","request_id":"r-1","request":{"subtype":"can_use_tool","tool_name":"Write","display_name":"Write","input":{"file_path":"/w/a.txt","content":"x"},"description":"a.txt","permission_suggestions":[],"tool_use_id":"toolu_9"}}';
    expect(decodeClaudeLine(ask)).toEqual({
      kind: 'permissionRequest',
      requestId: 'r-1',
      ask: { toolName: 'Write', input: { file_path: '/w/a.txt', content: 'x' }, toolUseId: 'toolu_9', description: 'a.txt' },
    });
    expect(decodeClaudeLine('{"type":"control_cancel_request","request_id":"r-1"}')).toEqual({ kind: 'cancelRequest', requestId: 'r-1' });
    expect(decodeClaudeLine('{"type":"control_request","request_id":"r-2","request":{"subtype":"hook_callback"}}')).toEqual({ kind: 'unsupportedRequest', requestId: 'r-2', subtype: 'hook_callback' });
    expect(decodeClaudeLine('{"type":"control_response","response":{"subtype":"success","request_id":"i-1"}}')).toEqual({ kind: 'controlResponse', requestId: 'i-1', ok: true });
  });
});

describe('encoders', () => {
  it('write one JSON line each, allow with the asked input as updatedInput', () => {
    expect(encodePrompt('hi')).toBe('{"type":"user","message":{"role":"user","content":"hi"},"parent_tool_use_id":null,"session_id":""}\n');
    expect(JSON.parse(encodePermissionAnswer('r-1', { behavior: 'allow' }, { a: 1 }))).toEqual({
      type: 'control_response',
      response: { subtype: 'success', request_id: 'r-1', response: { behavior: 'allow', updatedInput: { a: 1 } } },
    });
    expect(JSON.parse(encodePermissionAnswer('r-1', { behavior: 'deny', message: 'no' }, { a: 1 })).response.response).toEqual({ behavior: 'deny', message: 'no' });
    expect(JSON.parse(encodeInterrupt('i-1'))).toEqual({ type: 'control_request', request_id: 'i-1', request: { subtype: 'interrupt' } });
  });
});
