// The session page's replay: a bar with a scrubber over the turns, previous/next item and turn, find in
// page, and live follow of a running session. The page reads fine without it (renderers/sessionPage.ts);
// this only adds navigation and live updates. Keys: j/k next/previous item, n/p next/previous turn,
// / find, Home/End first/last turn, Enter/Shift+Enter next/previous match in the find box, Escape leaves it.

const root = document.documentElement;
root.classList.add('js');
const body = document.body;
const turnsBox = document.getElementById('turns');
const bar = document.getElementById('replay');
const slider = document.getElementById('replay-turn');
const pos = document.getElementById('replay-pos');
const findBox = document.getElementById('find');
const findCount = document.getElementById('find-count');
const newButton = document.getElementById('live-new');

/** The page's turns, in order. */
const turns = () => (turnsBox ? Array.from(turnsBox.querySelectorAll(':scope > section.turn')) : []);
/** The main thread's items, in order (a subagent run's items are inside their call's item). */
const items = () => (turnsBox ? Array.from(turnsBox.querySelectorAll(':scope > section.turn > .item')) : []);

/** Opens every closed `<details>` around `element` (and a tool call's own), so it can be seen. */
function reveal(element) {
  for (let e = element; e && e !== body; e = e.parentElement) {
    if (e.tagName === 'DETAILS' && !e.open) e.open = true;
  }
  if (element.matches('section.tool')) {
    const call = element.querySelector(':scope > details.call');
    if (call) call.open = true;
  }
}

function turnOf(element) {
  return element.closest('section.turn');
}

/** The turn at the top of the window: the last one whose top is above a line near the top. */
function currentTurn() {
  const all = turns();
  let current = all[0];
  for (const t of all) {
    if (t.getBoundingClientRect().top <= 90) current = t;
    else break;
  }
  return current;
}

let markedItem = null;
function mark(element) {
  if (markedItem) markedItem.classList.remove('current');
  markedItem = element;
  if (element) element.classList.add('current');
}

function setHash(id) {
  if (id && location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
}

/** Shows `element` (a turn or an item): opens what hides it, scrolls it to the top, marks it, shares it in the URL. */
function goTo(element, hashId) {
  if (!element) return;
  reveal(element);
  element.scrollIntoView({ block: 'start' });
  mark(element);
  setHash(hashId ?? (element.id || turnOf(element)?.id));
  sync();
}

function goToTurn(index) {
  const all = turns();
  if (all.length === 0) return;
  const t = all[Math.max(0, Math.min(all.length - 1, index))];
  goTo(t, t.id);
}

function stepTurn(delta) {
  const all = turns();
  const from = markedItem ? turnOf(markedItem) : currentTurn();
  let index = all.indexOf(from);
  // From an item inside a turn, "previous turn" goes to that turn's head first.
  if (delta < 0 && markedItem && markedItem !== from && from) index += 1;
  goToTurn(index + delta);
}

function stepItem(delta) {
  const all = items();
  if (all.length === 0) return;
  let index = markedItem ? all.indexOf(markedItem) : -1;
  if (index === -1) {
    // Start from what the window shows.
    index = all.findIndex((e) => e.getBoundingClientRect().top > 90);
    if (index === -1) index = all.length;
    if (delta > 0) index -= 1;
  }
  const next = all[Math.max(0, Math.min(all.length - 1, index + delta))];
  goTo(next);
}

/** Keeps the bar (slider, position) and the outline in step with the window. */
function sync() {
  const all = turns();
  if (!slider || !pos) return;
  slider.max = String(Math.max(0, all.length - 1));
  const t = (markedItem && turnOf(markedItem)) || currentTurn();
  const index = Math.max(0, all.indexOf(t));
  slider.value = String(index);
  const n = t ? t.dataset.turn : '–';
  const last = all.length > 0 ? all[all.length - 1].dataset.turn : '0';
  pos.textContent = `Turn ${n} of ${last}`;
  for (const li of document.querySelectorAll('#outline li.current')) li.classList.remove('current');
  const row = t ? document.querySelector(`#outline li[data-turn="${t.dataset.turn}"]`) : null;
  if (row) row.classList.add('current');
}

/** Opens and shows the anchor the URL names (`#turn-12`, `#tool-toolu_…`). */
function openHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  reveal(target);
  target.scrollIntoView({ block: 'start' });
  mark(target.matches('.item, section.turn') ? target : null);
  sync();
}

