/**
 * The card for a Kap session link whose session Kap does not have (a mistyped or deleted id, or a link
 * from another Kap). The id comes from the pasted URL, so it is untrusted: shown as cut, escaped code.
 */
import type { BlockMessage } from './blockKit.js';
import { mrkdwn } from './blockKit.js';
import { oneLine } from './format.js';
import { codeMrkdwn } from './mrkdwn.js';
import { clip } from './slackLimits.js';

/** Longest id shown (Kap's own ids are UUIDs: 36). */
const SHOWN_ID = 80;

/** `{ blocks, text }` saying the session is unknown; within Slack's limits for any id. */
export function buildNotFoundCard(sessionId: string): BlockMessage {
  const id = clip(oneLine(sessionId), SHOWN_ID, codeMrkdwn);
  const shown = id === '' ? 'this session' : `session \`${id}\``;
  return {
    blocks: [
      {
        type: 'section',
        block_id: 'kap_card_not_found',
        text: mrkdwn(`:grey_question: *Session not found*\nKap has no ${shown}. It may have been deleted, or the link is mistyped.`),
      },
      {
        type: 'context',
        block_id: 'kap_card_not_found_hint',
        elements: [mrkdwn('Run `npx kap sessions` to list the sessions Kap recorded.')],
      },
    ],
    text: `Kap: ${shown} not found`,
  };
}
