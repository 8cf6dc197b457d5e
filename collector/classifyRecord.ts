/**
 * What an imported record is. Claude Code writes transcript lines (`type`), hook payloads
 * (`hook_event_name` + `session_id`) and status-line inputs (`input_data.session_id`); logging scripts
 * reshape hook payloads (`event` + `session_id`, e.g. fasthooks) and add their own time fields.
 */
export type RecordKind =
  | { kind: 'line' }
  | { kind: 'hook'; sessionId: string; payload: Record<string, unknown>; observedAt: string | undefined }
  | { kind: 'statusLine'; sessionId: string; observedAt: string | undefined }
  | { kind: 'unknown' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Time fields logging scripts add, in the order they are trusted. */
function loggedTime(record: Record<string, unknown>): string | undefined {
  for (const key of ['timestamp', 'logged_at', 'ts', 'time']) {
    const value = str(record[key]);
    if (value && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  }
  return undefined;
}

export function classifyRecord(record: unknown): RecordKind {
  if (!isObject(record)) return { kind: 'unknown' };
  const sessionId = str(record.session_id);
  if (sessionId && str(record.hook_event_name)) return { kind: 'hook', sessionId, payload: record, observedAt: loggedTime(record) };
  if (sessionId && str(record.event)) {
    // A reshaped hook log: keep every field, and name the event where Kap reads it.
    return { kind: 'hook', sessionId, payload: { ...record, hook_event_name: record.event }, observedAt: loggedTime(record) };
  }
  if (isObject(record.input_data) && str(record.input_data.session_id)) {
    return { kind: 'statusLine', sessionId: record.input_data.session_id as string, observedAt: loggedTime(record) };
  }
  if (str(record.type)) return { kind: 'line' };
  return { kind: 'unknown' };
}
