/**
 * A projection bound to where its states live, its state type erased, so the composition root can start
 * and rebuild every projection alike.
 */
import type { EventStore, RecordedEvent } from '../stores/eventStore.js';
import type { Projection, ProjectionStateStore } from './projection.js';
import { startProjection } from './projectionRunner.js';
import type { ProjectionRunner } from './projectionRunner.js';
import { rebuildProjection } from './rebuildProjection.js';
import type { RebuildReport } from './rebuildProjection.js';

export interface KeptProjection {
  name: string;
  start(store: EventStore, onError: (error: unknown, event?: RecordedEvent) => void): Promise<ProjectionRunner>;
  rebuild(store: EventStore): Promise<RebuildReport>;
}

export function keepProjection<S>(
  projection: Projection<S>,
  states: ProjectionStateStore<S>,
  options: { onCommitted?: (states: readonly S[]) => void; cacheSize?: number } = {},
): KeptProjection {
  return {
    name: projection.name,
    start: (store, onError) => startProjection({ store, projection, states, onError, ...options }),
    rebuild: (store) => rebuildProjection(store, projection, states),
  };
}
