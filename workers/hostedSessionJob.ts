/**
 * The hosted-session job (`prompts` queue, ordering key: the session's thread, so a thread's work runs one at
 * a time, first in first out, across every worker):
 *   start     `/kap host <repo> [branch] <prompt>`: a worktree on the branch (the first word is a branch when
 *             the repository has one of that name), Kap's hooks in it, then the first turn
 *   continue  the Continue button: the session's transcript rebuilt from its stream into the host's Claude
 *             home, a worktree on its branch, ready for the thread's replies
 *   prompt    a thread reply: the next turn (hostedTurn.ts)
 * What cannot be done is said in the thread: repository not configured, branch not pushed, no transcript.
 */
import { installHostHooks } from '../agents/hostHooks.js';
import { fetchResponseUrls, inviteKapText, NOT_A_MEMBER } from '../bot/responseUrl.js';
import type { ResponseUrls } from '../bot/responseUrl.js';
import { rebuildTranscript } from '../agents/transcriptRebuild.js';
import { prepareWorkspace } from '../agents/workspaces.js';
import { contentId } from '../events/eventIds.js';
import { HOSTED_SESSION_STARTED } from '../events/kapEventTypes.js';
import type { JobHandler } from '../jobs/jobQueue.js';
import { hostControlsBlock, noticeMessage } from '../renderers/agentBlocks.js';
import { escapeMrkdwn } from '../renderers/mrkdwn.js';
import { buildLockCard } from '../renderers/lockCard.js';
import { buildSessionCard } from '../renderers/sessionCardBlocks.js';
import { clip } from '../renderers/slackLimits.js';
import type { SessionGate } from '../access/sessionGate.js';
import { sessionStream } from '../stores/eventStore.js';
import type { SessionReadModel } from '../stores/sessionReadModel.js';
import type { SessionSummary } from '../projections/sessionSummaryTypes.js';
import type { HostedSession } from '../stores/hostedSessions.js';
import { runHostedTurn } from './hostedTurn.js';
import type { HostedTurnDeps } from './hostedTurn.js';

export const PROMPTS_QUEUE = 'prompts';

interface Where {
  threadKey: string;
  channel: string;
  threadTs: string;
  /** Slack user id of who asked. */
  by: string;
  /** `/kap host`'s response_url (checked by the bot: bot/responseUrl.ts), for answers Kap cannot post in the channel. */
  responseUrl?: string;
}

export type HostJob =
  | (Where & { kind: 'start'; repo: string; words: string[] })
  | (Where & { kind: 'continue'; sessionId: string })
  | (Where & { kind: 'prompt'; text: string; messageTs: string });

export interface HostJobDeps extends HostedTurnDeps {
  readModel: SessionReadModel;
  /** HOME of the hosted `claude` (its transcripts live under `<home>/.claude/projects`). */
  claudeHome: string;
  /** The command Claude Code runs for Kap's hooks (cli/hooksCommand.ts `collectorCommand`). */
  hookCommand: string;
  /** Who may see what: the thread's card is the full one only where its channel may read the session. */
  gate: SessionGate;
  /** Answers through a response_url; default: fetch, Slack's own URLs only (bot/responseUrl.ts). */
  responseUrls?: ResponseUrls;
}

export function hostJobHandler(deps: HostJobDeps): JobHandler<HostJob> {
  const handle = hostJob(deps);
  return async (job) => {
    try {
      await handle(job);
    } catch (error) {
      // Said in the thread, not only logged: someone there is waiting for an answer.
      const { channel, threadTs } = job.data;
      await deps.slack.postMessage({ channel, threadTs, ...noticeMessage(`The agent host failed: ${escapeMrkdwn((error as Error).message ?? String(error))}`) }).catch(() => undefined);
      throw error;
    }
  };
}

