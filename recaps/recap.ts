/**
 * The recap a teammate reads when taking over a session: Goal, Done, Current state, Next. Both the model
 * (recapPrompt.ts, through the `record_recap` tool) and the rules (rulesRecap.ts) produce this shape, and
 * the schema below is the one the model's answer must pass.
 *
 * Limits keep every recap inside Slack's Block Kit: a section block's text holds at most 3,000 characters
 * (https://docs.slack.dev/reference/block-kit/blocks/section-block), so each list below, rendered as
 * `• item` lines, fits one section (10 × 200 characters plus bullets ≈ 2,030), and the whole recap stays
 * far under a message's 50 blocks.
 */
import { z } from 'zod';

/** Counts and lengths (characters, UTF-16 code units) every recap stays within. */
export const RECAP_LIMITS = {
  goalChars: 300,
  /** One entry of `done`, `next`, `failingTests`, `filesInFlight`. */
  itemChars: 200,
  summaryChars: 600,
  /** One entry of `openErrors`. */
  errorChars: 400,
  done: 10,
  failingTests: 10,
  openErrors: 5,
  filesInFlight: 10,
  next: 6,
} as const;

const L = RECAP_LIMITS;
const item = (max: number, what: string) => z.string().min(1).max(max).describe(what);

/** The model's answer (the `record_recap` tool input) must pass this; rules recaps are built within it. */
export const RecapSchema = z.object({
  goal: item(L.goalChars, 'What the session set out to do, in one or two sentences.'),
  done: z
    .array(item(L.itemChars, 'One piece of finished work, past tense.'))
    .max(L.done)
    .describe('Finished work, most recent first.'),
  currentState: z.object({
    summary: z.string().max(L.summaryChars).describe('Where the work stands right now, in a few sentences.'),
    failingTests: z.array(item(L.itemChars, 'A failing test as the test runner named it (file > suite > test).')).max(L.failingTests),
    openErrors: z.array(item(L.errorChars, 'An error that is still unresolved, with the command or tool that raised it.')).max(L.openErrors),
    filesInFlight: z.array(item(L.itemChars, 'A file being changed and not yet finished or committed.')).max(L.filesInFlight),
  }),
  next: z
    .array(item(L.itemChars, 'A concrete next step for whoever takes over, imperative mood.'))
    .max(L.next)
    .describe('Next steps, most important first.'),
});

export type Recap = z.infer<typeof RecapSchema>;

/** Who made the recap: the model (`llm`) or the rules with no API key (`rules`). */
export type RecapSource = 'llm' | 'rules';

/** A recap as stored and shown, with where it came from and which revision of the session it covers. */
export interface RecapRecord {
  recap: Recap;
  source: RecapSource;
  /** The model that answered (`message.model`); null for rules. */
  model: string | null;
  /**
   * The session stream's revision the recap covers: the service (workers/recapService.ts) stores
   * SessionSummary.activityRevision, the last hook or transcript line, never one of Kap's own events.
   */
  sessionRevision: number;
  /** ISO 8601. */
  generatedAt: string;
}

/** A stored RecapRecord read back (e.g. from a read model or a job result). */
export const RecapRecordSchema = z.object({
  recap: RecapSchema,
  source: z.enum(['llm', 'rules']),
  model: z.string().nullable(),
  sessionRevision: z.number().int(),
  generatedAt: z.iso.datetime(),
});

/**
 * `text` with whitespace runs collapsed and trimmed, cut to `max` characters with a trailing `…` when it
 * was longer (never splitting a surrogate pair). `max` ≥ 1.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let end = max - 1;
  const last = flat.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${flat.slice(0, end).trimEnd()}…`;
}

/** Like `clip`, but keeps the end (`…` in front): for file paths, whose file name is at the end. */
export function clipStart(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let start = flat.length - (max - 1);
  const first = flat.charCodeAt(start);
  if (first >= 0xdc00 && first <= 0xdfff) start += 1;
  return `…${flat.slice(start)}`;
}
