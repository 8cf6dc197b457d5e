/**
 * What a recap is made from, extracted from a session's projections (the summary and the timeline) by pure
 * functions: no I/O, no clock, the same facts for the same states.
 *
 * Order: the main thread's items with each subagent run's items spliced in right after the Task/Agent call
 * that started it ("work order"), so a subagent's commands and edits count where the main agent waited
 * for them. Prompts, todos and assistant text come from the main thread only.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { SessionTimeline, TimelineItem, ToolCallItem } from '../projections/sessionTimelineTypes.js';
import { changedFile, SUBAGENT_TOOLS } from '../projections/transcriptFacts.js';
import { failingTestNames } from './failingTests.js';
import { todosOf } from './sessionTodos.js';
import type { Todo } from './sessionTodos.js';

export type { Todo, TodoStatus } from './sessionTodos.js';

/** Most lines and characters of a command's output kept (its end: where runners print failures). */
export const OUTPUT_TAIL_LINES = 40;
export const OUTPUT_TAIL_CHARS = 2_000;
/** Longest prompt, assistant text or subagent result kept, in characters. */
export const FACT_TEXT_CHARS = 2_000;
/** How many of the newest assistant texts and edited files are kept. */
export const LAST_TEXTS = 3;
export const FILES_IN_FLIGHT = 10;
/** Longest error line kept. */
export const ERROR_LINE_CHARS = 300;

/** One Bash tool call. */
export interface CommandRun {
  toolUseId: string;
  /** Position of the call in work order (0-based): orders commands and subagent results together. */
  order: number;
  command: string;
  /** The call's `description` input, when the agent gave one. */
  description: string | null;
  at: string | null;
  /** `failed` when its tool_result had `is_error: true` (non-zero exit, denied, rejected); `pending` without a result. */
  outcome: 'passed' | 'failed' | 'pending';
  /** The end of the output (OUTPUT_TAIL_LINES / OUTPUT_TAIL_CHARS). */
  outputTail: string;
  /** For a failed run, the line of its whole output that says what went wrong (errorHeadline); else null. */
  errorLine: string | null;
  /** Test names the output's failure lines give (failingTests.ts); empty for passing runs. */
  failingTests: string[];
}

/** A failed tool call other than Bash (an Edit whose old_string is gone, a denied Write…). */
export interface ToolError {
  toolUseId: string;
  tool: string;
  /** The file, path or pattern it worked on, when its input names one (relative to the cwd where inside it). */
  target: string | null;
  text: string;
}

/** What a Task/Agent call's subagent answered (the call's tool_result). */
export interface SubagentResult {
  toolUseId: string;
  /** Position of the call in work order, like CommandRun.order. */
  order: number;
  description: string | null;
  subagentType: string | null;
  /** The result text (FACT_TEXT_CHARS), null while the subagent runs. */
  text: string | null;
  isError: boolean;
}

export interface SessionFacts {
  sessionId: string;
  /** SessionSummary.revision. */
  revision: number;
  /** The first prompt that is more than a bare slash command (`/clear`): the goal candidate. */
  firstPrompt: string | null;
  /** Every main-thread prompt in order (each FACT_TEXT_CHARS). */
  prompts: string[];
  todos: Todo[];
  /** Bash calls in work order. */
  commands: CommandRun[];
  /**
   * Failed commands not resolved since, newest first. A failure is resolved by a later passing command with
   * the same runner (runnerKey: `npm run build`, `npx vitest`, `mix test`, `git commit` …), so re-running a
   * narrower or wider test selection, or committing with another message, counts. Not failures: exploration
   * commands (`ls`, `cat`, `git status` …, see isExploration) and calls the person rejected (REJECTED).
   */
  openFailures: CommandRun[];
  /** The tests the open failures name, newest first, without duplicates. */
  failingTests: string[];
  /** The last failed non-Bash call, unless a later call of the same tool succeeded. */
  lastToolError: ToolError | null;
  /** SessionSummary.filesChanged, relative to the session's cwd where inside it. */
  filesChanged: string[];
  /** Files written or edited after the last passing `git commit`, newest first (FILES_IN_FLIGHT), relative like filesChanged. */
  filesInFlight: string[];
  /** The newest main-thread assistant texts (LAST_TEXTS), oldest first. */
  lastAssistantTexts: string[];
  /** Task/Agent calls of the main thread, in order. */
  subagentResults: SubagentResult[];
  /** The main thread ends with the person interrupting the agent. */
  interrupted: boolean;
}

