/** What `kap import` tells its user: counts, and every record it could not take or left alone. */

export interface ImportProblem {
  file: string;
  /** Byte offset of the line (JSONL) or index of the record (JSON array). */
  at?: number;
  message: string;
}

export interface ImportReport {
  /** Files read (a file that could not be read is in `errors`). */
  files: number;
  records: number;
  sessions: string[];
  appended: number;
  /** Events the store already had (a re-import). */
  alreadyStored: number;
  /** Records that could not be read (bad JSON) or that the ingest refused. */
  errors: ImportProblem[];
  /** Files and records that are not Claude Code data (e.g. `.meta.json`), left alone. */
  ignored: ImportProblem[];
}
