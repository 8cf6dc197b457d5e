/**
 * A projection's bookkeeping in an embedded read-model file: its checkpoint (table `checkpoints`, one row
 * per name) and the events it could not fold (sqliteProjectionErrors.ts). The session read model, the
 * projection state stores and the search index share both tables when they share a file (`readmodels.db`).
 */
import type Database from 'better-sqlite3';
import type { ProjectionError, ProjectionStateStore } from '../projections/projection.js';
import { formatPosition, parsePosition } from './eventStore.js';
import type { Position } from './eventStore.js';
import { sqliteProjectionErrors } from './sqliteProjectionErrors.js';

export interface SqliteCheckpoints {
  /** Records the batch's errors and moves the named checkpoint (call inside the commit's transaction). */
  save(name: string, position: Position, failed: readonly ProjectionError[]): void;
  /** Forgets the named checkpoint and that projection's errors (call inside the reset's transaction). */
  forget(name: string): void;
  /** The port's reading methods, to spread into an adapter. */
  readonly reads: Pick<ProjectionStateStore<unknown>, 'checkpoint' | 'projectionErrors' | 'countProjectionErrors'>;
}

/** Creates the tables when missing. */
export function sqliteCheckpoints(db: Database.Database): SqliteCheckpoints {
  db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);');
  const errors = sqliteProjectionErrors(db);
  const put = db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position');
  const get = db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?');
  const remove = db.prepare('DELETE FROM checkpoints WHERE name = ?');
  return {
    save(name, position, failed) {
      errors.record(failed);
      put.run(name, formatPosition(position));
    },
    forget(name) {
      remove.run(name);
      errors.forget(name);
    },
    reads: {
      async checkpoint(name) {
        const row = get.get(name);
        return row ? parsePosition(row.position) : undefined;
      },
      async projectionErrors(projection, limit = 100) {
        return errors.list(projection, limit);
      },
      async countProjectionErrors(projection) {
        return errors.count(projection);
      },
    },
  };
}
