/** `kap projections rebuild`: recomputes every projection's states from the configured event store. */
import type { KapConfig } from '../config/kapConfig.js';
import { openStores, projectionsOf } from './openStores.js';

export async function rebuildCommand(config: Readonly<KapConfig>): Promise<void> {
  const stores = await openStores(config);
  try {
    for (const projection of projectionsOf(stores)) {
      const started = performance.now();
      const report = await projection.rebuild(stores.store);
      process.stdout.write(
        `Rebuilt ${projection.name}: ${report.sessions} sessions from ${report.events} events in ${Math.round(performance.now() - started)} ms.\n`,
      );
    }
  } finally {
    await stores.close();
  }
}
