/**
 * The session page's replay parts, rendered from a folded timeline: turn sections with anchors and figures,
 * the outline, tool calls collapsed with retries and errors marked, long outputs cut with a link, live
 * follow's fragments, and the files page; markup from the transcript stays text everywhere.
 */
import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import { foldTimelineEvents, initialTimeline } from '../projections/sessionTimeline.js';
import type { RecordedEvent } from '../stores/eventStore.js';
import { renderFileChangesPage, renderFileListPage } from './fileChangesPage.js';
import { SHOWN_OUTPUT_CHARS } from './page/conversation.js';
import { renderSessionPage, renderTurnsFragment } from './sessionPage.js';

let revision = 0;
const line = (data: Record<string, unknown>, file = 'main'): RecordedEvent => {
  const r = BigInt(revision++);
  return { id: `e${r}`, type: 'TranscriptLine', streamName: 'session-s1', revision: r, position: { commit: r, prepare: r }, data, metadata: { file }, created: new Date(0) };
};
const usage = { input_tokens: 1000, output_tokens: 100, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const call = (id: string, name: string, input: Record<string, unknown>, at = '2026-01-01T10:00:10Z') =>
  line({ type: 'assistant', timestamp: at, message: { id: `m-${id}`, model: 'claude-opus-4-6', content: [{ type: 'tool_use', id, name, input }], usage } });
const result = (id: string, content: string, isError = false) => line({ type: 'user', timestamp: '2026-01-01T10:00:20Z', message: { content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }] } });
const prompt = (text: string, at: string) => line({ type: 'user', timestamp: at, message: { role: 'user', content: text } });

const events = [
  prompt('fix <script>alert(1)</script> the "build"\nmore', '2026-01-01T10:00:00Z'),
  call('t1', 'Bash', { command: 'npm test' }),
  result('t1', 'FAIL <img src=x onerror=alert(2)>', true),
  call('t2', 'Bash', { command: 'npm test' }),
  result('t2', 'y'.repeat(SHOWN_OUTPUT_CHARS + 500)),
  call('w1', 'Write', { file_path: '/w/app/src/<a>.ts', content: 'let a = "<b>";\n' }),
  result('w1', 'ok'),
  call('e1', 'Edit', { file_path: '/w/app/src/<a>.ts', old_string: '"<b>"', new_string: '"</script>"' }),
  result('e1', 'ok'),
  prompt('second', '2026-01-01T11:00:00Z'),
  line({ type: 'assistant', timestamp: '2026-01-01T11:00:05Z', message: { id: 'syn', model: '<synthetic>', content: [{ type: 'text', text: 'API Error: 529 overloaded' }] } }),
  line({ type: 'user', timestamp: '2026-01-01T11:00:06Z', message: { content: [{ type: 'text', text: '[Request interrupted by user]' }] } }),
];
const timeline = foldTimelineEvents(initialTimeline('s1'), events);
const summary = { ...initialSessionState('s1').summary, cwd: '/w/app', filesChanged: ['/w/app/src/<a>.ts'] };
const html = renderSessionPage({ summary, timeline, now: new Date('2026-01-01T12:00:00Z'), live: true });

