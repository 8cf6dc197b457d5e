/** The summary's evaluation verdict: folded from SessionEvalCompleted, idempotent, not activity, defensive. */
import { describe, expect, it } from 'vitest';
import { SESSION_EVAL_COMPLETED, TRANSCRIPT_LINE } from '../events/kapEventTypes.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { foldSessionEvents, initialSessionState } from './sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from './sessionTimeline.js';

const at = new Date('2026-12-02T10:00:00.000Z');
const event = (revision: number, type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ id: `e${revision}`, revision: BigInt(revision), type, data, metadata: type === TRANSCRIPT_LINE ? { file: 'main' } : { source: 'kap' }, created: at }) as unknown as RecordedEvent;

const line = event(0, TRANSCRIPT_LINE, { type: 'user', message: { role: 'user', content: 'Fix the build' }, timestamp: at.toISOString() });
const evaluation = event(1, SESSION_EVAL_COMPLETED, {
  answers: [{ verdict: 'pass' }, { verdict: 'pass' }, { verdict: 'fail' }, { verdict: null, source: 'needs_model' }],
  source: 'rules',
  model: null,
  sessionRevision: 0,
  generatedAt: at.toISOString(),
});

describe('the summary’s evaluation verdict', () => {
  it('folds the counts, keeps the activity revision, and is the same when the events are replayed', () => {
    const once = foldSessionEvents(initialSessionState('s1'), [line, evaluation]);
    expect(once.summary.evalVerdict).toEqual({ pass: 2, warn: 0, fail: 1, needsModel: 1, source: 'rules', model: null, coversRevision: 0, eventRevision: 1 });
    expect(once.summary.activityRevision).toBe(0);
    expect(once.summary.revision).toBe(1);
    expect(foldSessionEvents(once, [line, evaluation])).toEqual(once);
  });

  it('ignores a record without a revision, and leaves summaries that were never evaluated without the field', () => {
    const bad = event(1, SESSION_EVAL_COMPLETED, { answers: 'lots', sessionRevision: 'zero' });
    const state = foldSessionEvents(initialSessionState('s2'), [line, bad]);
    expect(state.summary.evalVerdict).toBeUndefined();
    expect('evalVerdict' in state.summary).toBe(false);
  });

  it('leaves the timeline as it is, like a RecapGenerated: not part of the conversation', () => {
    const withLine = foldTimelineEvents(initialTimeline('s3'), [line]);
    expect(foldTimelineEvents(initialTimeline('s3'), [line, evaluation])).toEqual({ ...withLine, revision: 1 });
  });
});
