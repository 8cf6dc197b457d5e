/**
 * The Slack Web API adapter (@slack/web-api `WebClient`). Platform errors (`ok: false`) become returned
 * values, `ratelimited` among them (a method may answer it in the body). Rate limits (HTTP 429) are retried by
 * the WebClient after Slack's `Retry-After`, and network errors a few times; still failing, they are thrown
 * (a job then fails its try and is retried by the job queue).
 */
import { WebClient } from '@slack/web-api';
import type { SlackApi, SlackResult } from './slackApi.js';

export interface WebClientSlackApiOptions {
  /** Bot token, `xoxb-…`. */
  token: string;
  /** Web API base URL ending in `/api/`; default Slack's. Tests point it at a local stand-in. */
  apiUrl?: string;
}

export function createWebClientSlackApi(options: WebClientSlackApiOptions): SlackApi {
  const client = new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  });

  const call = async <T>(run: () => Promise<T>): Promise<SlackResult<T>> => {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string } };
      if (e.code === 'slack_webapi_platform_error' && e.data?.error) return { ok: false, error: e.data.error };
      throw error;
    }
  };

  return {
    async unfurl(target, unfurls) {
      const where = 'channel' in target ? { channel: target.channel, ts: target.ts } : { source: target.source, unfurl_id: target.unfurlId };
      return call(async () => {
        await client.chat.unfurl({ ...where, unfurls });
        return {};
      });
    },
    async postMessage(m) {
      return call(async () => {
        const r = await client.chat.postMessage({ channel: m.channel, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}), ...(m.blocks ? { blocks: m.blocks } : {}) });
        return { ts: r.ts ?? '' };
      });
    },
    async addReaction(m) {
      return call(async () => {
        await client.reactions.add({ channel: m.channel, timestamp: m.ts, name: m.name });
        return {};
      });
    },
    async lookupByEmail(email) {
      return call(async () => {
        const r = await client.users.lookupByEmail({ email });
        if (!r.user?.id) throw Object.assign(new Error('users.lookupByEmail answered no user'), { code: 'slack_webapi_platform_error', data: { error: 'users_not_found' } });
        return { userId: r.user.id };
      });
    },
    async channelMembers(channel) {
      return call(async () => {
        const members: string[] = [];
        for await (const page of client.paginate('conversations.members', { channel, limit: 1000 })) {
          members.push(...(((page as { members?: string[] }).members) ?? []));
        }
        return { members };
      });
    },
    async postEphemeral(m) {
      return call(async () => {
        await client.chat.postEphemeral({ channel: m.channel, user: m.user, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}), ...(m.blocks ? { blocks: m.blocks } : {}) });
        return {};
      });
    },
  };
}
