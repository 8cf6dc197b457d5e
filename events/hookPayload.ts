/**
 * A Claude Code hook payload, as the hook command reads it on stdin. Every payload carries `session_id`,
 * `transcript_path`, `cwd` and `hook_event_name`; the rest depends on the event and the release
 * (../shared/CLAUDE-CODE.md lists what 2.1.197 sends). Fields Kap reads are type-checked, the rest kept.
 */
import { z } from 'zod';

export const HookPayload = z.looseObject({
  session_id: z.string().min(1),
  hook_event_name: z.string().min(1).max(100),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  prompt: z.string().optional(),
  tool_name: z.string().optional(),
  tool_use_id: z.string().optional(),
  notification_type: z.string().optional(),
  message: z.string().optional(),
  agent_id: z.string().optional(),
  agent_type: z.string().optional(),
  reason: z.string().optional(),
  source: z.string().optional(),
  last_assistant_message: z.string().nullish(),
});

export type HookPayload = z.infer<typeof HookPayload>;

const OPTIONAL_STRINGS = ['transcript_path', 'cwd', 'prompt', 'tool_name', 'tool_use_id', 'notification_type', 'message', 'agent_id', 'agent_type', 'reason', 'source'] as const;

/**
 * The same verdict as `HookPayload.safeParse(value).success` whenever it says true, without zod on the hot
 * path. When it says false, ask the schema: it decides, and says why.
 */
export function isHookPayload(value: Record<string, unknown>): value is HookPayload {
  const { session_id: sessionId, hook_event_name: name, last_assistant_message: last } = value;
  if (typeof sessionId !== 'string' || sessionId.length === 0) return false;
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) return false;
  if (!(last === undefined || last === null || typeof last === 'string')) return false;
  for (const key of OPTIONAL_STRINGS) if (value[key] !== undefined && typeof value[key] !== 'string') return false;
  return true;
}
