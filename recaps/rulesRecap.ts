/**
 * The recap made by rules from a session's facts, for when no model is configured (no ANTHROPIC_API_KEY).
 * Deterministic: the same facts give the same recap (only `generatedAt` comes from the injected clock).
 *
 * - Goal: the first prompt (sessionFacts `firstPrompt`), its first paragraph; cut at a sentence end when longer
 *   than the limit; else the session title.
 * - Done: completed todos (later entries first), then passing commands (exploration commands such as `ls`
 *   or `git status` left out, one entry per command, none that is failing now) and finished subagent runs,
 *   most recent first.
 * - Current state: the status, the newest open failure and its failing tests, the last open tool error, the
 *   files changed since the last commit.
 * - Next: in-progress then pending todos; without any, "fix <test> and re-run <command>" for open failures,
 *   a retry of the failed tool, committing files in flight, or the last prompt.
 */
import type { SessionSummary } from '../projections/sessionSummary.js';
import { clip, clipStart, RECAP_LIMITS as L } from './recap.js';
import type { Recap, RecapRecord } from './recap.js';
import type { RecapInput, RecapOutcome, Recapper } from './recapper.js';
import { commandKey, errorHeadline, isExploration, runnerKey, sessionFacts } from './sessionFacts.js';
import type { CommandRun, SessionFacts, ToolError } from './sessionFacts.js';

/** Longest command shown inside a recap line, in characters. */
const COMMAND_CHARS = 120;

/** A command as shown: its first line, backticks replaced, clipped, in backticks. */
export function commandLabel(command: string): string {
  const first = command.trim().split('\n')[0] ?? '';
  const more = command.trim().includes('\n') ? ' …' : '';
  return `\`${clip(first.replace(/`/g, "'"), COMMAND_CHARS)}${more}\``;
}

/** The recap of a session by the rules above. */
export function rulesRecap(facts: SessionFacts, summary: SessionSummary): Recap {
  return {
    goal: goalOf(facts, summary),
    done: doneOf(facts),
    currentState: {
      summary: clip(stateSummary(facts, summary), L.summaryChars),
      failingTests: capList(facts.failingTests, L.failingTests, L.itemChars),
      openErrors: capList(openErrors(facts), L.openErrors, L.errorChars),
      filesInFlight: capList(facts.filesInFlight, L.filesInFlight, L.itemChars, clipStart),
    },
    next: nextOf(facts, summary),
  };
}

/** A RecapRecord with `source: 'rules'` for one session, generated at `now`. */
export function rulesRecapRecord(input: RecapInput, now: Date): RecapRecord {
  const recap = rulesRecap(sessionFacts(input.summary, input.timeline), input.summary);
  return { recap, source: 'rules', model: null, sessionRevision: input.summary.revision, generatedAt: now.toISOString() };
}

/** The rules as a Recapper (never fails). `now` defaults to the system clock. */
export function createRulesRecapper(options: { now?: () => Date } = {}): Recapper {
  const now = options.now ?? (() => new Date());
  return { recap: async (input): Promise<RecapOutcome> => ({ ok: true, record: rulesRecapRecord(input, now()) }) };
}

function capList(items: readonly string[], count: number, chars: number, cut: (text: string, max: number) => string = clip): string[] {
  const out: string[] = [];
  for (const item of items) {
    const c = cut(item, chars);
    if (c !== '' && !out.includes(c)) out.push(c);
    if (out.length === count) break;
  }
  return out;
}

function goalOf(facts: SessionFacts, summary: SessionSummary): string {
  const prompt = facts.firstPrompt?.trim();
  if (!prompt) return clip(summary.title ?? 'No prompt recorded in this session.', L.goalChars);
  const paragraph = (prompt.split(/\n\s*\n/)[0] ?? prompt).replace(/\s+/g, ' ').trim();
  if (paragraph.length <= L.goalChars) return paragraph;
  // The longest run of whole sentences that fits, if it says something (≥ 40 characters).
  const within = paragraph.slice(0, L.goalChars);
  const end = Math.max(within.lastIndexOf('. '), within.lastIndexOf('? '), within.lastIndexOf('! '));
  return end >= 40 ? within.slice(0, end + 1) : clip(paragraph, L.goalChars);
}