// Find in page: marks every match in the conversation, steps through them.
let hits = [];
let hitIndex = -1;
function clearHits() {
  for (const m of hits) {
    const parent = m.parentNode;
    if (!parent) continue;
    parent.replaceChild(document.createTextNode(m.textContent), m);
    parent.normalize();
  }
  hits = [];
  hitIndex = -1;
}

const MAX_HITS = 5000;
function find(query) {
  clearHits();
  const q = query.trim().toLowerCase();
  if (q === '' || !turnsBox) {
    findCount.textContent = '';
    return;
  }
  const scope = document.getElementById('conversation') ?? turnsBox;
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeValue.toLowerCase().includes(q)) nodes.push(n);
  }
  for (const node of nodes) {
    if (hits.length >= MAX_HITS) break;
    let text = node.nodeValue;
    let current = node;
    let at = text.toLowerCase().indexOf(q);
    while (at !== -1 && hits.length < MAX_HITS) {
      const match = current.splitText(at);
      const rest = match.splitText(q.length);
      const m = document.createElement('mark');
      m.className = 'find-hit';
      m.textContent = match.nodeValue;
      match.parentNode.replaceChild(m, match);
      hits.push(m);
      current = rest;
      text = rest.nodeValue;
      at = text.toLowerCase().indexOf(q);
    }
  }
  findCount.textContent = hits.length === 0 ? 'no matches' : `${hits.length}${hits.length >= MAX_HITS ? '+' : ''} matches`;
  if (hits.length > 0) stepHit(1);
}

function stepHit(delta) {
  if (hits.length === 0) return;
  if (hitIndex >= 0) hits[hitIndex].classList.remove('on');
  hitIndex = (hitIndex + delta + hits.length) % hits.length;
  const hit = hits[hitIndex];
  hit.classList.add('on');
  reveal(hit);
  hit.scrollIntoView({ block: 'center' });
  findCount.textContent = `${hitIndex + 1} of ${hits.length}${hits.length >= MAX_HITS ? '+' : ''}`;
}

let findTimer;
findBox?.addEventListener('input', () => {
  clearTimeout(findTimer);
  findTimer = setTimeout(() => find(findBox.value), 150);
});
findBox?.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    clearTimeout(findTimer);
    if (hits.length === 0 || findBox.dataset.query !== findBox.value) {
      findBox.dataset.query = findBox.value;
      find(findBox.value);
    } else stepHit(event.shiftKey ? -1 : 1);
  } else if (event.key === 'Escape') {
    findBox.blur();
  }
});

const actions = {
  'prev-turn': () => stepTurn(-1),
  'next-turn': () => stepTurn(1),
  'prev-item': () => stepItem(-1),
  'next-item': () => stepItem(1),
  'find-prev': () => stepHit(-1),
  'find-next': () => stepHit(1),
};
bar?.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-act]');
  if (button) actions[button.dataset.act]?.();
});
slider?.addEventListener('input', () => goToTurn(Number(slider.value)));

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const tag = event.target instanceof Element ? event.target.tagName : '';
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || event.target.isContentEditable) return;
  const keys = {
    j: () => stepItem(1),
    k: () => stepItem(-1),
    n: () => stepTurn(1),
    p: () => stepTurn(-1),
    Home: () => goToTurn(0),
    End: () => goToTurn(turns().length - 1),
    '/': () => findBox?.focus(),
  };
  const act = keys[event.key];
  if (!act) return;
  event.preventDefault();
  act();
});

let scrollTimer;
addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    // Scrolling by hand leaves the marked item behind once it is out of sight.
    if (markedItem) {
      const r = markedItem.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) mark(null);
    }
    sync();
    if (nearBottom()) hideNew();
  }, 80);
}, { passive: true });
addEventListener('hashchange', openHash);

// Live follow: the server says when the session's timeline moved on; the page fetches the turns from its
// last one on (it may still be growing) and puts them in. A reader scrolled up gets "N new" instead of a jump.
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
  if (target && target.isConnected) goTo(target);
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
  const all = turns();
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
  if (markedItem && !markedItem.isConnected) markedItem = null;
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
  if (hits.length > 0 && findBox) find(findBox.value);
  sync();
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

function follow() {
  const liveUrl = body.dataset.liveUrl;
  if (!liveUrl || !body.dataset.turnsUrl || typeof EventSource === 'undefined') return;
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

if (bar) bar.hidden = false;
openHash();
sync();
follow();
