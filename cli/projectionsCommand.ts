/** `kap projections rebuild`: recomputes the session summaries from the configured event store. */
import type { KapConfig } from '../config/kapConfig.js';
import { rebuildSessionProjection } from '../projections/rebuildSessionProjection.js';
import { openStores } from './startKap.js';

export async function rebuildCommand(config: Readonly<KapConfig>): Promise<void> {
  const { store, readModel } = await openStores(config);
  try {
    const started = performance.now();
    const report = await rebuildSessionProjection(store, readModel);
    process.stdout.write(`Rebuilt ${report.sessions} sessions from ${report.events} events in ${Math.round(performance.now() - started)} ms.\n`);
  } finally {
    await store.close();
    await readModel.close();
  }
}
