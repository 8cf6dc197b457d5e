/**
 * A session's transcript files: the main `<session>.jsonl` and, beside it, `<session>/subagents/agent-*.jsonl`
 * (Claude Code 2.x; 1.0.x kept subagents inline in the main file).
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface TranscriptFile {
  /** `main` or `subagents/<file name>`: the key lines are stored under. */
  file: string;
  path: string;
}

/** The files of the session whose main transcript is `transcriptPath`; missing folders mean none. */
export function sessionTranscriptFiles(transcriptPath: string): TranscriptFile[] {
  const files: TranscriptFile[] = [{ file: 'main', path: transcriptPath }];
  const subagentsDir = join(dirname(transcriptPath), basename(transcriptPath, '.jsonl'), 'subagents');
  let names: string[] = [];
  try {
    names = readdirSync(subagentsDir);
  } catch {
    return files;
  }
  for (const name of names.sort()) {
    if (name.endsWith('.jsonl')) files.push({ file: `subagents/${name}`, path: join(subagentsDir, name) });
  }
  return files;
}
