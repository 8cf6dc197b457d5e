/**
 * The index's filters applied to the sessions a reader may see (web/visibleSessions.ts), and the choices
 * its form offers (the repositories and people among those sessions, never others').
 */
import type { IndexQuery } from './indexQuery.js';
import type { Person, VisibleSession } from './visibleSessions.js';

/** The sessions that pass every filter of `query`, in the order given. */
export function filterSessions(sessions: readonly VisibleSession[], query: Omit<IndexQuery, 'group' | 'limit'>): VisibleSession[] {
  const repo = query.repo?.toLowerCase();
  return sessions.filter(({ summary, person }) => {
    if (repo !== undefined && summary.repo?.toLowerCase() !== repo) return false;
    if (query.person !== undefined && person.key !== query.person) return false;
    if (query.status !== undefined && summary.status !== query.status) return false;
    if (query.from !== undefined || query.to !== undefined) {
      const at = summary.lastActivityAt === null ? Number.NaN : Date.parse(summary.lastActivityAt);
      if (Number.isNaN(at)) return false;
      if (query.from !== undefined && at < query.from.getTime()) return false;
      if (query.to !== undefined && at >= query.to.getTime()) return false;
    }
    return true;
  });
}

/** The repositories (sorted, without case duplicates) and people (by label) among `sessions`. */
export function filterChoices(sessions: readonly VisibleSession[]): { repos: string[]; people: Person[] } {
  const repos = new Map<string, string>();
  const people = new Map<string, Person>();
  for (const { summary, person } of sessions) {
    if (summary.repo !== null && !repos.has(summary.repo.toLowerCase())) repos.set(summary.repo.toLowerCase(), summary.repo);
    if (!people.has(person.key)) people.set(person.key, person);
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    repos: [...repos.values()].sort((a, b) => byText(a.toLowerCase(), b.toLowerCase())),
    people: [...people.values()].sort((a, b) => byText(a.label.toLowerCase(), b.label.toLowerCase()) || byText(a.key, b.key)),
  };
}
