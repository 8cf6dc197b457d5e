/**
 * The slice of Slack's Block Kit JSON the Kap cards use, as our own minimal types (no Slack SDK type in
 * the renderers). Shapes per https://api.slack.com/reference/block-kit/blocks,
 * https://api.slack.com/reference/block-kit/block-elements and
 * https://api.slack.com/reference/block-kit/composition-objects#text. Limits: slackLimits.ts.
 */

/** Shown as written: no mrkdwn, no links or mentions. */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** Slack's mrkdwn; `&`, `<`, `>` must be escaped unless they are markup (mrkdwn.ts). */
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id?: string;
  /** A link button: Slack opens it and still sends an interaction payload. */
  url?: string;
  value?: string;
  style?: 'primary' | 'danger';
  accessibility_label?: string;
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
  block_id?: string;
}

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
  accessory?: ButtonElement | ImageElement;
  block_id?: string;
}

export interface ContextBlock {
  type: 'context';
  elements: (TextObject | ImageElement)[];
  block_id?: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
  block_id?: string;
}

export interface ImageBlock {
  type: 'image';
  image_url: string;
  alt_text: string;
  title?: PlainText;
  block_id?: string;
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | ImageBlock | DividerBlock;

/**
 * A message built from blocks: `blocks` for `chat.postMessage` / `chat.update`, or as an unfurl
 * (`chat.unfurl`'s `unfurls[url] = { blocks }`); `text` is the notification / fallback text (mrkdwn).
 */
export interface BlockMessage {
  blocks: Block[];
  text: string;
}

export function plain(text: string): PlainText {
  return { type: 'plain_text', text, emoji: true };
}

export function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text };
}
