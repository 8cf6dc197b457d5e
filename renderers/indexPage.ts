/**
 * The index (`GET /`): the sessions a reader may see, newest activity first, grouped by repository or by
 * person (or not), each row with a status dot, title, repository, branch, owner, prompts, cost, files changed
 * and last activity, linking to `/s/<id>`; above them a plain GET form of filters (works without
 * JavaScript) and below them a "More sessions" link when the limit cut the list.
 *
 * `web/assets/index.js` (loaded only when the server has a session feed) keeps the dots, status texts and
 * last-activity times current; it finds them by the `data-session-id`, `data-status` and `data-last-activity`
 * attributes this page writes. Every string from a summary is escaped.
 */
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import { formatCost, oneLine, sessionPlace, statusPhrase } from './format.js';
import { escapeHtml, formatDateTime } from './page/html.js';
import { problemsBox, sitePage } from './page/sitePage.js';
import type { SignedInPerson } from './webPage.js';

export interface IndexPerson {
  key: string;
  label: string;
}

export interface IndexRow {
  summary: SessionSummary;
  person: IndexPerson;
}

/** The form's fields as the reader gave them (shown back as typed, even when a value was refused). */
export interface IndexFormValues {
  repo?: string | undefined;
  person?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  group?: string | undefined;
  limit?: string | undefined;
}

export interface IndexPageInput {
  /** The sessions to show, newest activity first (already filtered and cut to the limit). */
  rows: readonly IndexRow[];
  /** How many sessions pass the filters (more than `rows` when the limit cut the list). */
  matching: number;
  /** The `limit` of the "More sessions" link, when the list was cut and a longer one may be asked for. */
  nextLimit?: number | undefined;
  group: 'repo' | 'person' | 'none';
  form: IndexFormValues;
  /** What the form's selects offer: the repositories and people among the sessions the reader may see. */
  choices: { repos: readonly string[]; people: readonly IndexPerson[] };
  /** Problems with the query: shown above an empty list. */
  problems?: readonly string[];
  /** Whether to load the live script (the server has a session feed). */
  live: boolean;
  person?: SignedInPerson | undefined;
}

const STATUSES = ['running', 'waiting', 'idle', 'ended'] as const;
const GROUP_LABELS = { repo: 'repository', person: 'person', none: 'none' } as const;

export const INDEX_CSS =
  '.dot{display:inline-block;width:.65rem;height:.65rem;border-radius:50%;margin-right:.35rem;vertical-align:baseline;background:#bbb}'
  + '.dot[data-status=running]{background:#2eb67d;box-shadow:0 0 0 3px #2eb67d33}.dot[data-status=waiting]{background:#ecb22e}'
  + '.dot[data-status=idle]{background:#9aa0a6}.dot[data-status=ended]{background:#fff;border:1px solid #9aa0a6;box-sizing:border-box}'
  + 'td.title a{font-weight:600;text-decoration:none}td.title a:hover{text-decoration:underline}td.status{white-space:nowrap}'
  + '.groups{margin:.5rem 0 1rem}.groups a[aria-current]{font-weight:700;color:#1d1c1d;text-decoration:none}.more{margin:1rem 0}';

