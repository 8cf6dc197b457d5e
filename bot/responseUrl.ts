/**
 * Answering a slash command through its `response_url` (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses):
 * an HTTP POST of `{ response_type: 'ephemeral', text }` to the URL Slack sent with the command, valid for 30
 * minutes and up to 5 times. It works where Kap is not a member (a channel it was not invited to, a DM), where
 * `chat.postMessage` and `chat.postEphemeral` answer `not_in_channel` / `channel_not_found`.
 *
 * Port: `ResponseUrls`; adapter: `fetchResponseUrls` (fetch). A URL is posted to only when it is Slack's
 * (`https://hooks.slack.com/…`) or on the configured Slack API origin (SLACK_API_URL, a stand-in in tests):
 * anything else is refused, so a forged URL cannot make Kap call an address of its choosing.
 */

export type ResponseUrlResult = { ok: true } | { ok: false; reason: 'URL_REFUSED' | 'SLACK_REFUSED' | 'UNREACHABLE'; detail: string };

export interface ResponseUrls {
  /** Says `text` to the person who ran the command, ephemerally. Never throws. */
  reply(url: string, message: { text: string }): Promise<ResponseUrlResult>;
}

/** Slack's refusals that mean "Kap is not in that conversation": the person is then answered through response_url. */
export const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

/** What to tell someone whose command Kap cannot answer in `channel` (Slack id) because it is not a member there. */
export function inviteKapText(what: string, channel: string): string {
  // Slack's ids: D… a direct message, where no app can be invited.
  if (channel.startsWith('D')) return `I can't post ${what} in a direct message I'm not part of: run the command in a channel I'm in, or invite me to one with \`/invite @kap\`.`;
  return `I can't post ${what} in <#${channel}>: I'm not a member of it. Invite me with \`/invite @kap\` there, then ask again.`;
}

/** Whether Kap may POST to `url`: https on hooks.slack.com, or the origin of the configured Slack API URL. */
export function isResponseUrl(url: string, slackApiUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com' && parsed.port === '') return true;
  if (!slackApiUrl) return false;
  try {
    return parsed.origin === new URL(slackApiUrl).origin;
  } catch {
    return false;
  }
}

export interface FetchResponseUrlsOptions {
  /** SLACK_API_URL, when Kap talks to a Slack other than slack.com (a stand-in): its origin is allowed too. */
  slackApiUrl?: string | undefined;
  fetch?: typeof fetch;
  /** Default 10 s. */
  timeoutMs?: number;
}

export function fetchResponseUrls(options: FetchResponseUrlsOptions = {}): ResponseUrls {
  const doFetch = options.fetch ?? fetch;
  return {
    async reply(url, message) {
      if (!isResponseUrl(url, options.slackApiUrl)) return { ok: false, reason: 'URL_REFUSED', detail: 'not a Slack response_url' };
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text: message.text }),
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        return response.ok ? { ok: true } : { ok: false, reason: 'SLACK_REFUSED', detail: `HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, reason: 'UNREACHABLE', detail: (error as Error).message };
      }
    },
  };
}
