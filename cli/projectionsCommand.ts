/**
 * `kap projections rebuild`: recomputes every projection's states from the configured event store, and says
 * how many events could not be folded (skipped and recorded: they never stop a rebuild half way).
 * `projectionErrorsCommand` lists the recorded ones (`kap projections errors`).
 */
import type { KapConfig } from '../config/kapConfig.js';
import type { ProjectionError } from '../projections/projection.js';
import { openStores, projectionsOf } from './openStores.js';

const describeError = (e: ProjectionError) => `  ${e.projection} ${e.stream}@${e.revision} (event ${e.eventId}): ${e.message}\n`;

export async function rebuildCommand(config: Readonly<KapConfig>): Promise<void> {
  const stores = await openStores(config);
  try {
    for (const projection of projectionsOf(stores)) {
      const started = performance.now();
      const report = await projection.rebuild(stores.store);
      process.stdout.write(
        `Rebuilt ${projection.name}: ${report.sessions} sessions from ${report.events} events in ${Math.round(performance.now() - started)} ms.\n`,
      );
      if (report.errors > 0) {
        process.stdout.write(`  ${report.errors} events could not be folded; they were skipped and recorded (\`kap projections errors\`):\n`);
        for (const e of report.firstErrors) process.stdout.write(describeError(e));
      }
    }
  } finally {
    await stores.close();
  }
}

/** Prints the recorded projection errors of every projection, newest first (at most `limit`). */
export async function projectionErrorsCommand(config: Readonly<KapConfig>, limit = 100): Promise<void> {
  const stores = await openStores(config);
  try {
    const errors = [
      ...(await stores.readModel.projectionErrors(undefined, limit)),
      ...(await stores.timelines.projectionErrors(undefined, limit)),
      ...(await stores.search.projectionErrors(undefined, limit)),
    ];
    // Embedded, the stores share one file and list the same rows.
    const unique = new Map(errors.map((e) => [`${e.projection}\u0000${e.eventId}`, e]));
    const sorted = [...unique.values()].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)).slice(0, limit);
    if (sorted.length === 0) {
      process.stdout.write('No projection errors recorded.\n');
      return;
    }
    process.stdout.write(`${unique.size} projection errors recorded (events skipped by a fold), newest first:\n`);
    for (const e of sorted) process.stdout.write(describeError(e));
  } finally {
    await stores.close();
  }
}
