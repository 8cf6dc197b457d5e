/**
 * The small pages of Kap's web server around the session page: messages (a link that does not open, a
 * sign-in that failed, signed out), and the "signed in as … · Log out" control. Each is a complete HTML
 * document with no script, no image and nothing loaded from elsewhere; every text is escaped.
 */
import { escapeHtml } from './page/html.js';

/**
 * The Content-Security-Policy of these pages (sent as a header by the routes): nothing but inline styles,
 * and forms only to Kap itself (the logout button).
 */
export const WEB_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Who is signed in, as the control shows it. */
export interface SignedInPerson {
  /** The name Slack gave, else null (the user id is shown). */
  name: string | null;
  userId: string;
}

const STYLE = 'body{font-family:system-ui,-apple-system,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}'
  + 'h1{font-size:1.4rem}.who{color:#616061;font-size:.9rem;margin-top:2rem}.who form{display:inline}'
  + '.who button{font:inherit;color:#1264a3;background:none;border:0;padding:0;cursor:pointer;text-decoration:underline}';

/** A page: `title` (text) and `bodyHtml` (already escaped markup). */
export function webPage(title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Kap</title><style>${STYLE}</style></head><body>${bodyHtml}</body></html>`;
}

/** "Signed in as Dana · [Log out]": a form posting to `/auth/logout` (it clears the web session). */
export function signedInControl(person: SignedInPerson): string {
  return `<p class="who" data-kap-signed-in="${escapeHtml(person.userId)}">Signed in as ${escapeHtml(person.name ?? person.userId)} · <form method="post" action="/auth/logout"><button type="submit">Log out</button></form></p>`;
}

/** A page of one message (text), with the signed-in control when someone is. */
export function messagePage(text: string, person?: SignedInPerson, title = 'Kap'): string {
  return webPage(title, `<p>${escapeHtml(text)}</p>${person ? signedInControl(person) : ''}`);
}

/**
 * The bar the session page gets when a person reads it: a link to `/auth/logout` (the session page's own
 * policy allows no form, so the link opens the logout page with its button).
 */
export function signedInBar(person: SignedInPerson): string {
  return `<div class="kap-signed-in" data-kap-signed-in="${escapeHtml(person.userId)}" style="font:14px system-ui,sans-serif;text-align:right;padding:.4rem 1rem;color:#616061">Signed in as ${escapeHtml(person.name ?? person.userId)} · <a href="/auth/logout">Log out</a></div>`;
}

/** The session page's HTML with `signedInBar` as the first thing in its body (unchanged if it has no `<body>`). */
export function withSignedInBar(pageHtml: string, person: SignedInPerson): string {
  return pageHtml.replace(/<body([^>]*)>/, (tag) => `${tag}\n${signedInBar(person)}`);
}
