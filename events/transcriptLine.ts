/**
 * A Claude Code transcript line (`~/.claude/projects/<project>/<session>.jsonl`, one JSON object a line).
 * The schema checks the types of the fields Kap reads and keeps every other field as it came: line types
 * and fields change with every release (see ../shared/corpus/README.md), so unknown ones pass through.
 */
import { z } from 'zod';

const count = z.number().nonnegative().nullish();

/** `message.usage` of an assistant line (Anthropic Messages API usage, in tokens). */
export const Usage = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
});

/** A content block: text, thinking, tool_use, tool_result, image … (only `type` is required). */
export const ContentBlock = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  tool_use_id: z.string().optional(),
  is_error: z.boolean().nullish(),
});

export const Message = z.looseObject({
  id: z.string().optional(),
  role: z.string().optional(),
  model: z.string().optional(),
  content: z.union([z.string(), z.array(ContentBlock)]).optional(),
  usage: Usage.nullish(),
});

export const TranscriptLine = z.looseObject({
  type: z.string().min(1),
  uuid: z.string().nullish(),
  parentUuid: z.string().nullish(),
  sessionId: z.string().optional(),
  timestamp: z.string().optional(),
  cwd: z.string().optional(),
  gitBranch: z.string().optional(),
  agentId: z.string().optional(),
  isSidechain: z.boolean().optional(),
  isMeta: z.boolean().optional(),
  isCompactSummary: z.boolean().optional(),
  message: Message.optional(),
});

export type TranscriptLine = z.infer<typeof TranscriptLine>;
export type ContentBlock = z.infer<typeof ContentBlock>;
