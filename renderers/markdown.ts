/**
 * Markdown from a transcript (assistant text) to HTML that is safe to put in a page: marked (GFM) with raw
 * HTML escaped rather than passed through, links only to http(s), mailto and relative targets, images
 * shown as links (the page loads nothing from elsewhere), and fenced code highlighted by highlight.js
 * (class names of its `github` theme).
 */
import hljs from 'highlight.js';
import { Marked } from 'marked';
import { escapeHtml, safeHref } from './page/html.js';

/** Longest code block highlighted without a language (auto-detection tries every grammar). */
const AUTO_DETECT_MAX_CHARS = 5_000;
/**
 * Languages auto-detection chooses from: the ones coding sessions show most. Trying all ~190 grammars
 * costs about a second on first use (each grammar compiles lazily) and guesses worse.
 */
const AUTO_DETECT_LANGUAGES = ['bash', 'shell', 'json', 'typescript', 'javascript', 'python', 'elixir', 'go', 'rust', 'java', 'ruby', 'sql', 'yaml', 'xml', 'css', 'diff', 'markdown'];
/** Longest code block highlighted at all; longer ones are shown escaped. */
const HIGHLIGHT_MAX_CHARS = 100_000;

/** Code as highlighted HTML (`<span class="hljs-…">`), escaped; `lang` is a fence's info string. */
export function highlightCode(code: string, lang: string | undefined): string {
  const language = lang?.trim().split(/\s+/)[0]?.toLowerCase();
  if (code.length <= HIGHLIGHT_MAX_CHARS && language && hljs.getLanguage(language)) {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
  if (!language && code.length <= AUTO_DETECT_MAX_CHARS) return hljs.highlightAuto(code, AUTO_DETECT_LANGUAGES).value;
  return escapeHtml(code);
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    code({ text, lang }) {
      const language = lang?.trim().split(/\s+/)[0] ?? '';
      const cls = language ? ` language-${escapeHtml(language)}` : '';
      return `<pre class="code"><code class="hljs${cls}">${highlightCode(text, lang)}</code></pre>\n`;
    },
    link({ href, title, tokens }) {
      const inner = this.parser.parseInline(tokens);
      const target = safeHref(href);
      if (target === undefined) return inner;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(target)}"${titleAttr} rel="nofollow noopener noreferrer">${inner}</a>`;
    },
    image({ href, text }) {
      const label = `[image: ${escapeHtml(text || href)}]`;
      const target = safeHref(href);
      return target === undefined ? label : `<a href="${escapeHtml(target)}" rel="nofollow noopener noreferrer">${label}</a>`;
    },
  },
});

/** Markdown to safe HTML (block level). Never throws: on a parser failure the text comes back escaped. */
export function renderMarkdown(markdown: string): string {
  try {
    return marked.parse(markdown, { async: false });
  } catch {
    return `<pre class="plain">${escapeHtml(markdown)}</pre>`;
  }
}
