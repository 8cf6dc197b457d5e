/**
 * Small pieces the session page is built from: HTML escaping (everything from a transcript is untrusted),
 * link checking, and the number, time and duration formats the page shows.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A link target the page may use, or undefined: http(s) and mailto URLs, and relative references (`/x`,
 * `#x`, `x/y`). Everything else (`javascript:`, `data:`, `vbscript:`, …) is refused. Control characters,
 * whitespace and character references inside the scheme are resolved first, as browsers would.
 */
export function safeHref(href: string): string | undefined {
  // The page escapes `&`, so a browser never decodes references in an href; refuse them anyway if they
  // would spell a scheme (belt and braces for whoever reuses this).
  const decoded = href
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16) % 0x110000))
    .replace(/&#([0-9]+);?/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10) % 0x110000))
    .replace(/&colon;/gi, ':')
    .replace(/&(tab|newline);/gi, '');
  const cleaned = decoded.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (cleaned === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') return undefined;
  if (cleaned.startsWith('//') || cleaned.startsWith('\\')) return undefined;
  try {
    return encodeURI(decodeURI(href.trim()));
  } catch {
    return undefined;
  }
}

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  // Not toLocaleString: it is slow enough to show on a page with thousands of figures.
  const whole = Math.round(n);
  if (!Number.isFinite(whole)) return String(whole);
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1234567` → `1.2M`, `45300` → `45.3k`. */
export function formatCompact(n: number): string {
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return formatCount(n);
}

/** A duration in milliseconds as `3h 12m`, `4m 05s` or `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** An ISO time as `2026-02-12 14:12 UTC`; the input unchanged if it does not parse. */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` element with the time of day (UTC), or nothing for a missing or bad time. */
export function timeTag(iso: string | null): string {
  if (iso === null) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  // An ISO string in UTC holds only digits, '-', ':', '.', 'T' and 'Z': nothing to escape.
  const d = new Date(t).toISOString();
  return `<time datetime="${d}" title="${d.slice(0, 16).replace('T', ' ')} UTC">${d.slice(11, 19)}</time>`;
}
