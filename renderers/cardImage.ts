/**
 * The session card as a PNG (800×418, the 1.91:1 shape Slack and link previews show whole): repo and branch,
 * a status pill coloured by status, who and since when, prompts / turns / cost / files changed, tokens and
 * cache hits per model, top tools. Drawn with satori (element objects `{ type, props }`, no React) and
 * rasterised by resvg with only the packaged fonts (cardFonts.ts): the same summary and `now` always give
 * the same bytes. Pure apart from reading the font files once.
 */
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { SessionSummary } from '../projections/sessionSummary.js';
import { cardFonts, drawable, MONO, readable, SANS } from './cardFonts.js';
import {
  cacheHitRate,
  formatAgo,
  formatCount,
  formatPercent,
  formatCost,
  modelLabel,
  modelsByTokens,
  oneLine,
  personName,
  sessionPlace,
  statusAge,
  statusPhrase,
  toolsByCalls,
  totalToolCalls,
} from './format.js';
import { clip } from './slackLimits.js';

/** The PNG's size in pixels: 800×418 (1.91:1, the link-preview shape), drawn from a 1200×627 layout. */
export const CARD_WIDTH = 800;
export const CARD_HEIGHT = 418;
const LAYOUT_WIDTH = 1200;
const LAYOUT_HEIGHT = 627;

type Style = Record<string, string | number>;
interface CardNode {
  type: string;
  props: { style?: Style; children?: (CardNode | string)[] | string };
}

const COLORS = {
  background: '#0f172a',
  panel: '#1e293b',
  track: '#334155',
  text: '#f1f5f9',
  muted: '#94a3b8',
  faint: '#64748b',
  accent: '#38bdf8',
  error: '#f87171',
  tool: '#a78bfa',
};

/** Pill colours per status: green running, amber waiting, slate idle, dark ended. */
export const STATUS_COLORS: Record<SessionSummary['status'], { background: string; text: string }> = {
  running: { background: '#16a34a', text: '#f0fdf4' },
  waiting: { background: '#f59e0b', text: '#1c1917' },
  idle: { background: '#475569', text: '#f1f5f9' },
  ended: { background: '#1e293b', text: '#cbd5e1' },
};

function el(type: string, style: Style, children?: (CardNode | string)[] | string): CardNode {
  return { type, props: { style: { display: 'flex', ...style }, ...(children === undefined ? {} : { children }) } };
}

/** Text that always fits (labels, figures). */
function text(content: string, style: Style): CardNode {
  return el('div', style, content);
}

/**
 * Session text on one line, cut with an ellipsis by the layout, and pre-cut to `maxChars` so a huge value
 * costs no layout work. Only these lines clip (a mask per line is what costs resvg time).
 */
function line(content: string, style: Style, maxChars = 160): CardNode {
  const t = oneLine(drawable(clip(oneLine(content), maxChars)));
  return el('div', { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, ...style }, t === '' ? ' ' : t);
}

function statusPill(s: SessionSummary): CardNode {
  const c = STATUS_COLORS[s.status];
  return el('div', { alignItems: 'center', padding: '8px 20px', borderRadius: 999, background: c.background, color: c.text, fontSize: 22, fontWeight: 700, letterSpacing: 1.5, flexShrink: 0 }, [
    el('div', { width: 12, height: 12, borderRadius: 6, background: c.text, marginRight: 10 }),
    s.status.toUpperCase(),
  ]);
}

/** `Dana Reyes · dana-mbp · waiting on permission: Bash since 3 min ago`, or the last activity. */
function whoLine(s: SessionSummary, now: Date): string | undefined {
  const age = statusAge(s, now);
  const status = s.status === 'waiting' || age ? `${statusPhrase(s)}${age ? ` ${age}` : ''}` : undefined;
  const parts = [personName(s.user), s.host ?? undefined, status].filter((x): x is string => x !== undefined && oneLine(x) !== '');
  if (parts.length > 0) return parts.join('  ·  ');
  const last = formatAgo(s.lastActivityAt, now);
  return last ? `last activity ${last}` : undefined;
}

