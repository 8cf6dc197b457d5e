/**
 * Kap session links: `<base>/s/<sessionId>` (with or without the `exp`/`sig` of a signed link). Slack sends
 * the URLs of a message's links on the app's unfurl domains (`link_shared`); these are Kap's.
 */

/** The session id a URL links to, or undefined when it is not a Kap session link on `baseUrl`'s host. */
export function sessionIdOfLink(url: string, baseUrl: string): string | undefined {
  let link: URL;
  let base: URL;
  try {
    link = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (link.host !== base.host) return undefined;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/s/`;
  if (!link.pathname.startsWith(prefix)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(link.pathname.slice(prefix.length).replace(/\/+$/, ''));
  } catch {
    return undefined; // bad percent-encoding: not a link Kap made
  }
  // Claude Code session ids are UUIDs; anything path-like or odd is not a session link.
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) ? id : undefined;
}