/** The facts of a session; `summary` and `timeline` are the same session's projection states. */
export function sessionFacts(summary: SessionSummary, timeline: SessionTimeline): SessionFacts {
  const main = timeline.items;
  const work = workOrder(timeline);
  const prompts = main.filter((i) => i.kind === 'prompt').map((i) => head(i.text, FACT_TEXT_CHARS));
  const order = new Map(work.map((item, i) => [item, i]));
  const commands = work.filter((i): i is ToolCallItem => i.kind === 'tool' && i.name === 'Bash').map((c) => commandRun(c, order.get(c)!));
  const openFailures = unresolvedFailures(commands);
  const relative = (path: string) => relativeTo(summary.cwd, path);
  const last = main.at(-1);
  return {
    sessionId: summary.sessionId,
    revision: summary.revision,
    firstPrompt: prompts.find((p) => !/^\s*\/\S+\s*$/.test(p)) ?? prompts[0] ?? null,
    prompts,
    todos: todosOf(main),
    commands,
    openFailures,
    failingTests: [...new Set(openFailures.flatMap((c) => c.failingTests))],
    lastToolError: lastToolError(work, summary.cwd),
    filesChanged: summary.filesChanged.map(relative),
    filesInFlight: filesInFlight(work).map(relative),
    lastAssistantTexts: main.flatMap((i) => (i.kind === 'text' ? [head(i.text, FACT_TEXT_CHARS)] : [])).slice(-LAST_TEXTS),
    subagentResults: main.filter((i): i is ToolCallItem => i.kind === 'tool' && SUBAGENT_TOOLS.has(i.name)).map((c) => subagentResult(c, order.get(c)!)),
    interrupted: last?.kind === 'notice' && last.notice === 'interrupted',
  };
}

