import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../test/support/corpus.js';
import { REDACTED, redactSecrets, secretCandidateOffsets } from './redact.js';

const roundTrip = (value: unknown) => JSON.parse(redactSecrets(JSON.stringify(value))) as unknown;
/** One string through redaction as a transcript line would carry it. */
const redactString = (text: string) => (roundTrip({ type: 'user', message: { content: text } }) as { message: { content: string } }).message.content;
/** The importer's pre-check on a line's bytes: whether it sends the line the slow way. */
const marked = (line: string) => secretCandidateOffsets(Buffer.from(line).toString('latin1')).length > 0;

function corpusLines(): string[] {
  const out: string[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (path.endsWith('.jsonl')) out.push(...readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0));
  };
  visit(corpusDir());
  return out;
}

/** Every non-string leaf and every key of `a` and `b`, with their paths (iterative: lines nest deep). */
function skeleton(value: unknown): string[] {
  const out: string[] = [];
  const stack: [string, unknown][] = [['', value]];
  while (stack.length > 0) {
    const [path, v] = stack.pop()!;
    if (typeof v === 'string') out.push(`${path}:string`);
    else if (typeof v !== 'object' || v === null) out.push(`${path}=${String(v)}`);
    else for (const [k, child] of Object.entries(v)) stack.push([`${path}/${k}`, child]);
  }
  return out;
}

