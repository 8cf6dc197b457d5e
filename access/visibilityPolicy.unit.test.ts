import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVisibilityPolicy, loadVisibilityPolicy, parseVisibilityRules, VisibilityRulesError } from './visibilityPolicy.js';

describe('parseVisibilityRules', () => {
  const rules = `default: workspace
repos:
  - match: acme/secret-*
    visibility: private
  - match: acme/*
    visibility: channel
  - match: ACME/docs
    visibility: workspace
`;

  it('gives each repository the visibility of the first rule that matches, the default otherwise', () => {
    const policy = parseVisibilityRules(rules, 'private');
    expect(policy.fallback).toBe('workspace');
    expect(policy.rules).toEqual([
      { match: 'acme/secret-*', visibility: 'private' },
      { match: 'acme/*', visibility: 'channel' },
      { match: 'ACME/docs', visibility: 'workspace' },
    ]);
    expect(policy.defaultFor('acme/secret-plans')).toBe('private');
    expect(policy.defaultFor('acme/payments-api')).toBe('channel');
    // First match wins: acme/* comes before ACME/docs.
    expect(policy.defaultFor('acme/docs')).toBe('channel');
    expect(policy.defaultFor('Acme/Secret-Plans')).toBe('private');
    expect(policy.defaultFor('other/thing')).toBe('workspace');
  });

  it('gives a session whose repository is unknown the narrowest visibility any rule or the default could give', () => {
    expect(parseVisibilityRules(rules, 'workspace').defaultFor(null)).toBe('private');
    expect(parseVisibilityRules('default: workspace\nrepos:\n  - match: acme/*\n    visibility: channel\n', 'workspace').defaultFor(null)).toBe('channel');
    expect(parseVisibilityRules('default: workspace\n', 'private').defaultFor(null)).toBe('workspace');
  });

  it('takes the fallback (KAP_DEFAULT_VISIBILITY) when the file names no default, and from an empty file', () => {
    expect(parseVisibilityRules('repos: []\n', 'channel').fallback).toBe('channel');
    expect(parseVisibilityRules('', 'private').defaultFor('acme/x')).toBe('private');
    expect(parseVisibilityRules('# only a comment\n', 'workspace').defaultFor(null)).toBe('workspace');
  });

  it('matches `owner/name` with globs; a glob without a slash matches the name alone, so `*` takes every repository', () => {
    const names = parseVisibilityRules("default: workspace\nrepos:\n  - match: 'payments-*'\n    visibility: private\n", 'workspace');
    expect(names.defaultFor('acme/payments-api')).toBe('private');
    expect(names.defaultFor('payments-team/web')).toBe('workspace');
    for (const glob of ['*', '**', '*/*']) {
      expect(parseVisibilityRules(`default: workspace\nrepos:\n  - match: '${glob}'\n    visibility: private\n`, 'workspace').defaultFor('acme/app')).toBe('private');
    }
  });

  it('trims a rule’s glob', () => {
    expect(parseVisibilityRules("repos:\n  - match: '  acme/x  '\n    visibility: private\n", 'workspace').rules[0]).toEqual({ match: 'acme/x', visibility: 'private' });
  });

  it.each([
    ['text that is not YAML', 'repos: [\n', /is not YAML/],
    ['a list at the top', '- match: acme/*\n', /must be a mapping/],
    ['a scalar at the top', 'workspace\n', /must be a mapping/],
    ['a default that is no visibility', 'default: public\n', /default must be one of private, channel, workspace/],
    ['repos that are not a list', 'repos:\n  match: acme/*\n', /repos must be a list/],
    ['a rule without match', 'repos:\n  - visibility: private\n', /repos\[0\]\.match must be a glob/],
    ['a rule with an empty match', "repos:\n  - match: '  '\n    visibility: private\n", /repos\[0\]\.match/],
    ['a rule that is not a mapping', 'repos:\n  - acme/*\n', /repos\[0\]\.match/],
    ['a rule with a visibility that is none', 'repos:\n  - match: acme/*\n    visibility: public\n', /repos\[0\]\.visibility must be one of/],
    ['the second rule at fault', 'repos:\n  - match: a/b\n    visibility: private\n  - match: c/d\n', /repos\[1\]\.visibility/],
    ['an alias (no entity expansion)', 'a: &x private\ndefault: *x\n', /is not YAML/],
  ])('refuses %s, naming the source and the entry', (_name, text, message) => {
    let thrown: unknown;
    try {
      parseVisibilityRules(text, 'channel', '/etc/kap/visibility.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VisibilityRulesError);
    expect((thrown as VisibilityRulesError).code).toBe('KAP_VISIBILITY_RULES_INVALID');
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).toContain('/etc/kap/visibility.yaml');
  });
});

describe('loadVisibilityPolicy', () => {
  it('reads the rules file the configuration names, and is the fallback alone when none is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-policy-'));
    writeFileSync(join(dir, 'rules.yaml'), 'repos:\n  - match: acme/*\n    visibility: private\n');
    expect(loadVisibilityPolicy('workspace', join(dir, 'rules.yaml')).defaultFor('acme/app')).toBe('private');
    expect(loadVisibilityPolicy('channel', undefined)).toMatchObject({ fallback: 'channel', rules: [] });
  });

  it('refuses a file that cannot be read, saying which setting named it', () => {
    expect(() => loadVisibilityPolicy('channel', '/no/such/rules.yaml')).toThrow(/KAP_VISIBILITY_RULES names \/no\/such\/rules\.yaml, which cannot be read/);
  });
});

describe('createVisibilityPolicy', () => {
  it('is the fallback everywhere without rules', () => {
    const policy = createVisibilityPolicy('channel');
    expect([policy.defaultFor('a/b'), policy.defaultFor(null)]).toEqual(['channel', 'channel']);
  });
});