function header(s: SessionSummary, now: Date): CardNode[] {
  const top = el('div', { justifyContent: 'space-between', alignItems: 'center', flexShrink: 0 }, [
    el('div', { alignItems: 'center', fontSize: 22, color: COLORS.muted, letterSpacing: 1 }, [
      text('KAP', { color: COLORS.accent, fontWeight: 700, marginRight: 14 }),
      'Claude Code session',
    ]),
    statusPill(s),
  ]);
  const branch = s.branch !== null && oneLine(s.branch) !== '' ? s.branch : undefined;
  const where = el('div', { alignItems: 'center', marginTop: 14, flexShrink: 0 }, [
    line(sessionPlace(s), { fontSize: 46, fontWeight: 700, color: COLORS.text, flexShrink: 1 }, 80),
    ...(branch ? [line(branch, { fontFamily: MONO, fontSize: 24, color: COLORS.accent, background: COLORS.panel, borderRadius: 8, padding: '6px 14px', marginLeft: 20, maxWidth: 440, flexShrink: 0 }, 80)] : []),
  ]);
  const title = s.title !== null && readable(clip(s.title, 200)) ? [line(s.title, { fontSize: 24, color: '#cbd5e1', marginTop: 8, flexShrink: 0 }, 120)] : [];
  const who = whoLine(s, now);
  return [top, where, ...title, ...(who ? [line(who, { fontSize: 21, color: COLORS.muted, marginTop: 8, flexShrink: 0 }, 160)] : [])];
}

function stat(label: string, value: string): CardNode {
  return el('div', { flexDirection: 'column', flexGrow: 1, flexBasis: 0, background: COLORS.panel, borderRadius: 14, padding: '12px 20px', marginLeft: 16 }, [
    text(label, { fontSize: 16, fontWeight: 600, color: COLORS.muted, letterSpacing: 1.2 }),
    text(value, { fontSize: 36, fontWeight: 700, color: COLORS.text }),
  ]);
}

function stats(s: SessionSummary): CardNode {
  return el('div', { marginTop: 22, marginLeft: -16, flexShrink: 0 }, [
    stat('PROMPTS', formatCount(s.prompts)),
    stat('TURNS', formatCount(s.turns)),
    stat('COST', formatCost(s)),
    stat('FILES CHANGED', formatCount(s.filesChanged.length)),
  ]);
}

function bar(ratio: number, color: string, width: number): CardNode {
  const filled = Math.round(Math.max(0, Math.min(1, ratio)) * width);
  return el('div', { width, height: 10, borderRadius: 5, background: COLORS.track, flexShrink: 0 }, filled > 0 ? [el('div', { width: Math.max(filled, 10), height: 10, borderRadius: 5, background: color })] : undefined);
}

function heading(label: string, aside?: CardNode): CardNode {
  return el('div', { justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 12 }, [
    text(label, { fontSize: 16, fontWeight: 600, color: COLORS.muted, letterSpacing: 1.2 }),
    ...(aside ? [aside] : []),
  ]);
}

const MODELS_SHOWN = 3;
const TOOLS_SHOWN = 5;

