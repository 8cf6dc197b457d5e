/**
 * An independent reading of transcript files for tests: the summary contract's figures counted straight
 * from raw lines, sharing no code with Kap's fold (projections/). If the two disagree, one of them is wrong.
 */
import { readFileSync } from 'node:fs';

type Raw = Record<string, any>;

export interface RawCount {
  tokens: Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number }>;
  tools: Record<string, number>;
  filesChanged: string[];
  /** Agent / Task tool calls. */
  subagents: number;
  /** user lines with string content in main files, not meta (what `claude -p` writes for a prompt). */
  stringPrompts: number;
}

/** Records of a `.jsonl` file or a JSON-array file; undefined for anything else. */
export function readRecords(path: string): Raw[] | undefined {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  }
  if (!path.endsWith('.jsonl')) return undefined;
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export function countRaw(paths: readonly string[]): RawCount {
  const messages = new Map<string, { model: string; usage: Raw }>();
  const toolIds = new Map<string, string>();
  const files: string[] = [];
  let stringPrompts = 0;
  for (const path of paths) {
    const isSubagentFile = path.includes('/subagents/');
    for (const line of readRecords(path) ?? []) {
      if (line.type === 'user' && !isSubagentFile && !line.isMeta && !line.isSidechain && typeof line.message?.content === 'string') stringPrompts += 1;
      if (line.type !== 'assistant') continue;
      const m = line.message;
      if (m.model !== '<synthetic>' && m.usage) messages.set(m.id, { model: m.model, usage: m.usage });
      for (const block of Array.isArray(m.content) ? m.content : []) {
        if (block.type !== 'tool_use' || toolIds.has(block.id)) continue;
        toolIds.set(block.id, block.name);
        const file = block.input?.file_path ?? block.input?.notebook_path;
        if (['Write', 'Edit', 'MultiEdit', 'NotebookEdit'].includes(block.name) && file && !files.includes(file)) files.push(file);
      }
    }
  }
  const tokens: RawCount['tokens'] = {};
  for (const { model, usage } of messages.values()) {
    const t = (tokens[model] ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
    t.input += usage.input_tokens ?? 0;
    t.output += usage.output_tokens ?? 0;
    t.cacheRead += usage.cache_read_input_tokens ?? 0;
    t.cacheWrite += usage.cache_creation_input_tokens ?? 0;
  }
  const tools: Record<string, number> = {};
  for (const name of toolIds.values()) tools[name] = (tools[name] ?? 0) + 1;
  const subagents = [...toolIds.values()].filter((n) => n === 'Agent' || n === 'Task').length;
  return { tokens, tools, filesChanged: files, subagents, stringPrompts };
}