function hostJob(deps: HostJobDeps): JobHandler<HostJob> {
  const responseUrls = deps.responseUrls ?? fetchResponseUrls();
  return async ({ data }) => {
    /** Says `text` in the thread; where Kap is no longer a member, to the person who asked, through the response_url. */
    const say = async (text: string) => {
      const posted = await deps.slack.postMessage({ channel: data.channel, threadTs: data.threadTs, ...noticeMessage(text) });
      if (!posted.ok && NOT_A_MEMBER.has(posted.error) && data.responseUrl) await responseUrls.reply(data.responseUrl, { text: `${inviteKapText('the hosted session’s answers', data.channel)}\n${text}` });
      return posted;
    };
    if (data.kind === 'prompt') {
      const session = await deps.hosted.get(data.threadKey);
      if (session) await runHostedTurn(deps, session, { by: data.by, text: data.text, messageTs: data.messageTs });
      return;
    }
    const repos = deps.host.repos;
    const sessionFor = data.kind === 'continue' ? (await deps.readModel.get(data.sessionId))?.summary : undefined;
    if (data.kind === 'continue' && !sessionFor) return void (await say(`Kap has no session \`${escapeMrkdwn(data.sessionId)}\` to continue.`));
    const repo = data.kind === 'start' ? data.repo : configuredRepo(repos, sessionFor?.repo ?? null);
    if (!repo || !Object.hasOwn(repos, repo)) {
      const configured = `configured: ${Object.keys(repos).map((r) => `\`${escapeMrkdwn(r)}\``).join(', ')}`;
      const named = data.kind === 'start' ? data.repo : (sessionFor?.repo ?? null);
      if (named === null) {
        return void (await say(`Kap knows no repository for this session (it was imported or ran outside a git checkout with a remote), so the agent host cannot check it out. Start one with \`/kap host <repo> <prompt>\` (${configured}).`));
      }
      return void (await say(`The agent host has no repository \`${escapeMrkdwn(named)}\`: add it to KAP_AGENT_REPOS (${configured}).`));
    }
    const request = { reposRoot: deps.host.dir, repos: { ...repos }, repo, sessionKey: data.threadKey.replace(/[^A-Za-z0-9._-]/g, '_') };
    let branch = data.kind === 'continue' ? (sessionFor?.branch ?? deps.host.defaultBranch) : deps.host.defaultBranch;
    let prompt = data.kind === 'start' ? data.words.join(' ') : '';
    let workspace = null;
    if (data.kind === 'start' && data.words.length > 1) {
      const asBranch = await prepareWorkspace({ ...request, branch: data.words[0]! });
      if (asBranch.ok || asBranch.reason !== 'BRANCH_NOT_FOUND') {
        workspace = asBranch;
        branch = data.words[0]!;
        prompt = data.words.slice(1).join(' ');
      }
    }
    workspace ??= await prepareWorkspace({ ...request, branch });
    if (!workspace.ok) return void (await say(`The agent host cannot check out \`${escapeMrkdwn(repo)}\` at \`${escapeMrkdwn(branch)}\`: ${escapeMrkdwn(workspace.message)}`));
    await installHostHooks({ cwd: workspace.cwd, hookCommand: deps.hookCommand, ...hookSettings(deps.hookEnv()) });

    const session: HostedSession = {
      threadKey: data.threadKey,
      channel: data.channel,
      threadTs: data.threadTs,
      sessionId: null,
      repo,
      branch,
      cwd: workspace.cwd,
      startedBy: data.by,
      startedAt: deps.now().toISOString(),
      paused: false,
    };
    if (data.kind === 'start') {
      await deps.hosted.put(session);
      const started = `On \`${escapeMrkdwn(repo)}\` at branch \`${escapeMrkdwn(branch)}\`, <@${data.by}> asked: ${escapeMrkdwn(prompt)}`;
      await deps.slack.postMessage({ channel: data.channel, threadTs: data.threadTs, text: clip(started, 3000), blocks: [...noticeMessage(started).blocks, hostControlsBlock()] });
      await runHostedTurn(deps, session, { by: data.by, text: prompt, messageTs: null });
      await postCard(deps, data);
      return;
    }
    const rebuilt = await rebuildTranscript({ claudeHome: deps.claudeHome, cwd: workspace.cwd, sessionId: data.sessionId, events: deps.store.readStream(sessionStream(data.sessionId)), replace: true });
    if (!rebuilt.ok) return void (await say(`The agent host cannot continue this session: ${escapeMrkdwn(rebuilt.message)}`));
    await deps.hosted.put({ ...session, sessionId: data.sessionId });
    const started = { threadKey: data.threadKey, channel: data.channel, threadTs: data.threadTs, repo, branch, cwd: workspace.cwd, by: data.by, continued: true, at: session.startedAt };
    await deps.store.append(sessionStream(data.sessionId), [
      { id: contentId({ sessionId: data.sessionId, ...started }, HOSTED_SESSION_STARTED), type: HOSTED_SESSION_STARTED, data: started, metadata: { source: 'slack' } },
    ]);
    await deps.slack.postMessage({
      channel: data.channel,
      threadTs: data.threadTs,
      text: 'The agent host has this session',
      blocks: [
        ...noticeMessage(`<@${data.by}> moved this session to the agent host (\`${escapeMrkdwn(repo)}\` at \`${escapeMrkdwn(branch)}\`, ${rebuilt.lines} transcript lines). Reply in this thread to steer it.`).blocks,
        hostControlsBlock(),
      ],
    });
  };
}

