/**
 * The lock card: what a Kap session link unfurls to where the session may not be seen (issue #11, "In
 * Slack"). It says whose session it is and nothing else: no title, prompts, figures, files, repository,
 * branch or image, and no Recap / Continue buttons (the access rule: access/sessionAccess.ts). Pure.
 */
import type { BlockMessage } from './blockKit.js';
import { mrkdwn } from './blockKit.js';
import { oneLine } from './format.js';
import { literalMrkdwn } from './mrkdwn.js';
import { clip } from './slackLimits.js';

export interface LockCardOwner {
  /** The owner's Slack user id, shown as a mention; null when Kap could not resolve it. */
  slackUserId: string | null;
  /** The owner's git user name, shown when there is no Slack user (untrusted text: escaped, cut). */
  name: string | null;
}

/** Longest owner name shown. */
const SHOWN_NAME = 80;

/** A Slack user id Kap may put in a mention (`<@U0123>`): https://docs.slack.dev/messaging/formatting-message-text#mentioning-users */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** Who the card names: a mention, else the escaped name, else "Someone". */
export function ownerLabel(owner: LockCardOwner): string {
  if (owner.slackUserId !== null && SLACK_USER_ID.test(owner.slackUserId)) return `<@${owner.slackUserId}>`;
  const name = owner.name === null ? '' : clip(oneLine(owner.name), SHOWN_NAME, literalMrkdwn);
  return name === '' ? 'Someone' : name;
}

/** `{ blocks, text }` of a locked session; within Slack's limits for any owner. */
export function buildLockCard(owner: LockCardOwner): BlockMessage {
  const who = ownerLabel(owner);
  return {
    blocks: [
      {
        type: 'section',
        block_id: 'kap_card_locked',
        text: mrkdwn(`:lock: *${who}'s Claude Code session*\nOnly the people it is shared with can see it here.`),
      },
      {
        type: 'context',
        block_id: 'kap_card_locked_hint',
        elements: [mrkdwn('Its owner can share it with `/kap share <session> #channel` or `@person`.')],
      },
    ],
    text: `Kap: ${who}'s session is private here`,
  };
}