describe('session replay', () => {
  it('gives every turn an anchor, its time, duration and cost, and lists the prompts in the outline', () => {
    expect(html).toContain('<section class="turn" id="turn-1" data-turn="1" data-title="fix &lt;script&gt;alert(1)&lt;/script&gt; the &quot;build&quot;"');
    expect(html).toContain('id="turn-2" data-turn="2"');
    expect(html).not.toContain('id="turn-0"');
    const head = html.slice(html.indexOf('id="turn-1"'), html.indexOf('id="turn-1"') + 1200);
    expect(head).toContain('<span class="dur">20s</span>');
    expect(head).toMatch(/<span class="cost">\$0\.\d\d<\/span>/);
    expect(head).toContain('<span class="mono">claude-opus-4-6</span> in 4,000 · out 400 · cache read 0 · cache write 0');
    const outline = html.slice(html.indexOf('<nav class="outline"'), html.indexOf('</nav>', html.indexOf('<nav class="outline"')));
    expect(outline).toContain('<a href="#turn-1"><span class="n">1</span><span class="t">fix &lt;script&gt;alert(1)&lt;/script&gt; the &quot;build&quot;</span></a>');
    expect(outline).toContain('href="#turn-2"');
  });

  it('collapses tool calls to one line, marks a failure and the same call tried again as a retry', () => {
    expect(html).toContain('<section class="item tool error" id="tool-t1" data-tool-id="t1" data-tool-name="Bash"><details class="call"><summary class="head">');
    expect(html).toContain('<section class="item tool retry" id="tool-t2"');
    expect(html).toContain('<span class="badge retry">retry</span>');
    expect(html).not.toContain('id="tool-w1" class="item tool retry"');
    expect(html).toContain('FAIL &lt;img src=x onerror=alert(2)&gt;');
  });

  it('marks API errors and interruptions', () => {
    expect(html).toContain('class="item assistant synthetic api-error"');
    expect(html).toContain('<div class="item notice interrupted">Request interrupted by user');
  });

  it('cuts a long output with a link to the whole of it', () => {
    const t2 = html.slice(html.indexOf('id="tool-t2"'), html.indexOf('id="tool-w1"'));
    expect(t2).toContain(`${'y'.repeat(SHOWN_OUTPUT_CHARS)}</pre>`);
    expect(t2).not.toContain('y'.repeat(SHOWN_OUTPUT_CHARS + 1));
    expect(t2).toContain('<a href="/s/s1/tools/t2">whole output</a>');
  });

  it('passes a signed link on to the sub-pages and live follow; follows live only when asked', () => {
    const signed = renderSessionPage({ summary, timeline, now: new Date(0), links: { sessionId: 's1', signed: { exp: '123', sig: 'ab"c' } }, live: true });
    expect(signed).toContain('data-live-url="/s/s1/live?exp=123&amp;sig=ab%22c"');
    expect(signed).toContain('data-turns-url="/s/s1/turns?exp=123&amp;sig=ab%22c"');
    expect(signed).toContain('href="/s/s1/files?path=%2Fw%2Fapp%2Fsrc%2F%3Ca%3E.ts&amp;exp=123&amp;sig=ab%22c"');
    expect(renderSessionPage({ summary, timeline, now: new Date(0) })).not.toContain('data-live-url');
  });

  it('renders turns from N on as a fragment, with their outline rows, as the page has them', () => {
    const fragment = renderTurnsFragment(timeline, 2, { sessionId: 's1' });
    expect(fragment.revision).toBe(timeline.revision);
    expect(fragment.lastTurn).toBe(2);
    expect(fragment.html).not.toContain('id="turn-1"');
    const turn2 = html.slice(html.indexOf('<section class="turn" id="turn-2"'), html.indexOf('</section>\n', html.indexOf('id="turn-2"')));
    expect(fragment.html.startsWith(turn2)).toBe(true);
    expect(fragment.html).toMatch(/<template id="outline-rows"><li data-turn="2">.*<\/li><\/template>$/);
  });

  it('shows each change of a file as a diff with the file after it, paths relative to the repository, all escaped', () => {
    const list = renderFileListPage(summary, timeline, { sessionId: 's1' });
    expect(list).toContain('>src/&lt;a&gt;.ts</a> · 2 changes');
    const page = renderFileChangesPage(summary, timeline, '/w/app/src/<a>.ts', { sessionId: 's1' })!;
    expect(page).not.toMatch(/<script|<b>/);
    expect(page).toContain('<h1 class="path">src/&lt;a&gt;.ts</h1>');
    expect(page).toContain('<span class="del">-let a = &quot;&lt;b&gt;&quot;;</span><span class="add">+let a = &quot;&lt;/script&gt;&quot;;</span>');
    expect(page).toContain('<pre class="in">let a = &quot;&lt;/script&gt;&quot;;\n</pre>');
    expect(page).toContain('href="/s/s1#tool-e1"');
    expect(renderFileChangesPage(summary, timeline, '/elsewhere', { sessionId: 's1' })).toBeUndefined();
  });
});
