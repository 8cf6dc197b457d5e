/**
 * The Messages API request for an LLM recap, within an input-token budget.
 *
 * - `system`: stable instructions and the output schema, one text block marked `cache_control: ephemeral`,
 *   so the tools and system prefix is cached across recaps (prompt caching; a prefix shorter than the
 *   model's minimum cacheable length is simply not cached).
 * - `messages`: one user message describing the session: the facts that must survive any budget (the goal
 *   candidate, failing tests, open failures, pending and in-progress todos), then facts that are added while
 *   they fit (completed todos, files, subagent results), then the timeline, condensed (fitEntries).
 * - Structured output: the `record_recap` tool with the recap's JSON schema, forced by `tool_choice`.
 *
 * Tokens are estimated as characters / 4 (CHARS_PER_TOKEN), rounded up: Anthropic's rough figure for English
 * text; code and JSON run denser, which is why the default budget is well under the model's context.
 */
import { z } from 'zod';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline } from '../projections/sessionTimelineTypes.js';
import { promptEntries } from './promptEntries.js';
import type { PromptEntry } from './promptEntries.js';
import { RECAP_LIMITS, RecapSchema } from './recap.js';
import { errorHeadline, head, sessionFacts } from './sessionFacts.js';
import type { SessionFacts, Todo } from './sessionFacts.js';

export const CHARS_PER_TOKEN = 4;
/** Default input budget, tokens (system + tools + messages, estimated). */
export const DEFAULT_INPUT_BUDGET_TOKENS = 24_000;
/** Smallest budget accepted: the must-keep part is bounded at about 5,000 tokens (see the caps below). */
export const MIN_INPUT_BUDGET_TOKENS = 8_000;
export const RECAP_TOOL_NAME = 'record_recap';
/** Share of the timeline's room the newest, full items may take; the rest goes to one-line older items. */
export const FULL_SHARE = 0.6;

/** Caps of the must-keep part, so it fits MIN_INPUT_BUDGET_TOKENS whatever the session. */
const MUST = { promptChars: 2_000, failingTests: 20, failures: 3, failureOutputChars: 1_200, todos: 40, todoChars: 200 };

/** Estimated tokens of a text (or a length in characters): ceil(chars / CHARS_PER_TOKEN). */
export function estimateTokens(text: string | number): number {
  return Math.ceil((typeof text === 'number' ? text : text.length) / CHARS_PER_TOKEN);
}

/** The recap tool's input schema: the recap's JSON Schema (draft 2020-12) without `$schema`. */
export const RECAP_INPUT_SCHEMA = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(RecapSchema) as Record<string, unknown>;
  return { ...schema, type: 'object' as const };
})();

