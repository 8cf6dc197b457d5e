import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { renderMarkdown } from './markdown.js';
import { safeHref } from './page/html.js';
import { renderSessionPage } from './sessionPage.js';

let revision = 0;
const line = (data: Record<string, unknown>, file = 'main'): RecordedEvent => {
  const r = BigInt(revision++);
  return { id: `e${r}`, type: 'TranscriptLine', streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata: { file }, created: new Date(0) };
};
const assistant = (id: string, content: unknown[]) => line({ type: 'assistant', message: { id, model: 'claude-opus-4-6', content } });

function page(events: RecordedEvent[], summary: Partial<SessionSummary> = {}): string {
  const timeline = foldTimelineEvents(initialTimeline('s1'), events);
  return renderSessionPage({ summary: { ...initialSessionState('s1').summary, ...summary }, timeline, now: new Date('2026-01-01T12:00:00Z') });
}

describe('markdown', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('hi <script>alert(1)</script>\n\n<div onclick="x()">block</div>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<div|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;');
  });

  it('drops javascript:, data: and obfuscated links but keeps their text; keeps http(s) and relative ones', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](java\tscript:x) [d](data:text/html,x) <javascript:alert(1)> ' +
        '[g](java&#x09;script:alert(1)) [h](&#106;avascript:alert(1)) [e](https://example.com/x?a=1&b=2) [f](docs/readme.md)',
    );
    expect(html).not.toMatch(/href="[^"]*script/i);
    expect(html).not.toMatch(/href="data:/i);
    expect(html).toMatch(/^<p>a b .* d .* g h <a href/);
    expect(html).toContain('href="https://example.com/x?a=1&amp;b=2"');
    expect(html).toContain('href="docs/readme.md"');
    expect(safeHref(' javascript:alert(1)')).toBeUndefined();
    expect(safeHref('vbscript:x')).toBeUndefined();
    expect(safeHref('//evil.example/x')).toBeUndefined();
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
  });

  it('shows images as links, so the page loads nothing from elsewhere', () => {
    const html = renderMarkdown('![logo](https://example.com/a.png) ![x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="https://example.com/a.png"');
    expect(html).toContain('[image: x]');
  });

  it('highlights fenced code with highlight.js classes and escapes it', () => {
    const html = renderMarkdown('```ts\nconst a: string = "<b>";\n```\n\n```elixir\ndefmodule A do\nend\n```');
    expect(html).toContain('<code class="hljs language-ts">');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('<span class="hljs-keyword">defmodule</span>');
  });
});

describe('session page', () => {
  revision = 0;
  const events = [
    line({ type: 'user', timestamp: '2026-01-01T10:00:00Z', message: { role: 'user', content: 'why <script>alert("p")</script> & "quotes"?' } }),
    assistant('m1', [{ type: 'text', text: 'See [here](javascript:alert(2)).\n\n```js\nlet x = 1;\n```' }]),
    assistant('m1', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'echo "<img src=x onerror=alert(3)>"', description: 'print <b>' } }]),
    line({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: '</pre><script>alert(4)</script>' }] } }),
    assistant('m2', [{ type: 'tool_use', id: 't2', name: 'Task', input: { prompt: 'look around', subagent_type: 'Explore', description: 'Look <around>' } }]),
    line({ type: 'user', isSidechain: true, agentId: 'ab1', message: { content: 'look around' } }, 'subagents/agent-ab1.jsonl'),
    line({ type: 'assistant', isSidechain: true, message: { id: 's1', model: 'claude-haiku-4-5', content: [{ type: 'tool_use', id: 't3', name: 'Grep', input: { pattern: '<x>' } }] } }, 'subagents/agent-ab1.jsonl'),
    line({ type: 'user', toolUseResult: { agentId: 'ab1' }, message: { content: [{ type: 'tool_result', tool_use_id: 't2', content: 'all fine' }] } }),
  ];
  const html = page(events, {
    repo: 'acme/<app>',
    branch: 'main',
    user: 'Jo <jo@example.com>',
    status: 'waiting',
    waitingFor: 'Bash',
    statusSince: '2026-01-01T11:55:00Z',
    prompts: 1,
    turns: 2,
    tools: { Bash: 1, Task: 1, Grep: 1 },
    toolErrors: 1,
    tokens: { 'claude-opus-4-6': { input: 10, output: 20, cacheRead: 900, cacheWrite: 90 } },
    costUsd: 0.01,
    filesChanged: ['/w/<a>.ts'],
  });

  it('is a whole document whose one script is Kap\'s replay.js: no inline script, no event handler, no javascript: link', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('<script type="module" src="/assets/replay.js"></script>');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';`);
    expect(html).not.toMatch(/script-src [^;]*unsafe-inline/);
  });

  it('escapes what the transcript and the summary say', () => {
    expect(html).toContain('why &lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;?');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(html).toContain('acme/&lt;app&gt;');
    expect(html).toContain('Jo &lt;jo@example.com&gt;');
    expect(html).toContain('/w/&lt;a&gt;.ts');
    expect(html).toContain('print &lt;b&gt;');
  });

  it('shows the summary header: status, where, tokens per model with cache hits', () => {
    expect(html).toContain('waiting on Bash for 5m 00s');
    expect(html).toMatch(/<td class="mono">claude-opus-4-6<\/td><td>10<\/td><td>20<\/td><td>900<\/td><td>90<\/td><td>90%<\/td>/);
  });

  it('marks errors, nests the subagent under its Task call and highlights code', () => {
    expect(html).toContain('class="item tool error" id="tool-t1" data-tool-id="t1"');
    const task = html.slice(html.indexOf('data-tool-id="t2"'));
    // Folded under its call, closed until opened.
    expect(task.indexOf('<details class="subagent" data-agent-id="ab1">')).toBeGreaterThan(0);
    expect(task.indexOf('data-tool-id="t3"')).toBeGreaterThan(task.indexOf('data-agent-id="ab1"'));
    expect(html).not.toContain('Other agent runs');
    expect(html).toContain('<span class="hljs-keyword">let</span>');
    expect(html.match(/data-tool-id=/g)).toHaveLength(3);
  });

  it('renders a session with no lines yet', () => {
    const empty = page([]);
    expect(empty).toContain('No transcript lines recorded yet.');
    expect(empty).toContain('<title>Session s1 · Kap</title>');
  });
});
