/**
 * The store consistency check (stores/storeConsistency.ts) over the stores `openStores` opened: the summary
 * read model's sessions and checkpoint, and the timelines' checkpoint, against the event store. For
 * `kap serve` at start and `kap doctor`.
 */
import { sessionSummaryProjection } from '../projections/sessionSummary.js';
import { sessionTimelineProjection } from '../projections/sessionTimelineProjection.js';
import { searchDocsProjection } from '../search/searchDocs.js';
import { checkStoreConsistency } from '../stores/storeConsistency.js';
import type { StoreConsistency } from '../stores/storeConsistency.js';
import type { KapStores } from './openStores.js';

/** Never throws (a store that cannot be read is a `CHECK_FAILED` problem). */
export function storeConsistencyOf(stores: Pick<KapStores, 'store' | 'readModel' | 'timelines'> & Partial<Pick<KapStores, 'search'>>, sampleSize?: number): Promise<StoreConsistency> {
  return checkStoreConsistency({
    store: stores.store,
    readModel: stores.readModel,
    checkpoints: [
      { name: sessionSummaryProjection.name, source: stores.readModel },
      { name: sessionTimelineProjection.name, source: stores.timelines },
      ...(stores.search ? [{ name: searchDocsProjection.name, source: stores.search }] : []),
    ],
    ...(sampleSize === undefined ? {} : { sampleSize }),
  });
}
