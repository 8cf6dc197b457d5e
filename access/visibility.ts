/**
 * Session visibility (issue #11), narrowest first:
 *   private    its owner and the people it was shared with
 *   channel    also the members of the Slack channels it was shared in
 *   workspace  everyone in the Slack workspace
 * A session with no `SessionVisibilityChanged` event has its configured default (visibilityPolicy.ts).
 */
export const VISIBILITIES = ['private', 'channel', 'workspace'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export function isVisibility(value: unknown): value is Visibility {
  return typeof value === 'string' && (VISIBILITIES as readonly string[]).includes(value);
}

/** The narrower of two visibilities (private < channel < workspace). */
export function narrowest(a: Visibility, b: Visibility): Visibility {
  return VISIBILITIES.indexOf(a) <= VISIBILITIES.indexOf(b) ? a : b;
}