describe('redactSecrets: the forms people type', () => {
  it.each([
    ['bare assignment', 'password=hunter2 npm test', `password=${REDACTED} npm test`],
    ['single-quoted env assignment', "PGPASSWORD='s3cr3t' psql -h db", `PGPASSWORD='${REDACTED}' psql -h db`],
    ['double-quoted assignment with spaces', 'SECRET_KEY = "django-insecure-abc"', `SECRET_KEY = "${REDACTED}"`],
    ['YAML-style key', 'api_key: abc123def', `api_key: ${REDACTED}`],
    ['export of a token', 'export GITHUB_TOKEN=abc123', `export GITHUB_TOKEN=${REDACTED}`],
    ['JSON text in a string', '{"client_secret": "abc123"}', `{"client_secret": "${REDACTED}"}`],
    ['--password flag', 'mytool --password hunter2 --verbose', `mytool --password ${REDACTED} --verbose`],
    ['--token= flag', 'deploy --token=t0k3n', `deploy --token=${REDACTED}`],
    ['--api-key flag', 'cli --api-key "k-123" run', `cli --api-key "${REDACTED}" run`],
    ['URL credentials', 'git clone https://user:pa55@git.example.com/x.git', `git clone https://user:${REDACTED}@git.example.com/x.git`],
    ['postgres URL', 'DATABASE_URL=postgres://app:s3cr3t@db:5432/app', `DATABASE_URL=postgres://app:${REDACTED}@db:5432/app`],
    ['mongodb+srv URL', 'mongodb+srv://u:p%40ss@cluster0.x.net/db', `mongodb+srv://u:${REDACTED}@cluster0.x.net/db`],
    ['Authorization Bearer header', 'curl -H "Authorization: Bearer abc.def-123"', `curl -H "Authorization: Bearer ${REDACTED}"`],
    ['Authorization Basic header', 'Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${REDACTED}`],
    ['Bearer token in text', 'send it with Bearer 9f8e7d6c5b4a', `send it with Bearer ${REDACTED}`],
    ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl ok', `jwt ${REDACTED} ok`],
    ['connection string', 'Server=db;User Id=sa;Password=S3cret!;Database=x', `Server=db;User Id=sa;Password=${REDACTED};Database=x`],
    ['JDBC query parameter', 'jdbc:mysql://h/db?user=u&password=p4ss&ssl=true', `jdbc:mysql://h/db?user=u&password=${REDACTED}&ssl=true`],
    ['curl -u', 'curl -u admin:hunter2 https://x', `curl -u admin:${REDACTED} https://x`],
    ['mysql -p', 'mysql -u root -phunter2 app', `mysql -u root -p${REDACTED} app`],
    ['Java system property', 'java -Djavax.net.ssl.keyStorePassword=changeit -jar x', `java -Djavax.net.ssl.keyStorePassword=${REDACTED} -jar x`],
    ['complete PEM key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc==\n-----END RSA PRIVATE KEY-----\nok', `${REDACTED}\nok`],
    ['truncated PEM key (no END)', 'cat key\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\nAAAABG5vbmUAAAAEbm9u', `cat key\n${REDACTED}`],
    ['AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE.', `aws ${REDACTED}.`],
    ['GitHub token', `see ghp_${'a'.repeat(36)}.`, `see ${REDACTED}.`],
    ['GitHub fine-grained token', `see github_pat_${'A1_'.repeat(10)}.`, `see ${REDACTED}.`],
    ['Slack token', 'see xoxb-1234567890-abcdefghij.', `see ${REDACTED}.`],
    ['Anthropic key', `see sk-ant-api03-${'x'.repeat(40)}.`, `see ${REDACTED}.`],
    ['OpenAI key', `see sk-proj-${'y'.repeat(40)}.`, `see ${REDACTED}.`],
    ['npm token', `see npm_${'b'.repeat(36)}.`, `see ${REDACTED}.`],
    ['aws configure set (name, space, value)', 'aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws configure set aws_secret_access_key ${REDACTED}`],
    ['env-style name, space, value', 'AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `AWS_SECRET_ACCESS_KEY ${REDACTED}`],
    ['config set of a camelCase name', 'yarn config set npmAuthToken \'abc123def\'', `yarn config set npmAuthToken '${REDACTED}'`],
    ['config set of a plain name', 'mycli config set password hunter2', `mycli config set password ${REDACTED}`],
    ['docker login -p value', 'docker login -p s3cr3tpass', `docker login -p ${REDACTED}`],
    ['docker login -u … -p value registry', 'docker login -u me -p "s3cr3t pass" registry.io', `docker login -u me -p "${REDACTED}" registry.io`],
    ['docker login -p value in a quoted command', 'sh -c "docker login -p \\"s3cr3t\\" r.io"', `sh -c "docker login -p \\"${REDACTED}\\" r.io"`],
    ['podman login -p value', 'podman login quay.io -u me -p s3cr3tpass', `podman login quay.io -u me -p ${REDACTED}`],
    ['helm registry login -p value', 'helm registry login ghcr.io -u me -p s3cr3tpass', `helm registry login ghcr.io -u me -p ${REDACTED}`],
    ['mysqladmin -p attached', 'mysqladmin -u root -phunter2 status', `mysqladmin -u root -p${REDACTED} status`],
    [
      'token in URL userinfo keeps host and path',
      'git clone https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/a/b',
      `git clone https://x-access-token:${REDACTED}@github.com/a/b`,
    ],
    ['secret-named user in URL userinfo', 'see https://api_token:abc123@example.com/x ok', `see https://api_token:${REDACTED}@example.com/x ok`],
    ['token after a newline of JSON inside JSON', `{\\"a\\": \\"x\\nghp_${'c'.repeat(36)}\\"}`, `{\\"a\\": \\"x\\n${REDACTED}\\"}`],
  ])('%s', (_form, text, expected) => {
    expect(redactString(text)).toBe(expected);
    // The importer's pre-check sends the line the slow way.
    expect(marked(JSON.stringify({ type: 'user', message: { content: text } }))).toBe(true);
  });

  it('redacts string values of secret-named keys at any depth, arrays under them too, and never numbers', () => {
    const out = roundTrip({ password: 'hunter2', db: { api_key: 'k-123', clientSecret: 's', api_keys: ['a', 'b'] }, usage: { input_tokens: 12 }, max_tokens: 5, token: 7, pin: 1234 });
    expect(out).toEqual({ password: REDACTED, db: { api_key: REDACTED, clientSecret: REDACTED, api_keys: [REDACTED, REDACTED] }, usage: { input_tokens: 12 }, max_tokens: 5, token: 7, pin: 1234 });
  });

  it('keeps every other byte of a changed line: numbers, uuids, whitespace, escapes', () => {
    const line = '{"n": 1.50, "big": 12345678901234567890, "uuid":"0b4e…-1", "e":"caf\\u00e9 \\/", "password":"x", "t": [1e3]}';
    expect(redactSecrets(line)).toBe(line.replace('"password":"x"', `"password":"${REDACTED}"`));
  });

  it('redacts a payload nested 10,000 deep at the bottom, without overflowing the stack', () => {
    const depth = 10_000;
    const line = `{"hook_event_name":"PreToolUse","tool_input":${'{"a":['.repeat(depth)}"password=hunter2"${']}'.repeat(depth)}}`;
    const out = redactSecrets(line);
    expect(out).toBe(line.replace('password=hunter2', `password=${REDACTED}`));
    expect(redactSecrets(line.replace('password=hunter2', 'nothing here'))).toBe(line.replace('password=hunter2', 'nothing here'));
  });

  it('redacts text that is not JSON as one string', () => {
    expect(redactSecrets('{"type":"user","message":"password=hunter2 and mo')).toBe(`{"type":"user","message":"password=${REDACTED} and mo`);
  });
});

describe('redactSecrets: what it leaves alone', () => {
  it.each([
    'const password = getPassword()',
    'passwordField.value = ""',
    'password: string;',
    'password?: string',
    'const token = user.token',
    'this.password = password',
    'export GITHUB_TOKEN=$(gh auth token)',
    'headers: { Authorization: `Bearer ${token}` }',
    'password = os.environ["DB_PASSWORD"]',
    'max_tokens=4096 input_tokens: 12',
    'token_type: "Bearer"',
    'PRIVATE_KEY_PATH=/etc/key.pem',
    'Bearer authentication is used here',
    'The token count was 12; use $API_TOKEN.',
    'if (password === confirmPassword) return',
    'docker run -u 1000:1000 image',
    'mkdir -p dir && git add -p',
    'ssh -p 22 host',
    'python -m x -p 3',
    'mysql -u root -p mydb',
    'psql -h db -p 5432 app',
    'docker login -u me --password-stdin ghcr.io && mkdir -p out',
    'docker login ghcr.io; ssh -p 2222 host',
    'AWS_SECRET_ACCESS_KEY environment variable is read first',
    'api_token TEXT NOT NULL',
    'set the password for the user',
    'the secret key is derived',
    'redis://secret:6379/0',
  ])('%s', (text) => {
    expect(redactString(text)).toBe(text);
  });

  it('gives back the exact same string for real corpus lines, and changes only strings of the few it redacts', () => {
    let changed = 0;
    for (const line of corpusLines()) {
      const out = redactSecrets(line);
      if (out === line) continue;
      changed += 1;
      expect(skeleton(JSON.parse(out))).toEqual(skeleton(JSON.parse(line)));
      expect(out).toContain(REDACTED);
    }
    // A handful of corpus lines hold secret-looking assignments in files read or written (e.g. an .env example).
    expect(changed).toBeLessThan(20);
  });

  it('is sound against its pre-check: a line the importer would send as bytes comes back unchanged', () => {
    for (const line of corpusLines()) if (!marked(line)) expect(redactSecrets(line)).toBe(line);
  });
});
