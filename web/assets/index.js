// The index's live status (renderers/indexPage.ts, web/sessionEventsRoute.ts): listens to
// /events/sessions (with the page's repo and person filters) and updates each row's dot, status text and
// last activity in place. A session that is not on the page shows the "new sessions — reload" notice.
// Without this script (or without EventSource) the page is the same, only not live.

const rows = new Map();
for (const row of document.querySelectorAll('tr[data-session-id]')) rows.set(row.getAttribute('data-session-id'), row);

const notice = document.getElementById('live-notice');
const page = new URLSearchParams(location.search);
const filters = new URLSearchParams();
for (const name of ['repo', 'person']) {
  const value = page.get(name);
  if (value) filters.set(name, value);
}

function update(row, event) {
  const dot = row.querySelector('.dot');
  if (dot) dot.setAttribute('data-status', event.status);
  const text = row.querySelector('[data-status-text]');
  if (text) text.textContent = event.statusText;
  const time = row.querySelector('time[data-last-activity]');
  if (time && event.lastActivityAt) {
    time.setAttribute('datetime', event.lastActivityAt);
    time.textContent = event.lastActivityText;
  }
  row.setAttribute('data-live', 'updated');
}

if (typeof EventSource === 'function') {
  const query = filters.toString();
  const source = new EventSource(`/events/sessions${query ? `?${query}` : ''}`);
  source.addEventListener('ready', () => document.documentElement.setAttribute('data-live', 'connected'));
  source.addEventListener('session', (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    const row = rows.get(event.sessionId);
    if (row) update(row, event);
    else if (notice) notice.hidden = false;
  });
  source.addEventListener('error', () => document.documentElement.setAttribute('data-live', 'reconnecting'));
}
