/**
 * Who may see a session: the one function every Slack surface asks (unfurls, recaps, thread relay).
 * Today every member of the workspace the app is installed in may see every session Kap recorded for that
 * workspace (one Kap per team). Per-repository or per-channel visibility arrives with the visibility model;
 * it changes this function only.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';

export interface Viewer {
  /** Slack user id, e.g. `U0123`. */
  userId: string | undefined;
  /** Where the session would be shown, e.g. `C0123`; undefined for a composer preview. */
  channel: string | undefined;
}

export function canSeeSession(_viewer: Viewer, _session: SessionSummary): boolean {
  return true;
}
