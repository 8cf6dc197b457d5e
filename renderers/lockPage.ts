/**
 * The lock page: what a signed-in person sees of a session the read rule (access/sessionAccess.ts) does not
 * let them read. Whose session it is and nothing else — no repository, prompt, figure, file or image — so a
 * person knows whom to ask for it (`/kap share`). The web twin of Slack's lock card.
 */
import type { SessionOwner } from '../access/sessionAccess.js';
import { escapeHtml } from './page/html.js';
import { signedInControl, webPage } from './webPage.js';
import type { SignedInPerson } from './webPage.js';

/** How the owner is named: their git name, else their email's local part, else "Someone". */
export function ownerLabel(owner: Pick<SessionOwner, 'name' | 'email'>): string {
  const name = owner.name?.trim();
  if (name) return name;
  const local = owner.email?.split('@')[0]?.trim();
  return local ? local : 'Someone';
}

export function renderLockPage(owner: Pick<SessionOwner, 'name' | 'email'>, person: SignedInPerson): string {
  const who = ownerLabel(owner);
  const body = `<h1 class="lock">🔒 ${escapeHtml(who)}’s session</h1>`
    + `<p>You can’t see this Kap session. Ask ${escapeHtml(who)} to share it with you or with a channel you are in.</p>`
    + signedInControl(person);
  return webPage(`${who}’s session`, body);
}