function tokensColumn(s: SessionSummary): CardNode {
  const models = modelsByTokens(s);
  const rows = models.slice(0, MODELS_SHOWN).map(([model, t]) => {
    const rate = cacheHitRate(t);
    const prompt = t.input + t.cacheRead + t.cacheWrite;
    return el('div', { flexDirection: 'column', marginBottom: 12 }, [
      el('div', { justifyContent: 'space-between', alignItems: 'baseline' }, [
        line(modelLabel(model), { fontSize: 22, fontWeight: 600, color: COLORS.text, flexShrink: 1 }, 60),
        text(`${formatCount(prompt)} in · ${formatCount(t.output)} out`, { fontSize: 18, color: COLORS.muted, marginLeft: 12, flexShrink: 0 }),
      ]),
      el('div', { alignItems: 'center', marginTop: 6 }, [
        bar(rate ?? 0, COLORS.accent, 330),
        text(rate === undefined ? 'no prompt tokens' : `${formatPercent(rate)} cache hits`, { fontSize: 18, color: COLORS.muted, marginLeft: 12 }),
      ]),
    ]);
  });
  const rest = models.length - MODELS_SHOWN;
  if (rest > 0) rows.push(text(`and ${formatCount(rest)} more ${rest === 1 ? 'model' : 'models'}`, { fontSize: 18, color: COLORS.faint }));
  if (models.length === 0) rows.push(text('no model calls yet', { fontSize: 20, color: COLORS.faint }));
  return el('div', { flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0, marginRight: 56 }, [heading('TOKENS & CACHE BY MODEL'), ...rows]);
}

function toolsColumn(s: SessionSummary): CardNode {
  const tools = toolsByCalls(s);
  const most = tools[0]?.[1] ?? 0;
  const failed = s.toolErrors > 0 ? text(`${formatCount(s.toolErrors)} FAILED`, { fontSize: 16, fontWeight: 600, color: COLORS.error, letterSpacing: 1.2 }) : undefined;
  const rows = tools.slice(0, TOOLS_SHOWN).map(([name, calls]) =>
    el('div', { alignItems: 'center', marginBottom: 7 }, [
      line(name, { fontFamily: MONO, fontSize: 18, color: COLORS.text, width: 180, flexShrink: 0 }, 40),
      bar(most > 0 ? calls / most : 0, COLORS.tool, 220),
      text(formatCount(calls), { fontSize: 18, color: COLORS.muted, marginLeft: 12 }),
    ]),
  );
  const rest = tools.length - TOOLS_SHOWN;
  if (rest > 0) rows.push(text(`and ${formatCount(rest)} more · ${formatCount(totalToolCalls(s))} calls in all`, { fontSize: 16, color: COLORS.faint }));
  if (tools.length === 0) rows.push(text('no tool calls yet', { fontSize: 20, color: COLORS.faint }));
  return el('div', { flexDirection: 'column', flexGrow: 1, flexBasis: 0, minWidth: 0 }, [heading('TOP TOOLS', failed), ...rows]);
}

/** The card's element tree for satori, laid out at LAYOUT_WIDTH × LAYOUT_HEIGHT. */
export function cardElement(s: SessionSummary, now: Date): CardNode {
  return el(
    'div',
    { flexDirection: 'column', boxSizing: 'border-box', width: LAYOUT_WIDTH, height: LAYOUT_HEIGHT, padding: '40px 56px', background: COLORS.background, color: COLORS.text, fontFamily: SANS },
    [...header(s, now), stats(s), el('div', { marginTop: 22, flexShrink: 0 }, [tokensColumn(s), toolsColumn(s)])],
  );
}

/** The card as SVG text (satori). */
export async function renderCardSvg(summary: SessionSummary, options: { now: Date }): Promise<string> {
  return satori(cardElement(summary, options.now), { width: LAYOUT_WIDTH, height: LAYOUT_HEIGHT, fonts: cardFonts() });
}

/**
 * The card as PNG bytes, CARD_WIDTH × CARD_HEIGHT. Same summary and `now` → same bytes. The vector card is
 * rasterised straight at 800 px wide: crisp, and about half the raster and PNG-encoding time of 1200 px
 * (the warm target is ≤ 30 ms, bench/cardRender.ts).
 */
export async function renderCardPng(summary: SessionSummary, options: { now: Date }): Promise<Buffer> {
  const svg = await renderCardSvg(summary, options);
  return new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: CARD_WIDTH } }).render().asPng();
}
