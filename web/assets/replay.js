// The session page's replay: a bar with a scrubber over the turns, previous/next item and turn, find in
// page, and live follow of a running session. The page reads fine without it (renderers/sessionPage.ts);
// this only adds navigation and live updates. Keys: j/k next/previous item, n/p next/previous turn,
// / find, Home/End first/last turn, Enter/Shift+Enter next/previous match in the find box, Escape leaves it.
// Live follow is liveFollow.js.
import { followLive } from './liveFollow.js';

const root = document.documentElement;
root.classList.add('js');
const body = document.body;
const turnsBox = document.getElementById('turns');
const bar = document.getElementById('replay');
const slider = document.getElementById('replay-turn');
const pos = document.getElementById('replay-pos');
const findBox = document.getElementById('find');
const findCount = document.getElementById('find-count');

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
  }, 80);
}, { passive: true });
addEventListener('hashchange', openHash);

if (bar) bar.hidden = false;
openHash();
sync();
followLive({
  turns,
  goTo,
  updated() {
    if (markedItem && !markedItem.isConnected) markedItem = null;
    if (hits.length > 0 && findBox) find(findBox.value);
    sync();
  },
});
