/**
 * The default visibility of a session nobody has shared or hidden: `KAP_DEFAULT_VISIBILITY` (default
 * `channel`), overridden per repository by rules in a YAML file (`KAP_VISIBILITY_RULES`):
 *
 *   default: channel            # optional; KAP_DEFAULT_VISIBILITY when absent
 *   repos:                      # first match wins; `match` is a glob over `owner/name` (picomatch);
 *                               # a glob without a slash matches the name alone (`*`: every repository)
 *     - match: acme/secret-*
 *       visibility: private
 *     - match: acme/docs
 *       visibility: workspace
 *
 * A session whose repository is not known yet (its first events carry no git context, e.g. an import's
 * transcript lines) gets the narrowest visibility any rule or the default could give it, so nothing is more
 * visible than its default, not even for a moment.
 */
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { isVisibility, narrowest, VISIBILITIES } from './visibility.js';
import type { Visibility } from './visibility.js';

export interface VisibilityRule {
  match: string;
  visibility: Visibility;
}

export interface VisibilityPolicy {
  /** The default for a session of `repo` (`owner/name`), or of an unknown repository when null. */
  defaultFor(repo: string | null): Visibility;
  readonly fallback: Visibility;
  readonly rules: readonly VisibilityRule[];
}

export class VisibilityRulesError extends Error {
  readonly code = 'KAP_VISIBILITY_RULES_INVALID';
}

/** A policy of a default and ordered rules. */
export function createVisibilityPolicy(fallback: Visibility, rules: readonly VisibilityRule[] = []): VisibilityPolicy {
  const matchers = rules.map((rule) => {
    const glob = picomatch(rule.match, { nocase: true, dot: true });
    // picomatch's own `basename` option stops globs with a slash from matching, so the name is cut here.
    const test = rule.match.includes('/') ? glob : (repo: string) => glob(repo.slice(repo.lastIndexOf('/') + 1));
    return { test, visibility: rule.visibility };
  });
  const narrowestOfAll = rules.reduce((v, rule) => narrowest(v, rule.visibility), fallback);
  return {
    fallback,
    rules: Object.freeze([...rules]),
    defaultFor(repo) {
      if (repo === null) return narrowestOfAll;
      return matchers.find((m) => m.test(repo))?.visibility ?? fallback;
    },
  };
}

/**
 * Parses a rules file's text. Throws `VisibilityRulesError` naming the entry at fault; `fallback` is used
 * when the file names no `default`.
 */
export function parseVisibilityRules(text: string, fallback: Visibility, source = 'the visibility rules'): VisibilityPolicy {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new VisibilityRulesError(`${source} is not YAML: ${(error as Error).message}`);
  }
  if (doc === null || doc === undefined) return createVisibilityPolicy(fallback);
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new VisibilityRulesError(`${source} must be a mapping with \`default\` and \`repos\``);
  const fields = new Map<string, unknown>(Object.entries(doc));
  const given = fields.get('default');
  if (given !== undefined && !isVisibility(given)) throw new VisibilityRulesError(`${source}: default must be one of ${VISIBILITIES.join(', ')}`);
  const repos = fields.get('repos') ?? [];
  if (!Array.isArray(repos)) throw new VisibilityRulesError(`${source}: repos must be a list of { match, visibility }`);
  const rules = (repos as unknown[]).map((entry, i): VisibilityRule => {
    const rule = new Map<string, unknown>(entry !== null && typeof entry === 'object' ? Object.entries(entry) : []);
    const match = rule.get('match');
    const visibility = rule.get('visibility');
    if (typeof match !== 'string' || match.trim() === '') throw new VisibilityRulesError(`${source}: repos[${i}].match must be a glob such as acme/*`);
    if (!isVisibility(visibility)) throw new VisibilityRulesError(`${source}: repos[${i}].visibility must be one of ${VISIBILITIES.join(', ')}`);
    return { match: match.trim(), visibility };
  });
  return createVisibilityPolicy(given ?? fallback, rules);
}

/** Reads the rules file at `path` (a missing or unreadable file is an error: the operator named it). */
export function loadVisibilityPolicy(fallback: Visibility, path: string | undefined): VisibilityPolicy {
  if (!path) return createVisibilityPolicy(fallback);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VisibilityRulesError(`KAP_VISIBILITY_RULES names ${path}, which cannot be read: ${(error as Error).message}`);
  }
  return parseVisibilityRules(text, fallback, path);
}
