/**
 * Turns one ingest batch into the events to append to the session's stream, or says precisely why the
 * batch is refused. All-or-nothing: a batch with one bad item yields no events, so nothing partial is stored.
 */
import { z } from 'zod';
import type { JsonObject, NewEvent } from '../stores/eventStore.js';
import { contentId, transcriptLineId } from './eventIds.js';
import { HookPayload, hookEventNameProblem, isHookPayload } from './hookPayload.js';
import { jsonTextTooDeep, MAX_JSON_DEPTH, tooDeepMessage } from './jsonDepth.js';
import { parseJsonObject } from './jsonObject.js';
import type { SessionContext } from './ingestBatch.js';
import { MAX_LINE_BYTES } from './ingestBatch.js';
import { STATUS_LINE, TRANSCRIPT_LINE } from './kapEventTypes.js';
import type { WireBatch } from './ndjsonBatch.js';
import { isTranscriptLine, TranscriptLine } from './transcriptLine.js';

export type BatchRejectionCode = 'INVALID_LINE' | 'LINE_TOO_LARGE' | 'JSON_TOO_DEEP' | 'INVALID_HOOK_PAYLOAD' | 'INVALID_HOOK_EVENT_NAME' | 'SESSION_MISMATCH';

export interface BatchRejection {
  ok: false;
  code: BatchRejectionCode;
  /** HTTP status the ingest answers with: 413 for an oversized line, 400 otherwise. */
  status: 400 | 413;
  /** Index of the offending item in `batch.items`. */
  itemIndex: number;
  message: string;
}

export type BatchConversion = { ok: true; events: NewEvent[] } | BatchRejection;

/** Converts a checked batch (checkIngestBatch.ts). Never throws on bad content: a rejection is returned instead. */
export function batchToEvents(batch: WireBatch): BatchConversion {
  const context = compactContext(batch.context);
  const events: NewEvent[] = [];
  for (let index = 0; index < batch.items.length; index++) {
    const item = batch.items[index]!;
    const reject = (code: BatchRejectionCode, message: string, status: 400 | 413 = 400): BatchRejection => ({
      ok: false,
      code,
      status,
      itemIndex: index,
      message: `items[${index}]: ${message}`,
    });
    if (item.kind === 'line' || item.kind === 'lineBytes') {
      // UTF-8 takes at most 3 bytes a UTF-16 unit: only a long text needs counting.
      const bytes = item.kind === 'lineBytes' ? item.bytes.length : item.text.length * 3 <= MAX_LINE_BYTES ? 0 : Buffer.byteLength(item.text, 'utf8');
      if (bytes > MAX_LINE_BYTES) return reject('LINE_TOO_LARGE', `line is ${bytes} bytes; the limit is ${MAX_LINE_BYTES}`, 413);
      const text = item.kind === 'line' ? item.text : item.bytes.toString('utf8');
      if (jsonTextTooDeep(text, MAX_JSON_DEPTH)) return reject('JSON_TOO_DEEP', tooDeepMessage('the line'));
      const parsed = parseJsonObject(text);
      if (!parsed.ok) return reject('INVALID_LINE', parsed.message);
      if (!isTranscriptLine(parsed.value)) {
        const checked = TranscriptLine.safeParse(parsed.value);
        if (!checked.success) return reject('INVALID_LINE', z.prettifyError(checked.error));
      }
      events.push({
        id: transcriptLineId(parsed.value, item.file, item.offset),
        type: TRANSCRIPT_LINE,
        data: parsed.value,
        dataJson: text,
        ...(item.kind === 'lineBytes' ? { dataBytes: item.bytes } : {}),
        metadata: { source: 'transcript', file: item.file, offset: item.offset, ...context },
      });
      continue;
    }
    if (item.kind === 'hook') {
      let payload: HookPayload;
      if (isHookPayload(item.payload)) {
        payload = item.payload;
      } else {
        const checked = HookPayload.safeParse(item.payload);
        if (!checked.success) return reject('INVALID_HOOK_PAYLOAD', z.prettifyError(checked.error));
        payload = checked.data;
      }
      const nameProblem = hookEventNameProblem(payload.hook_event_name);
      if (nameProblem) return reject('INVALID_HOOK_EVENT_NAME', nameProblem);
      if (payload.session_id !== batch.sessionId) {
        return reject('SESSION_MISMATCH', `payload session_id ${payload.session_id} is not the batch's ${batch.sessionId}`);
      }
      events.push({
        id: contentId(item.payload, item.key ?? item.observedAt ?? ''),
        type: payload.hook_event_name,
        data: item.payload,
        metadata: { source: 'hook', ...observed(item.observedAt), ...context },
      });
      continue;
    }
    events.push({
      id: contentId(item.payload, item.key ?? item.observedAt ?? ''),
      type: STATUS_LINE,
      data: item.payload,
      metadata: { source: 'statusLine', ...observed(item.observedAt), ...context },
    });
  }
  return { ok: true, events };
}

function observed(at: string | undefined): JsonObject {
  return at === undefined ? {} : { observedAt: at };
}


function compactContext(context: SessionContext | undefined): JsonObject {
  const out: JsonObject = {};
  if (!context) return out;
  for (const [key, value] of Object.entries(context)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}