/** The main thread with each linked subagent run's items right after the call that started it. */
export function workOrder(timeline: SessionTimeline): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const item of timeline.items) {
    out.push(item);
    // Own properties only: an agent id is data (`constructor` is one like any other).
    const run = item.kind === 'tool' && item.subagentId !== null && Object.hasOwn(timeline.subagents, item.subagentId) ? timeline.subagents[item.subagentId] : undefined;
    if (run) out.push(...run.items);
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

function commandRun(call: ToolCallItem, order: number): CommandRun {
  const outcome = call.result === null ? 'pending' : call.result.isError ? 'failed' : 'passed';
  const output = call.result?.text ?? '';
  return {
    toolUseId: call.id,
    order,
    command: str(call.input.command) ?? '',
    description: str(call.input.description),
    at: call.at,
    outcome,
    outputTail: tail(output, OUTPUT_TAIL_LINES, OUTPUT_TAIL_CHARS),
    errorLine: outcome === 'failed' ? head(errorHeadline(output), ERROR_LINE_CHARS) : null,
    failingTests: outcome === 'failed' ? failingTestNames(output) : [],
  };
}

/** Commands that look around rather than change or check anything (first word, after `cd … &&`). */
const EXPLORATION = new Set(['ls', 'cat', 'head', 'tail', 'grep', 'rg', 'find', 'pwd', 'echo', 'which', 'wc', 'tree', 'file', 'stat', 'du', 'df', 'env', 'printenv', 'type', 'sleep']);
const GIT_EXPLORATION = /^git\s+(status|log|diff|show|branch|remote|rev-parse)\b/;

/** Whether a command only looks around (its failure or success says nothing about the work). */
export function isExploration(command: string): boolean {
  const key = commandKey(command);
  return EXPLORATION.has(key.split(/\s+/)[0] ?? '') || GIT_EXPLORATION.test(key);
}

/** The command without `cd x &&` prefixes, `2>&1` and a trailing `| head/tail/grep …`, whitespace collapsed. */
export function commandKey(command: string): string {
  return command
    .replace(/^\s*(cd\s+\S+\s*&&\s*)+/, '')
    .replace(/\s*\|\s*(head|tail|grep)\b[^|]*$/, '')
    .replace(/\s*2>&1/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words that name a runner only together with the next word (`npm run build`, `pnpm exec tsc`). */
const TWO_WORD_VERBS = new Set(['run', 'exec', 'dlx', 'x']);

/**
 * What a command runs, to tell whether a later command re-ran it: the last `&&` / `;` / `||` segment of its
 * commandKey, its first two words that are not flags (three when the second is `run`/`exec`/`dlx`/`x`).
 */
export function runnerKey(command: string): string {
  const segments = commandKey(command).split(/\s*(?:&&|\|\||;)\s*/).filter((s) => s !== '');
  const words = (segments.at(-1) ?? '').split(' ').filter((w) => !w.startsWith('-'));
  return words.slice(0, TWO_WORD_VERBS.has(words[1] ?? '') ? 3 : 2).join(' ');
}

/** The start of the tool_result Claude Code writes when the person declines a tool call. */
export const REJECTED = "The user doesn't want to proceed with this tool use";

function unresolvedFailures(commands: CommandRun[]): CommandRun[] {
  const open: CommandRun[] = [];
  const passed = new Set<string>();
  for (let i = commands.length - 1; i >= 0; i--) {
    const c = commands[i]!;
    if (isExploration(c.command) || c.outputTail.includes(REJECTED)) continue;
    const runner = runnerKey(c.command);
    if (c.outcome === 'passed') passed.add(runner);
    else if (c.outcome === 'failed' && !passed.has(runner) && !open.some((o) => runnerKey(o.command) === runner)) open.push(c);
  }
  return open;
}

function targetOf(call: ToolCallItem): string | null {
  const i = call.input;
  return str(i.file_path) ?? str(i.notebook_path) ?? str(i.path) ?? str(i.pattern) ?? str(i.url) ?? null;
}

function lastToolError(work: TimelineItem[], cwd: string | null): ToolError | null {
  const succeeded = new Set<string>();
  for (let i = work.length - 1; i >= 0; i--) {
    const item = work[i]!;
    if (item.kind !== 'tool' || item.name === 'Bash' || item.result === null || item.result.text.includes(REJECTED)) continue;
    if (!item.result.isError) succeeded.add(item.name);
    else if (succeeded.has(item.name)) continue;
    else {
      const target = targetOf(item);
      return { toolUseId: item.id, tool: item.name, target: target === null ? null : relativeTo(cwd, target), text: head(item.result.text, FACT_TEXT_CHARS) };
    }
  }
  return null;
}

function filesInFlight(work: TimelineItem[]): string[] {
  const files: string[] = [];
  for (let i = work.length - 1; i >= 0 && files.length < FILES_IN_FLIGHT; i--) {
    const item = work[i]!;
    if (item.kind !== 'tool' || item.result?.isError === true) continue;
    if (item.name === 'Bash' && item.result !== null && /\bgit\s+commit\b/.test(str(item.input.command) ?? '')) break;
    const file = changedFile({ id: item.id, name: item.name, input: item.input });
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  return files;
}

function subagentResult(call: ToolCallItem, order: number): SubagentResult {
  return {
    toolUseId: call.id,
    order,
    description: str(call.input.description),
    subagentType: str(call.input.subagent_type),
    text: call.result === null ? null : head(call.result.text, FACT_TEXT_CHARS),
    isError: call.result?.isError === true,
  };
}

/** `path` relative to `cwd` when inside it, else as it is. */
export function relativeTo(cwd: string | null, path: string): string {
  if (cwd === null || cwd === '') return path;
  const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/** The first `max` characters, with `…` when cut. */
export function head(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** The last `lines` lines, at most `max` characters, with `…` in front when cut. */
export function tail(text: string, lines: number, max: number): string {
  const all = text.trimEnd().split('\n');
  let t = all.slice(-lines).join('\n');
  if (t.length > max) t = t.slice(t.length - max + 1);
  return t.length < text.trimEnd().length ? `…${t}` : t;
}

/** Lines that name an error outright (`TypeError`, `error:`, `fatal:` …), then lines that only say something failed or is missing. */
const ERROR_WORDS = [/\b\w*(Error|Exception)\b/, /\berror\b\s*(\[\w+\])?:|^error\b|traceback|\bfatal\b|\bpanic\b/i];
const FAILURE_WORDS = /fail|denied|not found|no such|cannot|refused|not granted/i;

/**
 * The line of an error output that says what went wrong: the first line naming an error or exception, else
 * the first saying something failed, was denied or is missing (`npm warn` lines, `Exit code N` and lines
 * under 4 characters skipped), else the first line.
 */
export function errorHeadline(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 4 && !/^npm warn/i.test(l) && !/^…?Exit code \d+$/.test(l));
  const named = lines.find((l) => ERROR_WORDS.some((re) => re.test(l)));
  return named ?? lines.find((l) => FAILURE_WORDS.test(l)) ?? lines[0] ?? output.trim().split('\n')[0] ?? '';
}
