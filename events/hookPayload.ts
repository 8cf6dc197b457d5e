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

export { HOOK_EVENT_NAME_PATTERN, hookEventNameProblem, isHookPayload } from './hookPayloadCheck.js';
export type { HookPayloadFields } from './hookPayloadCheck.js';
