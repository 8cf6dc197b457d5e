/**
 * `kap mcp`: a Model Context Protocol server (the official TypeScript SDK) over Kap's read models, so an
 * agent can ask what happened before. Tools (all read-only; each answer is for the person the server runs
 * as, through the access gate on Kap's side — see mcp/recallApi.ts):
 *   search_sessions       full text (phrases, prefixes, repo:/user: filters) → hits with session, turn, snippet
 *   get_session_summary   one session's facts
 *   get_session_recap     Goal / Done / Current state / Next
 *   get_turn              one turn's prompt, answer and tool calls, paged
 *   list_recent_sessions  newest sessions, for a repository or branch
 * A failure is a tool result with `isError: true` and Kap's message, never a protocol error.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { RecallError } from './recallApi.js';
import type { RecallApi } from './recallApi.js';
import { hitsText, sessionsText, sessionText, turnText } from './recallText.js';

export const KAP_MCP_SERVER_NAME = 'kap';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

const text = (value: string): ToolResult => ({ content: [{ type: 'text', text: value }] });

/** Runs `answer`; a RecallError (or anything else) becomes an error result the agent can read. */
async function answered(answer: () => Promise<string>): Promise<ToolResult> {
  try {
    return text(await answer());
  } catch (error) {
    const message = error instanceof RecallError ? `${error.code}: ${error.message}` : `Kap failed: ${(error as Error).message}`;
    return { ...text(message), isError: true };
  }
}

const sessionArg = z.string().min(1).max(200).describe('a session id, or a unique start of one');

/** Quotes a filter value that has spaces, for the search query language. */
const filter = (name: string, value: string | undefined) => (value ? ` ${name}:${/\s/.test(value) ? JSON.stringify(value) : value}` : '');

export function createKapMcpServer(api: RecallApi, version: string): McpServer {
  const server = new McpServer({ name: KAP_MCP_SERVER_NAME, version });
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'search_sessions',
    {
      title: 'Search earlier coding-agent sessions',
      description:
        'Full-text search over the prompts, answers, tool inputs and outputs of earlier sessions you may read. Words must all match; "quoted phrases", prefix* and filters kind:prompt|assistant|tool, tool:Bash, after:YYYY-MM-DD work in the query.',
      inputSchema: {
        query: z.string().min(1).max(500).describe('what to look for'),
        repo: z.string().max(200).optional().describe('only this repository (owner/name)'),
        person: z.string().max(200).optional().describe('only sessions of this person (name, email or Slack id)'),
        limit: z.number().int().min(1).max(50).optional().describe('hits, default 10'),
      },
      annotations: readOnly,
    },
    async ({ query, repo, person, limit }) => {
      const full = `${query}${filter('repo', repo)}${filter('user', person)}`;
      return answered(async () => hitsText(await api.search(full, limit ?? 10), full));
    },
  );

  server.registerTool(
    'get_session_summary',
    {
      title: 'Summary of one session',
      description: 'Where and when a session ran, who ran it, its status, turns, tool calls, files changed and cost.',
      inputSchema: { session: sessionArg },
      annotations: readOnly,
    },
    async ({ session }) => answered(async () => sessionText(await api.session(session))),
  );

  server.registerTool(
    'get_session_recap',
    {
      title: 'Recap of one session',
      description: 'Goal / Done / Current state / Next of a session, so you can take over its work.',
      inputSchema: { session: sessionArg },
      annotations: readOnly,
    },
    async ({ session }) => answered(async () => (await api.recap(session)).markdown),
  );

  server.registerTool(
    'get_turn',
    {
      title: 'One turn of a session',
      description: "A turn's prompt, the assistant's answer and its tool calls in order (outputs shortened), paged with offset.",
      inputSchema: {
        session: sessionArg,
        turn: z.number().int().min(0).describe('the turn number (1 = the first prompt; search hits give it)'),
        offset: z.number().int().min(0).optional().describe('first step to return, default 0'),
        limit: z.number().int().min(1).max(50).optional().describe('steps per page, default 20'),
      },
      annotations: readOnly,
    },
    async ({ session, turn, offset, limit }) => answered(async () => turnText(await api.turn(session, turn, offset ?? 0, limit ?? 20))),
  );

  server.registerTool(
    'list_recent_sessions',
    {
      title: 'Recent sessions',
      description: 'The most recent sessions you may read, newest first, optionally for one repository or branch.',
      inputSchema: {
        repo: z.string().max(200).optional().describe('owner/name'),
        branch: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(100).optional().describe('default 10'),
      },
      annotations: readOnly,
    },
    async ({ repo, branch, limit }) => answered(async () => sessionsText(await api.recentSessions({ ...(repo ? { repo } : {}), ...(branch ? { branch } : {}), limit: limit ?? 10 }))),
  );

  return server;
}
