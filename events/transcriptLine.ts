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

const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const nullishString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const optionalBoolean = (v: unknown) => v === undefined || typeof v === 'boolean';
const nullishCount = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isContentBlock(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v.type) &&
    optionalString(v.id) &&
    optionalString(v.name) &&
    optionalString(v.text) &&
    optionalString(v.tool_use_id) &&
    (v.is_error === undefined || v.is_error === null || typeof v.is_error === 'boolean')
  );
}

function isMessage(v: unknown): boolean {
  if (!isObject(v) || !optionalString(v.id) || !optionalString(v.role) || !optionalString(v.model)) return false;
  const { content, usage } = v;
  if (!(content === undefined || isString(content) || (Array.isArray(content) && content.every(isContentBlock)))) return false;
  if (usage === undefined || usage === null) return true;
  return (
    isObject(usage) &&
    nullishCount(usage.input_tokens) &&
    nullishCount(usage.output_tokens) &&
    nullishCount(usage.cache_read_input_tokens) &&
    nullishCount(usage.cache_creation_input_tokens)
  );
}

/**
 * The same verdict as `TranscriptLine.safeParse(value).success` whenever it says true, in a fraction of the
 * time (the ingest checks every line). When it says false, ask the schema: it decides, and says why.
 */
export function isTranscriptLine(value: Record<string, unknown>): boolean {
  return (
    isString(value.type) &&
    value.type.length > 0 &&
    nullishString(value.uuid) &&
    nullishString(value.parentUuid) &&
    optionalString(value.sessionId) &&
    optionalString(value.timestamp) &&
    optionalString(value.cwd) &&
    optionalString(value.gitBranch) &&
    optionalString(value.agentId) &&
    optionalBoolean(value.isSidechain) &&
    optionalBoolean(value.isMeta) &&
    optionalBoolean(value.isCompactSummary) &&
    (value.message === undefined || isMessage(value.message))
  );
}