export interface RecapTool {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

/** The body of `messages.create` less `model` and `max_tokens`, plus its estimated size. */
export interface RecapRequest {
  system: { type: 'text'; text: string; cache_control: { type: 'ephemeral' } }[];
  messages: { role: 'user'; content: string }[];
  tools: RecapTool[];
  tool_choice: { type: 'tool'; name: string };
  /** estimateTokens of the system text, the tools' JSON and the message text. */
  estimatedInputTokens: number;
}

const L = RECAP_LIMITS;
export const RECAP_SYSTEM_PROMPT = [
  'You write handoff recaps of Claude Code sessions. A teammate who takes over the session reads your recap',
  'instead of the whole transcript, so it must say what the session is for, what is finished, where it stands',
  'right now and what to do next.',
  '',
  `Answer by calling the ${RECAP_TOOL_NAME} tool exactly once. Rules:`,
  '- State only what the session record shows. Do not invent tests, files, errors or results.',
  '- goal: what the person asked for, in one or two sentences, from the first prompt and later prompts that changed it.',
  '- done: finished work, most recent first, past tense; skip pure exploration (reading files, listing directories).',
  '- currentState.summary: where the work stands at the end of the record, in a few sentences.',
  '- currentState.failingTests: copy the names under "Failing tests" exactly; add only names the record prints as failing.',
  '- currentState.openErrors: errors still unresolved at the end, each with the command or tool that raised it.',
  '- currentState.filesInFlight: files changed since the last commit (given under "Files in flight"), as given.',
  '- next: concrete next steps in the imperative; every pending or in-progress todo belongs here unless the record shows it done.',
  `- Limits: goal ≤ ${L.goalChars} characters; each list entry ≤ ${L.itemChars} (openErrors ≤ ${L.errorChars}); done ≤ ${L.done},`,
  `  failingTests ≤ ${L.failingTests}, openErrors ≤ ${L.openErrors}, filesInFlight ≤ ${L.filesInFlight}, next ≤ ${L.next} entries;`,
  `  summary ≤ ${L.summaryChars} characters. Plain text, no markdown headings. Empty lists are fine.`,
  '- The timeline is oldest first; older items may be shortened to one line or omitted, the newest are complete.',
  '',
  `The ${RECAP_TOOL_NAME} input schema (JSON Schema):`,
  JSON.stringify(RECAP_INPUT_SCHEMA),
].join('\n');

export const RECAP_TOOL: RecapTool = {
  name: RECAP_TOOL_NAME,
  description: 'Records the handoff recap of the session: goal, done, current state and next steps.',
  input_schema: RECAP_INPUT_SCHEMA,
};

/** What fitEntries kept: the lines (oldest first, the omission marker first when any) and counts. */
export interface FittedEntries {
  lines: string[];
  full: number;
  brief: number;
  omitted: number;
}

/**
 * Fits timeline entries (oldest first) into `maxChars` characters of `\n`-joined lines: walking from the
 * newest, entries are kept in full while the full ones take at most FULL_SHARE of the room, then as one-line
 * briefs while they fit; older ones are dropped, counted in a `(N earlier items omitted)` line. The newest
 * kept entries are always a contiguous run ending at the last entry. Never exceeds `maxChars`.
 */
export function fitEntries(entries: readonly PromptEntry[], maxChars: number): FittedEntries {
  const marker = (n: number) => `(${n} earlier items omitted)`;
  let room = maxChars - (marker(entries.length).length + 1);
  const fullRoom = Math.floor(room * FULL_SHARE);
  const kept: string[] = [];
  let full = 0;
  let brief = 0;
  let fullUsed = 0;
  let i = entries.length - 1;
  for (; i >= 0; i--) {
    const e = entries[i]!;
    if (brief === 0 && fullUsed + e.full.length + 1 <= fullRoom) {
      kept.push(e.full);
      fullUsed += e.full.length + 1;
      room -= e.full.length + 1;
      full += 1;
    } else if (e.brief.length + 1 <= room) {
      kept.push(e.brief);
      room -= e.brief.length + 1;
      brief += 1;
    } else break;
  }
  const omitted = i + 1;
  kept.reverse();
  return { lines: omitted > 0 && maxChars > 0 ? [marker(omitted), ...kept] : kept, full, brief, omitted };
}

export interface RecapPromptOptions {
  /** Input budget in tokens (estimated); at least MIN_INPUT_BUDGET_TOKENS. @defaultValue DEFAULT_INPUT_BUDGET_TOKENS */
  budgetTokens?: number;
  /** The facts, when the caller already has them (else extracted here). */
  facts?: SessionFacts;
}

const todoMark = (t: Todo) => (t.status === 'completed' ? '[x]' : t.status === 'in_progress' ? '[>]' : '[ ]');
const todoLine = (t: Todo) => `- ${todoMark(t)} ${head(t.content, MUST.todoChars)}`;
const section = (title: string, lines: string[]) => (lines.length === 0 ? '' : `## ${title}\n${lines.join('\n')}\n\n`);

function mustKeep(facts: SessionFacts, summary: SessionSummary): string {
  const s = summary;
  const tools = Object.values(s.tools).reduce((a, b) => a + b, 0);
  const header = [
    `Repository: ${s.repo ?? 'unknown'} · branch: ${s.branch ?? 'unknown'} · status: ${s.status}${s.waitingFor ? ` (waiting for ${s.waitingFor})` : ''}`,
    `Started: ${s.startedAt ?? 'unknown'} · last activity: ${s.lastActivityAt ?? 'unknown'}`,
    `Prompts: ${s.prompts} · tool calls: ${tools} (${s.toolErrors} failed) · subagents: ${s.subagents} · files changed: ${s.filesChanged.length}`,
  ];
  const open = facts.todos.filter((t) => t.status !== 'completed').slice(0, MUST.todos);
  const failures = facts.openFailures.slice(0, MUST.failures).map((c) => {
    const output = c.outputTail.slice(-MUST.failureOutputChars);
    return `- ${c.command.split('\n')[0]!.slice(0, 300)} → failed: ${c.errorLine ?? errorHeadline(output)}\n  Output (end):\n${output.split('\n').map((l) => `    ${l}`).join('\n')}`;
  });
  return [
    `# Session ${s.sessionId}\n${header.join('\n')}\n\n`,
    section('First prompt', [head(facts.firstPrompt ?? '(none)', MUST.promptChars)]),
    section('Failing tests', facts.failingTests.slice(0, MUST.failingTests).map((t) => `- ${head(t, 200)}`)),
    section('Open failures (newest first)', failures),
    section('Pending and in-progress todos', open.map(todoLine)),
    facts.interrupted ? 'The person interrupted the agent at the end of the record.\n\n' : '',
  ].join('');
}

function addedWhileTheyFit(facts: SessionFacts): string[] {
  const done = facts.todos.filter((t) => t.status === 'completed');
  const err = facts.lastToolError;
  return [
    section('Files in flight (changed since the last commit, newest first)', facts.filesInFlight.map((f) => `- ${f}`)),
    err ? section('Last open tool error', [`- ${err.tool} ${err.target ?? ''}: ${head(err.text, 500)}`]) : '',
    section('Completed todos', done.slice(-30).map(todoLine)),
    section(`Files changed (${facts.filesChanged.length}, last 40)`, facts.filesChanged.slice(-40).map((f) => `- ${f}`)),
    section('Subagent results (last 5)', facts.subagentResults.slice(-5).map((r) => `- ${r.description ?? 'subagent'}: ${head(r.text ?? '(running)', 600)}`)),
  ].filter((s) => s !== '');
}

/**
 * The request for one session's recap. Throws RangeError when `budgetTokens` < MIN_INPUT_BUDGET_TOKENS
 * (a configuration error). The estimate never exceeds the budget.
 */
export function buildRecapRequest(summary: SessionSummary, timeline: SessionTimeline, options: RecapPromptOptions = {}): RecapRequest {
  const budget = options.budgetTokens ?? DEFAULT_INPUT_BUDGET_TOKENS;
  if (!(budget >= MIN_INPUT_BUDGET_TOKENS)) throw new RangeError(`recap input budget ${budget} tokens is below the minimum of ${MIN_INPUT_BUDGET_TOKENS}`);
  const facts = options.facts ?? sessionFacts(summary, timeline);
  const tools = [RECAP_TOOL];
  const fixedChars = RECAP_SYSTEM_PROMPT.length + JSON.stringify(tools).length;
  let text = mustKeep(facts, summary);
  // Room left, in characters, with one token of slack for rounding.
  const left = () => (budget - 1) * CHARS_PER_TOKEN - fixedChars - text.length;
  const timelineHeader = '## Timeline (oldest first; the newest items complete)\n';
  const timelineReserve = Math.floor(left() / 2);
  for (const part of addedWhileTheyFit(facts)) {
    if (part.length <= left() - timelineReserve) text += part;
  }
  const fitted = fitEntries(promptEntries(timeline, summary.cwd), left() - timelineHeader.length);
  text += timelineHeader + fitted.lines.join('\n');
  return {
    system: [{ type: 'text', text: RECAP_SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: text }],
    tools,
    tool_choice: { type: 'tool', name: RECAP_TOOL_NAME },
    estimatedInputTokens: estimateTokens(fixedChars + text.length),
  };
}
