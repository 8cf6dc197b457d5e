/**
 * The session page's stylesheet, inlined into the page (it loads nothing from elsewhere): the page's own
 * rules and highlight.js's `github` theme, read once from the installed package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** highlight.js's GitHub light theme (classes `hljs-*`). Throws at import if highlight.js is not installed. */
const HIGHLIGHT_CSS = readFileSync(require.resolve('highlight.js/styles/github.min.css'), 'utf8');

const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da;
  --ok: #1a7f37; --warn: #9a6700; --err: #cf222e; --user: #ddf4ff; --agent: #fbefff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.5;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 64px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
a { color: var(--accent); }
h1 { font-size: 24px; line-height: 1.3; margin: 0 0 8px; word-break: break-word; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
header.session .meta { color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0 12px; }
header.session .meta b { color: var(--fg); font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  border: 1px solid var(--line); background: var(--soft); color: var(--muted); vertical-align: middle; }
.badge.running { color: var(--ok); border-color: #4ac26b; background: #dafbe1; }
.badge.waiting { color: var(--warn); border-color: #d4a72c; background: #fff8c5; }
.badge.ended { color: var(--muted); }
.badge.error { color: var(--err); border-color: #ff818266; background: #ffebe9; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 8px; margin: 16px 0; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--soft); }
.figure .n { font-size: 20px; font-weight: 600; }
.figure .l { color: var(--muted); font-size: 12px; }
table.stats { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
table.stats th, table.stats td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; }
table.stats th:first-child, table.stats td:first-child { text-align: left; }
table.stats th { color: var(--muted); font-weight: 600; }
.tools-list { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; list-style: none; }
.tools-list li { border: 1px solid var(--line); border-radius: 6px; padding: 2px 8px; font-size: 13px; }
.tools-list li b { font-weight: 600; }
ul.files { font-size: 13px; margin: 4px 0; padding-left: 20px; word-break: break-all; }
.item { margin: 14px 0; }
.item > time, .who time { color: var(--muted); font-size: 12px; }
.prompt { background: var(--user); border: 1px solid #54aeff66; border-radius: 10px; padding: 10px 14px; }
.prompt .text { white-space: pre-wrap; word-break: break-word; margin: 4px 0 0; }
.who { font-size: 12px; font-weight: 600; color: var(--muted); display: flex; gap: 8px; align-items: baseline; }
.assistant .md { word-break: break-word; }
.assistant .md > :first-child { margin-top: 4px; }
.assistant .md > :last-child { margin-bottom: 0; }
.assistant.synthetic { color: var(--muted); font-style: italic; }
.md pre, pre.out, pre.in { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  overflow: auto; max-height: 480px; white-space: pre; }
.md pre code.hljs { padding: 0; background: transparent; }
.md code { background: var(--soft); padding: 1px 4px; border-radius: 4px; }
.md pre code { background: transparent; padding: 0; }
.md h1, .md h2, .md h3, .md h4 { margin: 14px 0 6px; padding: 0; border: none; line-height: 1.3; }
.md h1 { font-size: 19px; } .md h2 { font-size: 17px; } .md h3, .md h4 { font-size: 15px; }
.md table { border-collapse: collapse; } .md td, .md th { border: 1px solid var(--line); padding: 3px 8px; }
.md blockquote { margin: 0; padding-left: 12px; border-left: 3px solid var(--line); color: var(--muted); }
.tool { border: 1px solid var(--line); border-left: 3px solid #8c959f; border-radius: 6px; padding: 6px 10px; background: #fff; }
.tool.error { border-left-color: var(--err); }
.tool .head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.tool .name { font-weight: 600; font-size: 13px; }
.tool .arg { color: var(--muted); font-size: 13px; word-break: break-all; flex: 1 1 300px; }
.tool details { margin-top: 4px; }
.tool summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.tool pre { margin: 4px 0; font-size: 12px; }
.tool pre code.hljs { padding: 0; background: transparent; overflow: visible; }
.tool .head time { color: var(--muted); font-size: 12px; margin-left: auto; }
ul.todos { list-style: none; padding-left: 4px; margin: 4px 0; font-size: 13px; }
.tool .diff .del { background: #ffebe9; display: block; } .tool .diff .add { background: #dafbe1; display: block; }
.tool .note { color: var(--muted); font-size: 12px; }
.tool .args { font-size: 12px; color: var(--fg); margin: 2px 0; word-break: break-word; }
.tool .args .k { color: var(--muted); }
.tool .args .k::after { content: ":"; }
details.subagent { margin: 8px 0 4px 8px; padding: 4px 0 4px 14px; border-left: 3px solid #c297ff; background: var(--agent); border-radius: 0 6px 6px 0; }
details.subagent > summary { cursor: pointer; font-weight: 600; font-size: 13px; color: #6639ba; }
details.subagent .run-prompt { white-space: pre-wrap; font-size: 13px; color: var(--muted); margin: 6px 8px 6px 0;
  max-height: 240px; overflow: auto; }
details.subagent .item { margin: 10px 8px 10px 0; }
.notice { text-align: center; color: var(--muted); font-size: 12px; margin: 18px 0; }
.notice::before, .notice::after { content: " — "; }
.truncated { color: var(--warn); font-size: 12px; }
.turn { scroll-margin-top: 12px; border-top: 1px solid var(--line); padding-top: 6px; margin-top: 22px; }
.turn-head { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; font-size: 12px; color: var(--muted); }
.turn-head .turn-n { font-weight: 700; font-size: 13px; color: var(--fg); text-decoration: none; }
.turn-head .cost { font-weight: 600; color: var(--fg); }
.turn-head .tokens { flex-basis: 100%; }
.turn-head .err, .outline .err { color: var(--err); }
nav.outline ol { list-style: none; padding: 0; margin: 0; font-size: 13px; max-height: 420px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
nav.outline li { display: flex; gap: 10px; align-items: baseline; padding: 3px 10px; border-bottom: 1px solid var(--soft); }
nav.outline li.current { background: var(--user); }
nav.outline li a { flex: 1; display: flex; gap: 10px; text-decoration: none; color: var(--fg); min-width: 0; }
nav.outline li .n { color: var(--muted); min-width: 2.5em; text-align: right; }
nav.outline li .t { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
nav.outline time, nav.outline .dur, nav.outline .cost { color: var(--muted); font-size: 12px; white-space: nowrap; }
.tool { padding: 3px 10px; }
.tool details.call { margin: 0; }
.tool details.call > summary.head { list-style: none; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; color: var(--fg); font-size: 13px; }
.tool details.call > summary.head::-webkit-details-marker { display: none; }
.tool details.call > summary.head::before { content: "▸"; color: var(--muted); }
.tool details.call[open] > summary.head::before { content: "▾"; }
.tool .head .arg { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.tool.retry { border-left-color: var(--warn); }
.badge.retry { color: var(--warn); border-color: #d4a72c; background: #fff8c5; }
.assistant.api-error { color: var(--err); background: #ffebe9; border-radius: 6px; padding: 6px 10px; font-style: normal; }
.notice.interrupted { color: var(--warn); font-weight: 600; }
.item.current, .turn.current > .turn-head { outline: 2px solid #54aeff; outline-offset: 2px; border-radius: 4px; }
mark.find-hit { background: #fff8c5; color: inherit; } mark.find-hit.on { background: #ffd33d; }
.replay { position: fixed; left: 0; right: 0; bottom: 0; display: flex; gap: 6px; align-items: center; flex-wrap: wrap;
  padding: 6px 12px; background: #fffffff2; border-top: 1px solid var(--line); font: 13px system-ui, sans-serif; z-index: 10; }
.replay[hidden] { display: none; }
.replay button { font: inherit; padding: 2px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--soft); cursor: pointer; }
.replay input[type=range] { flex: 1 1 200px; }
.replay .pos { min-width: 8em; color: var(--muted); }
.replay .find { display: flex; gap: 4px; align-items: center; margin-left: auto; }
.replay .find input { font: inherit; padding: 2px 6px; border: 1px solid var(--line); border-radius: 4px; width: 14em; }
.replay .count { color: var(--muted); min-width: 4em; }
.replay .live-new { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; }
html.js main { padding-bottom: 96px; }
.kap-eval ul { list-style: none; padding-left: 0; }
.kap-eval-answer { border-left: 3px solid var(--line); padding: 4px 10px; margin: 6px 0; }
.kap-eval-pass { border-color: #2e7d32; } .kap-eval-warn { border-color: #ed6c02; } .kap-eval-fail { border-color: #d32f2f; }
.kap-eval-needs, .kap-eval-origin, .kap-eval-source { color: var(--muted); }
.kap-eval-overall.kap-eval-pass strong { color: #2e7d32; } .kap-eval-overall.kap-eval-warn strong { color: #ed6c02; } .kap-eval-overall.kap-eval-fail strong { color: #d32f2f; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
`;

/** The whole stylesheet for a `<style>` element. */
export const SESSION_PAGE_CSS = `${PAGE_CSS}\n${HIGHLIGHT_CSS}`;
