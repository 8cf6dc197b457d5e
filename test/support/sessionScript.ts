/**
 * A scripted coding session for end-to-end tests: what the issue asks a real session to contain —
 * TodoWrite, Read, a failing then passing Bash (a failing test, then fixed), Write, Edit, an Agent
 * subagent — and a second prompt for `--resume`. Each reply has its own usage so token sums are checkable.
 */
import { join } from 'node:path';
import type { ScriptQueues } from './scriptedMessagesApi.js';

/** Model the scripted subagent answers with, so per-model token figures have two models. */
export const SUBAGENT_MODEL = 'claude-haiku-4-5-20251001';
export const FAILING_TEST = 'test/add.test.js';

const u = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: cacheRead,
  cache_creation_input_tokens: cacheWrite,
});

/** Replies for the first prompt (main and subagent queues), then `secondPrompt` for the resumed turn. */
export function codingSessionScript(cwd: string): { first: Required<Pick<ScriptQueues, 'main' | 'subagent'>>; second: ScriptQueues['main'] } {
  const notes = join(cwd, 'NOTES.md');
  return {
    first: {
      main: [
        {
          text: 'Let me plan.',
          toolUses: [{ name: 'TodoWrite', input: { todos: [
            { content: 'Fix the add test', status: 'in_progress', activeForm: 'Fixing the add test' },
            { content: 'Write release notes', status: 'pending', activeForm: 'Writing release notes' },
          ] } }],
          usage: u(1200, 40, 0, 900),
        },
        { toolUses: [{ name: 'Read', input: { file_path: join(cwd, 'README.md') } }], usage: u(30, 20, 1100, 50) },
        { toolUses: [{ name: 'Bash', input: { command: `echo "FAIL ${FAILING_TEST}: expected 3, got 4" >&2; exit 1`, description: 'Run the tests' } }], usage: u(40, 25, 1150, 60) },
        { toolUses: [{ name: 'Bash', input: { command: `echo "PASS ${FAILING_TEST}"`, description: 'Run the tests again' } }], usage: u(45, 22, 1210, 70) },
        { toolUses: [{ name: 'Write', input: { file_path: notes, content: '# Notes\n\nadd() fixed.\n' } }], usage: u(50, 60, 1280, 80) },
        { toolUses: [{ name: 'Edit', input: { file_path: notes, old_string: 'add() fixed.', new_string: 'add() fixed; tests pass.' } }], usage: u(55, 45, 1360, 90) },
        {
          toolUses: [{ name: 'Agent', input: { description: 'Survey the repo', prompt: 'List the files in the repository.', subagent_type: 'general-purpose' } }],
          usage: u(60, 35, 1450, 100),
        },
        { text: 'The add test passes now and the notes are written.', usage: u(70, 30, 1550, 110) },
      ],
      subagent: [
        { toolUses: [{ name: 'Bash', input: { command: 'ls', description: 'List files' } }], usage: u(500, 15, 0, 400), model: SUBAGENT_MODEL },
        { text: 'README.md and NOTES.md.', usage: u(20, 12, 400, 30), model: SUBAGENT_MODEL },
      ],
    },
    second: [
      { toolUses: [{ name: 'Bash', input: { command: 'cat NOTES.md', description: 'Show the notes' } }], usage: u(80, 20, 1700, 120) },
      { text: 'Notes are in place.', usage: u(90, 15, 1820, 130) },
    ],
  };
}
