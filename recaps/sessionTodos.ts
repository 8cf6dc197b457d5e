/**
 * The session's todo list as the agent last left it, from its tool calls in the main thread:
 *
 * - `TodoWrite {todos: [{content, status, activeForm}]}` (Claude Code 1.x, and 2.x with
 *   `CLAUDE_CODE_ENABLE_TASKS=0`) sends the whole list each time: the last call wins.
 * - `TaskCreate {subject, description, activeForm?}` / `TaskUpdate {taskId, status?, subject?, activeForm?}`
 *   (Claude Code 2.x, `sdk-tools.d.ts` of @anthropic-ai/claude-code 2.1.197) build a list one task at a time.
 *   A created task's id is in its result text, `Task #<id> created successfully: <subject>` (the string
 *   Claude Code 2.1.197 writes); a result without it gets the creation order (1-based) instead. `status:
 *   "deleted"` removes the task.
 *
 * Calls whose result is an error (e.g. "No such tool available: TodoWrite") change nothing; a call with no
 * result yet counts (the agent has stated its list). The TodoWrite list comes first, then tasks in creation order.
 */
import type { JsonObject } from '../stores/eventStore.js';
import type { TimelineItem, ToolCallItem } from '../projections/sessionTimelineTypes.js';

export type TodoStatus = 'pending' | 'in_progress' | 'completed';

export interface Todo {
  /** TodoWrite `content`, TaskCreate `subject`. */
  content: string;
  status: TodoStatus;
  /** Present-continuous form ("Running tests"), when given. */
  activeForm: string | null;
  /** The TaskCreate id; null for TodoWrite entries. */
  taskId: string | null;
}

const CREATED = /Task #(\S+) created successfully/;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Unknown statuses (a later Claude Code's) read as pending: the work is not known to be done. */
function status(v: unknown): TodoStatus {
  return v === 'in_progress' || v === 'completed' ? v : 'pending';
}

function fromTodoWrite(input: JsonObject): Todo[] | undefined {
  if (!Array.isArray(input.todos)) return undefined;
  const out: Todo[] = [];
  for (const t of input.todos as unknown[]) {
    if (typeof t !== 'object' || t === null) continue;
    const todo = t as JsonObject;
    const content = str(todo.content);
    if (content !== null) out.push({ content, status: status(todo.status), activeForm: str(todo.activeForm), taskId: null });
  }
  return out;
}

/** The todo list after the main thread's items, per the rules above. */
export function todosOf(items: readonly TimelineItem[]): Todo[] {
  let written: Todo[] = [];
  const tasks = new Map<string, Todo>();
  let created = 0;
  for (const item of items) {
    if (item.kind !== 'tool' || item.result?.isError === true) continue;
    if (item.name === 'TodoWrite') written = fromTodoWrite(item.input) ?? written;
    else if (item.name === 'TaskCreate') {
      created += 1;
      const subject = str(item.input.subject) ?? str(item.input.description);
      if (subject === null) continue;
      const id = taskIdOf(item) ?? String(created);
      tasks.set(id, { content: subject, status: 'pending', activeForm: str(item.input.activeForm), taskId: id });
    } else if (item.name === 'TaskUpdate') {
      const id = str(item.input.taskId);
      const task = id === null ? undefined : tasks.get(id);
      if (id === null || task === undefined) continue;
      if (item.input.status === 'deleted') {
        tasks.delete(id);
        continue;
      }
      tasks.set(id, {
        ...task,
        content: str(item.input.subject) ?? task.content,
        status: item.input.status === undefined ? task.status : status(item.input.status),
        activeForm: str(item.input.activeForm) ?? task.activeForm,
      });
    }
  }
  return [...written, ...tasks.values()];
}

function taskIdOf(call: ToolCallItem): string | undefined {
  return call.result ? CREATED.exec(call.result.text)?.[1] : undefined;
}
