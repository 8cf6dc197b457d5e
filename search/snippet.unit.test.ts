import { describe, expect, it } from 'vitest';
import { snippetHtml } from '../renderers/searchPage.js';
import { formatSearchHits } from '../cli/searchCommand.js';
import { parseSearchQuery } from './searchQuery.js';
import { MARK_END as E, MARK_START as S } from './searchTokens.js';
import { SNIPPET_CHARS, snippetOf } from './snippet.js';

const clauses = (q: string) => {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query.text;
};

describe('snippets', () => {
  it('marks every token of a match: terms, phrases, prefixes, case and width folded', () => {
    expect(snippetOf('Fix the Widget in src/App.ts now', clauses('widget src/app.ts'))).toBe(`Fix the ${S}Widget${E} in ${S}src${E}/${S}App${E}.${S}ts${E} now`);
    expect(snippetOf('frobnicate the frobs', clauses('frob*'))).toBe(`${S}frobnicate${E} the ${S}frobs${E}`);
    expect(snippetOf('widget factory, factory widget', clauses('"widget factory"'))).toBe(`${S}widget${E} ${S}factory${E}, factory widget`);
    expect(snippetOf('ＦＵＬＬ width', clauses('full'))).toBe(`${S}ＦＵＬＬ${E} width`);
  });

  it('shows the text around a match far into a long document, bounded, whitespace collapsed', () => {
    const text = `${'lorem ipsum '.repeat(200)}\n\n  needle   in the hay ${'dolor '.repeat(200)}`;
    const snippet = snippetOf(text, clauses('needle'));
    expect(snippet).toContain(`${S}needle${E} in the hay`);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.replace(/[\uE000\uE001…]/g, '').length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('drops marks a document carries, so it cannot forge a highlight, and never splits an emoji', () => {
    expect(snippetOf(`fake ${S}mark${E} real`, clauses('real'))).toBe(`fake mark ${S}real${E}`);
    const emoji = snippetOf(`a${'😀'.repeat(300)}`, []);
    expect(emoji.replace('…', '')).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('snippets shown', () => {
  it('on the web: escaped first, marks as <mark>, unbalanced marks closed', () => {
    expect(snippetHtml(`<script>x</script> ${S}a&b${E}`)).toBe('&lt;script&gt;x&lt;/script&gt; <mark>a&amp;b</mark>');
    expect(snippetHtml(`${S}open`)).toBe('<mark>open</mark>');
    expect(snippetHtml(`${E}close`)).toBe('close');
  });

  it('in the terminal: marks as colour on a TTY only, control characters from sessions removed', () => {
    const hit = { sessionId: 's1', turn: 2, anchor: 'turn-2', kind: 'prompt' as const, toolName: null, at: null, snippet: `evil\u001b[2J ${S}word${E}`, score: 1, title: 'T\u0007itle', repo: 'acme/web', branch: null, url: 'http://127.0.0.1/s/s1#turn-2' };
    const plain = formatSearchHits({ hits: [hit], more: true, sessions: 1 }, false, 0, 1);
    expect(plain).toBe('s1  turn 2  prompt  acme/web — T itle\n  evil [2J word\n  http://127.0.0.1/s/s1#turn-2\nMore hits: --offset 1\n');
    const tty = formatSearchHits({ hits: [hit], more: false, sessions: 1 }, true);
    expect(tty).toContain('\u001b[1;33mword\u001b[0m');
    expect(tty).not.toContain('\u001b[2J');
    expect(formatSearchHits({ hits: [], more: false, sessions: 3 }, false)).toBe('No hits in 3 sessions.\n');
  });
});