function doneOf(facts: SessionFacts): string[] {
  const failing = new Set(facts.openFailures.map((c) => runnerKey(c.command)));
  const completed = facts.todos.filter((t) => t.status === 'completed').map((t) => t.content).reverse();
  const work: string[] = [];
  const seen = new Set<string>();
  const newestFirst = [...facts.commands, ...facts.subagentResults].sort((a, b) => b.order - a.order);
  for (const entry of newestFirst) {
    if ('command' in entry) {
      const key = commandKey(entry.command);
      if (entry.outcome !== 'passed' || isExploration(entry.command) || failing.has(runnerKey(entry.command)) || seen.has(key)) continue;
      seen.add(key);
      work.push(entry.description ? `${entry.description} (${commandLabel(entry.command)})` : `Ran ${commandLabel(entry.command)}`);
    } else if (entry.text !== null && !entry.isError) {
      work.push(`${entry.description ?? 'Subagent task'} (subagent${entry.subagentType ? `: ${entry.subagentType}` : ''})`);
    }
  }
  return capList([...completed, ...work], L.done, L.itemChars);
}

function failureLine(c: CommandRun): string {
  return `${commandLabel(c.command)} failed: ${c.errorLine ?? errorHeadline(c.outputTail)}`;
}

function toolErrorLine(e: ToolError): string {
  return `${e.tool}${e.target ? ` ${e.target}` : ''} failed: ${errorHeadline(e.text).replace(/<\/?tool_use_error>/g, '')}`;
}

function openErrors(facts: SessionFacts): string[] {
  const errors = facts.openFailures.map(failureLine);
  if (facts.lastToolError) errors.push(toolErrorLine(facts.lastToolError));
  return errors;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function stateSummary(facts: SessionFacts, summary: SessionSummary): string {
  const parts = [`Session ${summary.status}${summary.waitingFor ? ` (${summary.waitingFor.replace(/[.。]+$/, '')})` : ''}.`];
  if (facts.interrupted) parts.push('The person interrupted the agent.');
  const failure = facts.openFailures[0];
  if (failure) {
    const tests = failure.failingTests.length > 0 ? ` with ${plural(failure.failingTests.length, 'failing test')}` : '';
    parts.push(`Last open failure: ${commandLabel(failure.command)}${tests}.`);
  } else if (facts.lastToolError) parts.push(`Last open error: ${clip(toolErrorLine(facts.lastToolError), 200).replace(/[.。]+$/, '')}.`);
  else parts.push('No open failures.');
  const active = facts.todos.filter((t) => t.status === 'in_progress');
  if (active.length > 0) parts.push(`In progress: ${active.map((t) => t.activeForm ?? t.content).join('; ')}.`);
  if (facts.filesInFlight.length > 0) parts.push(`${plural(facts.filesInFlight.length, 'file')} changed since the last commit.`);
  return parts.join(' ');
}

function nextOf(facts: SessionFacts, summary: SessionSummary): string[] {
  const todos = [...facts.todos.filter((t) => t.status === 'in_progress'), ...facts.todos.filter((t) => t.status === 'pending')];
  if (todos.length > 0) return capList(todos.map((t) => (t.status === 'in_progress' ? `Finish: ${t.content}` : t.content)), L.next, L.itemChars);
  const hints: string[] = [];
  for (const failure of facts.openFailures) {
    const [test, ...more] = failure.failingTests;
    if (test === undefined) hints.push(`Fix the failure and re-run ${commandLabel(failure.command)}`);
    else hints.push(`Fix ${test}${more.length > 0 ? ` and ${plural(more.length, 'more failing test')}` : ''}, then re-run ${commandLabel(failure.command)}`);
  }
  const err = facts.lastToolError;
  if (err) hints.push(`Retry the ${err.tool}${err.target ? ` on ${err.target}` : ''} that failed`);
  if (facts.filesInFlight.length > 0) hints.push(`Review and commit the changes to ${plural(facts.filesInFlight.length, 'file')}`);
  const last = summary.lastPrompt ?? facts.prompts.at(-1);
  if (hints.length === 0 && last) hints.push(`Pick up from the last prompt: "${clip(last, 150)}"`);
  if (hints.length === 0) hints.push('Confirm the goal is met: nothing is pending or failing');
  return capList(hints, L.next, L.itemChars);
}
