/**
 * The access adapters the configuration names (access/): the visibility policy (KAP_DEFAULT_VISIBILITY,
 * KAP_VISIBILITY_RULES), identity links in the event store, and Slack's directory when a Slack app is
 * configured. Without Slack nobody resolves to a Slack user and every reader is the local user.
 */
import type { SlackApi } from '../bot/slackApi.js';
import { createIdentityLinks } from '../access/identityLinks.js';
import { createOwnerDirectory } from '../access/ownerDirectory.js';
import { createSessionGate } from '../access/sessionGate.js';
import type { Access } from '../access/access.js';
import { NO_CHANNELS, slackChannelMembership, slackUserOfEmail } from '../access/slackDirectory.js';
import type { VisibilityPolicy } from '../access/visibilityPolicy.js';
import type { EventStore } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';

export type { Access } from '../access/access.js';

/** `policy`: access/visibilityPolicy.ts `loadVisibilityPolicy`, loaded before anything is opened (it can throw). */
export function openAccess(policy: VisibilityPolicy, store: EventStore, readModel: SessionReadModel, slack: SlackApi | undefined, now: () => Date): Access {
  const identityLinks = createIdentityLinks(store, now);
  const byEmail = slack ? slackUserOfEmail(slack) : async () => null;
  const owners = createOwnerDirectory({ links: identityLinks, slackUserOfEmail: byEmail });
  const membership = slack ? slackChannelMembership(slack) : NO_CHANNELS;
  return { gate: createSessionGate({ readModel, policy, owners, membership }), identityLinks, slackUserOfEmail: byEmail, local: slack === undefined };
}