/** The page's query string for `values` (empty fields left out), with `changes` applied. */
export function indexHref(values: IndexFormValues, changes: IndexFormValues = {}): string {
  const params = new URLSearchParams();
  const merged: IndexFormValues = { ...values, ...changes };
  for (const name of ['repo', 'person', 'status', 'from', 'to', 'group', 'limit'] as const) {
    const value = merged[name];
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text === '' ? '/' : `/?${text}`;
}

function select(name: string, label: string, current: string | undefined, options: ReadonlyArray<{ value: string; label: string }>, anyLabel: string): string {
  const known = current === undefined || current === '' || options.some((o) => o.value === current);
  const all = known ? options : [...options, { value: current, label: current }];
  const items = all.map((o) => `<option value="${escapeHtml(o.value)}"${o.value === current ? ' selected' : ''}>${escapeHtml(o.label)}</option>`).join('');
  return `<label>${label}<select name="${name}"><option value="">${anyLabel}</option>${items}</select></label>`;
}

function filterForm(input: IndexPageInput): string {
  const f = input.form;
  const date = (name: 'from' | 'to', label: string) => `<label>${label}<input type="date" name="${name}" value="${escapeHtml(f[name] ?? '')}"></label>`;
  return `<form class="filters" method="get" action="/" aria-label="Filter sessions">`
    + select('repo', 'Repository', f.repo, input.choices.repos.map((r) => ({ value: r, label: r })), 'All repositories')
    + select('person', 'Person', f.person, input.choices.people.map((p) => ({ value: p.key, label: p.label })), 'Everyone')
    + select('status', 'Status', f.status, STATUSES.map((s) => ({ value: s, label: s })), 'Any status')
    + date('from', 'Active from')
    + date('to', 'Active until')
    + (f.group !== undefined && f.group !== '' ? `<input type="hidden" name="group" value="${escapeHtml(f.group)}">` : '')
    + `<button type="submit">Filter</button><a href="/">Clear</a></form>`;
}

function groupLinks(input: IndexPageInput): string {
  const links = (['repo', 'person', 'none'] as const).map((g) =>
    `<a href="${escapeHtml(indexHref(input.form, { group: g === 'repo' ? undefined : g, limit: undefined }))}"${g === input.group ? ' aria-current="true"' : ''}>${GROUP_LABELS[g]}</a>`);
  return `<p class="groups">Group by: ${links.join(' · ')}</p>`;
}

/** The title a row shows: Claude Code's own title, else the first prompt (the last, in summaries stored before it was kept), else where it ran. */
export function sessionTitle(s: SessionSummary): string {
  for (const text of [s.title, s.firstPrompt ?? s.lastPrompt]) {
    const line = text === null ? '' : oneLine(text);
    if (line !== '') return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  }
  return `Session in ${sessionPlace(s)}`;
}

function lastActivity(iso: string | null): string {
  if (iso === null || Number.isNaN(Date.parse(iso))) return '<time data-last-activity></time>';
  const d = new Date(Date.parse(iso)).toISOString();
  return `<time datetime="${escapeHtml(d)}" data-last-activity>${escapeHtml(formatDateTime(d))}</time>`;
}

/** The status text of a row (and of the live stream's events): `running`, `waiting on permission: Bash`. */
export function rowStatusText(s: SessionSummary): string {
  const phrase = oneLine(statusPhrase(s));
  return phrase.length > 60 ? `${phrase.slice(0, 59)}…` : phrase;
}

function row({ summary: s, person }: IndexRow): string {
  return `<tr data-session-id="${escapeHtml(s.sessionId)}">`
    + `<td class="status"><span class="dot" data-status="${escapeHtml(s.status)}" aria-hidden="true"></span><span data-status-text>${escapeHtml(rowStatusText(s))}</span></td>`
    + `<td class="title"><a href="/s/${encodeURIComponent(s.sessionId)}">${escapeHtml(sessionTitle(s))}</a></td>`
    + `<td>${escapeHtml(sessionPlace(s))}</td><td>${escapeHtml(s.branch ?? '')}</td><td>${escapeHtml(person.label)}</td>`
    + `<td class="num">${s.prompts}</td><td class="num">${escapeHtml(formatCost(s))}</td><td class="num">${s.filesChanged.length}</td>`
    + `<td>${lastActivity(s.lastActivityAt)}</td></tr>`;
}

const HEAD = '<thead><tr><th>Status</th><th>Session</th><th>Repository</th><th>Branch</th><th>Owner</th><th class="num">Prompts</th><th class="num">Cost</th><th class="num">Files changed</th><th>Last activity</th></tr></thead>';

function table(rows: readonly IndexRow[], caption: string): string {
  return `<table><caption class="muted" style="text-align:left">${escapeHtml(caption)}</caption>${HEAD}<tbody>${rows.map(row).join('')}</tbody></table>`;
}

/** Rows in groups, the groups ordered by their newest session (rows come newest first). */
function grouped(input: IndexPageInput): string {
  if (input.group === 'none') return table(input.rows, `${input.rows.length} sessions`);
  const groups = new Map<string, { heading: string; filter: IndexFormValues; rows: IndexRow[] }>();
  for (const r of input.rows) {
    const key = input.group === 'repo' ? (r.summary.repo?.toLowerCase() ?? '') : r.person.key;
    let g = groups.get(key);
    if (!g) {
      g = input.group === 'repo'
        ? { heading: r.summary.repo ?? 'No repository', filter: r.summary.repo !== null ? { repo: r.summary.repo } : {}, rows: [] }
        : { heading: r.person.label, filter: { person: r.person.key }, rows: [] };
      groups.set(key, g);
    }
    g.rows.push(r);
  }
  return [...groups.values()].map((g) => {
    const only = Object.keys(g.filter).length > 0 ? ` <a class="muted" href="${escapeHtml(indexHref(input.form, { ...g.filter, limit: undefined }))}">only these</a>` : '';
    return `<section class="group"><h2>${escapeHtml(g.heading)}${only}</h2>${table(g.rows, `${g.rows.length} of the sessions shown`)}</section>`;
  }).join('');
}

export function renderIndexPage(input: IndexPageInput): string {
  const parts = [`<h1>Sessions</h1>`, filterForm(input)];
  if (input.problems && input.problems.length > 0) {
    parts.push(problemsBox(input.problems));
  } else {
    const count = input.matching === 1 ? '1 session' : `${input.matching} sessions`;
    parts.push(`<p>${count}${input.rows.length < input.matching ? `, the newest ${input.rows.length} shown` : ''} · <a href="/usage">Team usage</a></p>`);
    parts.push(groupLinks(input));
    parts.push('<p id="live-notice" class="notice" role="status" hidden>New sessions since this page loaded — <a href="">reload</a> to see them.</p>');
    parts.push(input.rows.length === 0 ? '<p class="muted">No sessions match these filters.</p>' : `<div id="sessions">${grouped(input)}</div>`);
    if (input.rows.length < input.matching) {
      parts.push(input.nextLimit !== undefined
        ? `<p class="more"><a href="${escapeHtml(indexHref(input.form, { limit: String(input.nextLimit) }))}" rel="next">More sessions</a></p>`
        : '<p class="more muted">This is as many as one page shows: narrow the filters to see the others.</p>');
    }
  }
  return sitePage({ title: 'Sessions', section: 'sessions', mainHtml: parts.join(''), css: INDEX_CSS, ...(input.live ? { script: 'index.js' } : {}), person: input.person });
}