/** How long the card after the first turn waits for the turn to be folded, in ms. */
const CARD_WAIT_MS = 15_000;

/**
 * Whether the summary covers the first turn: its start (owner and channel decide who reads the card), its
 * prompt and an answer (transcript lines), and its end (Stop or the turn's SessionEnd: not running). The
 * collector ships a turn's hooks and transcript lines after the turn's answer reached Slack, so a card posted
 * at once shows "0 prompts · $0.00".
 */
export function coversFirstTurn(summary: SessionSummary): boolean {
  return summary.hostedBy != null && summary.prompts >= 1 && summary.turns >= 1 && summary.status !== 'running';
}

/** The new session's card in its thread (the lock card where the channel may not read it), once the projection has folded its first turn (CARD_WAIT_MS at most). */
async function postCard(deps: HostJobDeps, where: Where): Promise<void> {
  const sessionId = (await deps.hosted.get(where.threadKey))?.sessionId;
  if (!sessionId) return;
  for (let waited = 0; waited <= CARD_WAIT_MS; waited += 100) {
    const summary = (await deps.readModel.get(sessionId))?.summary;
    if (summary && (coversFirstTurn(summary) || waited >= CARD_WAIT_MS)) {
      const readable = await deps.gate.allows(summary, [{ kind: 'channel', channel: where.channel }]);
      const card = readable ? buildSessionCard(summary, { sessionUrl: deps.signer.sessionPageUrl(sessionId), now: deps.now() }) : buildLockCard((await deps.gate.accessOf(summary)).owner);
      await deps.slack.postMessage({ channel: where.channel, threadTs: where.threadTs, text: card.text, blocks: card.blocks });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The configured repository of a session's `owner/name` (a key equal to it, or to its name). */
function configuredRepo(repos: Readonly<Record<string, string>>, repo: string | null): string | undefined {
  if (!repo) return undefined;
  return Object.hasOwn(repos, repo) ? repo : Object.keys(repos).find((key) => key === repo.split('/').at(-1));
}

function hookSettings(env: Record<string, string>): { kapUrl: string; kapToken: string; kapDataDir: string } {
  return { kapUrl: env.KAP_URL ?? '', kapToken: env.KAP_TOKEN ?? '', kapDataDir: env.KAP_DATA_DIR ?? '' };
}
