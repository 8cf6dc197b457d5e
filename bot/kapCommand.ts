/**
 * The `/kap` slash command's text, parsed: `recap <session>`, `eval <session>`, `handoff <session> [@teammate]`,
 * `host <repo> [branch] <prompt>`, `share <session> [#channel|@person]`, `hide <session>`, `link`, `help`.
 * A session is a Kap session link, a session id, or (recap, handoff) a Slack user mention (their latest
 * session). Slack sends mentions escaped as `<@U0123|name>` or `<@U0123>`, channels as `<#C0123|name>` or
 * `<#C0123>`, and links as `<https://…>` or `<https://…|label>`
 * (https://docs.slack.dev/messaging/formatting-message-text#advanced — with `should_escape: false` users'
 * text keeps the same escaping).
 */
import { sessionIdOfLink } from './sessionLinks.js';
import { slackTextToPlain } from './slackText.js';

export type SessionRef = { kind: 'session'; sessionId: string } | { kind: 'user'; userId: string };

/** Who `/kap share` opens a session to; null: the channel the command was typed in. */
export type ShareTarget = { kind: 'channel'; channel: string } | { kind: 'person'; userId: string } | null;

export type KapCommand =
  | { kind: 'help' }
  | { kind: 'share'; sessionId: string; target: ShareTarget }
  | { kind: 'hide'; sessionId: string }
  | { kind: 'link' }
  | { kind: 'usage'; args: string }
  | { kind: 'recap'; session: SessionRef }
  | { kind: 'eval'; sessionId: string }
  | { kind: 'handoff'; session: SessionRef; teammate: string | null }
  | { kind: 'host'; repo: string; words: string[] }
  | { kind: 'invalid'; message: string };

export const KAP_HELP = [
  '*Kap* — coding-agent sessions in Slack',
  '• `/kap recap <session link | session id | @user>` — Goal, Done, Current state, Next (a user: their latest session)',
  '• `/kap eval <session link | session id>` — judge the session: safety, plan adherence, quality, efficiency (13 questions, 1–5 each)',
  '• `/kap handoff <session> [@teammate]` — post the recap in the thread where the session was shared, for a teammate to continue',
  '• `/kap host <repo> [branch] <prompt>` — start a Claude Code session on the agent host; reply in its thread to steer it (`pause`, `resume`, `stop`, `status`, `files`)',
  '• `/kap share <session> [#channel | @person]` — let a channel (default: this one) or a person see it; a #channel named here may also steer its hosted thread (owner only)',
  '• `/kap hide <session>` — make it private again: only you see it (owner only)',
  '• `/kap usage [@person | #channel | owner/repo] [today | week | month]` — sessions, prompts, tokens per model, cache hits and cost, by person and repository (what you may see)',
  '• `/kap link` — a one-time code for `kap link` on your machine, when your git email is not your Slack email',
  '• `/kap help` — this list',
  'Paste a session link in a channel to show its card.',
].join('\n');

/** Parses the command text; `baseUrl` is where Kap's session links point. */
export function parseKapCommand(text: string, baseUrl: string): KapCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [verb, first, second] = words;
  if (!verb || verb === 'help') return { kind: 'help' };
  if (verb === 'host') {
    const [, repo] = words_(text);
    const words = words_(slackTextToPlain(text.trim().replace(/^host\s+\S+/, '')));
    if (!repo || words.length === 0) return { kind: 'invalid', message: 'Say where and what: `/kap host <repo> [branch] <prompt>`.' };
    return { kind: 'host', repo, words };
  }
  if (verb === 'usage') return { kind: 'usage', args: text.trim().replace(/^usage\b/, '').trim() };
  if (verb === 'link') return first ? { kind: 'invalid', message: '`/kap link` takes nothing more: it gives you a code for `kap link`.' } : { kind: 'link' };
  if (verb === 'share' || verb === 'hide') return parseVisibilityCommand(verb, words.slice(1), baseUrl);
  if (verb === 'eval') return parseEvalCommand(words.slice(1), baseUrl);
  if (verb !== 'recap' && verb !== 'handoff') return { kind: 'invalid', message: `\`/kap ${verb}\` is not a Kap command.\n${KAP_HELP}` };
  if (!first) return { kind: 'invalid', message: `Say which session: \`/kap ${verb} <session link | session id | @user>\`.` };
  const session = parseSessionRef(first, baseUrl);
  if (!session) return { kind: 'invalid', message: `\`${first}\` is not a Kap session link, session id or @user.` };
  if (verb === 'recap') return { kind: 'recap', session };
  const teammate = second ? (mention(second) ?? null) : null;
  if (second && !teammate) return { kind: 'invalid', message: `\`${second}\` is not a teammate: mention them, e.g. @dana.` };
  return { kind: 'handoff', session, teammate };
}

function parseVisibilityCommand(verb: 'share' | 'hide', args: readonly string[], baseUrl: string): KapCommand {
  const [first, second, ...rest] = args;
  const usage = verb === 'share' ? '`/kap share <session link | session id> [#channel | @person]`' : '`/kap hide <session link | session id>`';
  if (!first) return { kind: 'invalid', message: `Say which session: ${usage}.` };
  const session = parseSessionRef(first, baseUrl);
  if (!session || session.kind !== 'session') return { kind: 'invalid', message: `\`${first}\` is not a Kap session link or session id: ${usage}.` };
  if (verb === 'hide') return second ? { kind: 'invalid', message: `Hiding takes back every share: ${usage}.` } : { kind: 'hide', sessionId: session.sessionId };
  if (!second) return { kind: 'share', sessionId: session.sessionId, target: null };
  const channel = channelMention(second);
  const userId = mention(second);
  if (rest.length > 0 || (!channel && !userId)) return { kind: 'invalid', message: `\`${second}\` is not a channel or a person: pick one from Slack's list, e.g. #team or @dana (${usage}).` };
  return { kind: 'share', sessionId: session.sessionId, target: channel ? { kind: 'channel', channel } : { kind: 'person', userId: userId! } };
}

function parseEvalCommand(args: readonly string[], baseUrl: string): KapCommand {
  const [first, ...rest] = args;
  const usage = '`/kap eval <session link | session id>`';
  if (!first) return { kind: 'invalid', message: `Say which session: ${usage}.` };
  const session = parseSessionRef(first, baseUrl);
  if (!session || session.kind !== 'session' || rest.length > 0) return { kind: 'invalid', message: `\`${first}\` is not a Kap session link or session id: ${usage}.` };
  return { kind: 'eval', sessionId: session.sessionId };
}

function words_(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

function parseSessionRef(word: string, baseUrl: string): SessionRef | undefined {
  const userId = mention(word);
  if (userId) return { kind: 'user', userId };
  const link = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(word)?.[1] ?? word;
  if (/^https?:\/\//.test(link)) {
    const sessionId = sessionIdOfLink(link, baseUrl);
    return sessionId ? { kind: 'session', sessionId } : undefined;
  }
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(link) ? { kind: 'session', sessionId: link } : undefined;
}

function mention(word: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1];
}

/** `<#C0123|name>` or `<#C0123>` (public `C…` or private `G…` channel) → its id. */
function channelMention(word: string): string | undefined {
  return /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1];
}
