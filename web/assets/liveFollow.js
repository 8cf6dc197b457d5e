// Live follow of a running session, for the session page's replay (replay.js): the server says when the
// session's timeline moved on (server-sent events on `data-live-url`); the page fetches the turns from its
// last one on (`data-turns-url?from=N`: the last may still be growing) and puts them in, keeping what the
// reader opened. A reader scrolled up gets "N new" instead of a jump.

const root = document.documentElement;
const body = document.body;
const turnsBox = document.getElementById('turns');
const newButton = document.getElementById('live-new');
/** What replay.js gives `followLive`. */
let page = { turns: () => [], goTo: () => {}, updated: () => {} };

const nearBottom = () => innerHeight + scrollY >= root.scrollHeight - 160;
let unseen = 0;
let firstUnseen = null;
function hideNew() {
  unseen = 0;
  firstUnseen = null;
  if (newButton) newButton.hidden = true;
}
newButton?.addEventListener('click', () => {
  const target = firstUnseen;
  hideNew();
  if (target && target.isConnected) page.goTo(target);
  else scrollTo(0, root.scrollHeight);
});

/** Ids of the open `<details>` of a turn (by their tool call or subagent), to keep them open after a refresh. */
function openDetails(turn) {
  const open = new Set();
  for (const d of turn.querySelectorAll('details[open]')) {
    const owner = d.closest('[data-tool-id]');
    open.add(`${d.className}|${d.dataset.agentId ?? ''}|${owner ? owner.dataset.toolId : ''}`);
  }
  return open;
}
function restoreDetails(turn, open) {
  for (const d of turn.querySelectorAll('details')) {
    const owner = d.closest('[data-tool-id]');
    if (open.has(`${d.className}|${d.dataset.agentId ?? ''}|${owner ? owner.dataset.toolId : ''}`)) d.open = true;
  }
}

let revision = Number(body.dataset.revision ?? '-1');
let fetching = false;
let again = false;

async function refresh() {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    do {
      again = false;
      await fetchTurns();
    } while (again);
  } finally {
    fetching = false;
  }
}

async function fetchTurns() {
  const all = page.turns();
  const last = all[all.length - 1];
  const from = last ? Number(last.dataset.turn) : 0;
  const url = new URL(body.dataset.turnsUrl, location.href);
  url.searchParams.set('from', String(from));
  const response = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const fetchedRevision = Number(response.headers.get('x-kap-revision') ?? '-1');
  if (fetchedRevision <= revision) return;
  const template = document.createElement('template');
  template.innerHTML = await response.text();
  const follow = nearBottom();
  const before = last ? last.querySelectorAll(':scope > .item').length : 0;
  let added = 0;
  let firstNew = null;
  // (`:scope` matches nothing in a DocumentFragment: take its children.)
  for (const turn of Array.from(template.content.children).filter((e) => e.matches('section.turn'))) {
    const old = document.getElementById(turn.id);
    const count = turn.querySelectorAll(':scope > .item').length;
    if (old) {
      restoreDetails(turn, openDetails(old));
      if (old.classList.contains('current')) turn.classList.add('current');
      const grew = count - (old === last ? before : count);
      if (grew > 0) {
        added += grew;
        firstNew ??= turn.querySelectorAll(':scope > .item')[count - grew] ?? null;
      }
      old.replaceWith(turn);
    } else {
      turnsBox.querySelector(':scope > p.note')?.remove();
      turnsBox.append(turn);
      added += Math.max(1, count);
      firstNew ??= turn;
    }
  }
  const rows = template.content.getElementById('outline-rows');
  if (rows) updateOutline(rows.content);
  revision = fetchedRevision;
  body.dataset.revision = String(revision);
  if (added > 0) {
    if (follow) scrollTo(0, root.scrollHeight);
    else {
      unseen += added;
      firstUnseen ??= firstNew;
      if (newButton) {
        newButton.textContent = `${unseen} new`;
        newButton.hidden = false;
      }
    }
  }
  page.updated();
}

function updateOutline(rows) {
  let outline = document.getElementById('outline');
  if (!outline) {
    outline = document.createElement('nav');
    outline.className = 'outline';
    outline.id = 'outline';
    outline.setAttribute('aria-label', 'Prompts');
    outline.innerHTML = '<h2>Prompts</h2><ol></ol>';
    document.getElementById('conversation')?.before(outline);
  }
  const list = outline.querySelector('ol');
  for (const li of Array.from(rows.querySelectorAll('li[data-turn]'))) {
    const old = list.querySelector(`li[data-turn="${li.dataset.turn}"]`);
    if (old) old.replaceWith(li);
    else list.append(li);
  }
}

/**
 * Follows the session live when the page says it may (`data-live-url`, `data-turns-url` on `<body>`).
 * `page`: `turns()` the page's turn sections in order, `goTo(element)` shows one, `updated()` runs after
 * new or grown turns went in (the page re-runs its find, re-syncs its bar).
 */
export function followLive(options) {
  page = options;
  const liveUrl = body.dataset.liveUrl;
  if (!liveUrl || !body.dataset.turnsUrl || typeof EventSource === 'undefined') return;
  // Reaching the end by hand is seeing what was new.
  addEventListener('scroll', () => {
    if (unseen > 0 && nearBottom()) hideNew();
  }, { passive: true });
  const events = new EventSource(liveUrl);
  const onRevision = (event) => {
    const data = JSON.parse(event.data);
    if (typeof data.revision === 'number' && data.revision > revision) void refresh();
  };
  events.addEventListener('hello', onRevision);
  events.addEventListener('timeline', onRevision);
  events.addEventListener('status', (event) => {
    const { status } = JSON.parse(event.data);
    const badge = document.querySelector('#session-status .badge');
    if (badge && typeof status === 'string') {
      badge.className = `badge ${status}`;
      badge.textContent = status;
    }
  });
  root.dataset.live = 'on';
}
