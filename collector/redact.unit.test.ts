import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

const roundTrip = (value: unknown) => JSON.parse(redactSecrets(JSON.stringify(value)));

describe('redactSecrets', () => {
  it.each([
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub token', `ghp_${'a'.repeat(36)}`],
    ['GitHub fine-grained token', `github_pat_${'A1_'.repeat(10)}`],
    ['Slack bot token', 'xoxb-1234567890-abcdefghij'],
    ['Anthropic key', `sk-ant-api03-${'x'.repeat(40)}`],
    ['npm token', `npm_${'b'.repeat(36)}`],
  ])('removes a %s from any string', (_name, secret) => {
    const out = roundTrip({ message: { content: [{ type: 'text', text: `see ${secret}.` }] } });
    expect(out.message.content[0].text).toBe(`see ${REDACTED}.`);
  });

  it('removes a private key block inside a tool result and keeps the JSON valid', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc==\n-----END RSA PRIVATE KEY-----';
    const out = roundTrip({ toolUseResult: { stdout: `cat id_rsa\n${key}\nok` } });
    expect(out.toolUseResult.stdout).toBe(`cat id_rsa\n${REDACTED}\nok`);
  });

  it('redacts string values of secret-named keys at any depth, and only strings', () => {
    const out = roundTrip({ password: 'hunter2', db: { api_key: 'k-123', clientSecret: 's' }, usage: { input_tokens: 12, output_tokens: 3 }, max_tokens: 5, token: 7 });
    expect(out).toEqual({ password: REDACTED, db: { api_key: REDACTED, clientSecret: REDACTED }, usage: { input_tokens: 12, output_tokens: 3 }, max_tokens: 5, token: 7 });
  });

  it('redacts NAME=value assignments and JSON inside strings', () => {
    const out = roundTrip({ command: 'DATABASE_PASSWORD=hunter22 npm test', text: '{"secret": "abc123"}' });
    expect(out.command).toBe(`DATABASE_PASSWORD=${REDACTED} npm test`);
    expect(JSON.parse(out.text)).toEqual({ secret: REDACTED });
  });

  it('leaves ordinary transcript text alone', () => {
    const line = { type: 'assistant', uuid: 'u', message: { id: 'msg_1', model: 'claude', content: [{ type: 'text', text: 'The token count was 12; use $API_TOKEN.' }], usage: { input_tokens: 1 } } };
    expect(roundTrip(line)).toEqual(line);
  });
});
