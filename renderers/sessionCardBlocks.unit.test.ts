import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { initialSessionState } from '../projections/sessionSummary.js';
import type { SessionSummary } from '../projections/sessionSummary.js';
import type { Block, SectionBlock } from './blockKit.js';
import { extremeSummary, SAMPLE_NOW, sampleSummary } from '../test/support/cardFixtures.js';
import { buildSessionCard, CONTINUE_ACTION_ID, EVALUATE_ACTION_ID, RECAP_ACTION_ID } from './sessionCardBlocks.js';
import { checkBlocks, ELLIPSIS } from './slackLimits.js';

const URL = 'https://kap.example/s/3f2b8c1e';
const card = (s: SessionSummary, imageUrl?: string) => buildSessionCard(s, { sessionUrl: URL, now: SAMPLE_NOW, ...(imageUrl ? { imageUrl } : {}) });
const byId = (blocks: Block[], id: string) => blocks.find((b) => b.block_id === id);
const sectionText = (blocks: Block[], id: string) => (byId(blocks, id) as SectionBlock | undefined)?.text?.text;
/** Every text a person can see in the blocks, mrkdwn or plain. */
const allTexts = (blocks: Block[]): { type: string; text: string }[] =>
  blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text];
    if (b.type === 'section') return [...(b.text ? [b.text] : []), ...(b.fields ?? [])];
    if (b.type === 'context') return b.elements.flatMap((e) => (e.type === 'image' ? [] : [e]));
    if (b.type === 'actions') return b.elements.map((e) => e.text);
    return [];
  });

describe('the session card for a hand-made summary', () => {
  const { blocks, text } = card(sampleSummary(), 'https://kap.example/s/3f2b8c1e/card.png');

  it('is valid Block Kit by Slack limits and by @slack/types', () => {
    expect(checkBlocks(blocks)).toEqual([]);
    const typed: KnownBlock[] = blocks;
    expect(typed.map((b) => b.type)).toEqual(['header', 'section', 'context', 'section', 'section', 'section', 'section', 'section', 'image', 'actions']);
  });

  it('heads with the title, then repo (linked to the session), branch and status with its age', () => {
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Fix refund rounding to match the ledger' } });
    expect(sectionText(blocks, 'kap_card_where')).toBe(
      `*<${URL}|acme/payments-api>* on \`fix/refund-rounding\`\n:large_yellow_circle: *waiting on permission: Bash* since 3 min ago`,
    );
  });

  it('says who runs it where, and when it started', () => {
    expect(byId(blocks, 'kap_card_who')).toMatchObject({
      elements: [{ type: 'mrkdwn', text: 'Dana Reyes · dana-mbp · started 1 h 29 min ago · last activity 3 min ago' }],
    });
  });

  it('shows prompts, turns, cost, overall cache hits, tool calls with failures and subagents', () => {
    const fields = (byId(blocks, 'kap_card_figures') as SectionBlock).fields!.map((f) => f.text);
    // cache: 2,912,400 read / (1,204 + 15,880 input + 2,912,400 read + 186,220 written) = 93.5 %
    expect(fields).toEqual(['*Prompts*\n7', '*Turns*\n58', '*Cost*\n$2.48', '*Cache hits*\n93%', '*Tool calls*\n107 · 3 failed', '*Subagents*\n2']);
  });

  it('lists tokens per model, biggest first, with each model’s cache hit rate', () => {
    // Sonnet: 2,912,400 / (1,204 + 2,912,400 + 186,220) = 94 %; Haiku read nothing from the cache.
    expect(sectionText(blocks, 'kap_card_tokens')).toBe(
      '*Tokens by model*\n' +
        '• *Sonnet 4.5*: in 1,204 · out 48.3k · cache 2.91M read / 186k written · 94% cache hits\n' +
        '• *Haiku 4.5*: in 15.9k · out 2,140 · 0% cache hits',
    );
  });

  it('lists the top 5 tools by calls, counts the rest and the failures', () => {
    expect(sectionText(blocks, 'kap_card_tools')).toBe('*Top tools*\n`Read` 41 · `Bash` 23 · `Edit` 17 · `Grep` 12 · `Glob` 5 · and 3 more\n:warning: 3 tool calls failed');
  });

  it('lists the first 5 files changed and counts the rest', () => {
    const files = sectionText(blocks, 'kap_card_files')!;
    expect(files.split('\n')).toEqual([
      '*Files changed (7)*',
      '• `src/refunds/rounding.ts`',
      '• `src/refunds/rounding.test.ts`',
      '• `src/refunds/index.ts`',
      '• `src/money/decimal.ts`',
      '• `docs/refunds.md`',
      '• and 2 more',
    ]);
  });

  it('quotes the last prompt with Slack’s control characters escaped and its code span kept as code', () => {
    expect(sectionText(blocks, 'kap_card_prompt')).toBe(
      '*Last prompt*\n> Refunds of 0.105 EUR round to 0.10 but the ledger says 0.11 — make `roundHalfEven` match the ledger and add tests for &lt;0.01 amounts &amp; negative refunds.',
    );
  });

  it('shows the PNG card with alt text carrying the figures', () => {
    const image = byId(blocks, 'kap_card_image');
    expect(image).toMatchObject({ type: 'image', image_url: 'https://kap.example/s/3f2b8c1e/card.png' });
    expect(image && 'alt_text' in image ? image.alt_text : '').toContain('acme/payments-api on fix/refund-rounding; waiting on permission: Bash since 3 min ago; 7 prompts, 58 turns, $2.48');
  });

  it('ends with Open session (a link), Recap, Evaluate and Continue (the session id as value)', () => {
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: 'kap_card_actions',
      elements: [
        { type: 'button', action_id: 'kap_open_session', text: { type: 'plain_text', text: 'Open session', emoji: true }, url: URL, style: 'primary' },
        { type: 'button', action_id: RECAP_ACTION_ID, text: { type: 'plain_text', text: 'Recap', emoji: true }, value: sampleSummary().sessionId },
        { type: 'button', action_id: EVALUATE_ACTION_ID, text: { type: 'plain_text', text: 'Evaluate', emoji: true }, value: sampleSummary().sessionId },
        { type: 'button', action_id: CONTINUE_ACTION_ID, text: { type: 'plain_text', text: 'Continue', emoji: true }, value: sampleSummary().sessionId },
      ],
    });
    expect([RECAP_ACTION_ID, EVALUATE_ACTION_ID, CONTINUE_ACTION_ID]).toEqual(['kap_recap', 'kap_evaluate', 'kap_continue']);
  });

  it('has a one-line fallback text for notifications', () => {
    expect(text).toBe('acme/payments-api (fix/refund-rounding): waiting on permission: Bash · 7 prompts · $2.48');
  });
});

describe('the session card in other states', () => {
  it('has no image block without an image URL', () => {
    expect(card(sampleSummary()).blocks.some((b) => b.type === 'image')).toBe(false);
  });

  it.each([
    ['running', null, ':large_green_circle: *running* since 3 min ago'],
    ['idle', null, ':white_circle: *idle* since 3 min ago'],
    ['ended', null, ':black_circle: *ended* 3 min ago'],
    ['waiting', 'Claude is waiting for your input', ':large_yellow_circle: *waiting: Claude is waiting for your input* since 3 min ago'],
  ] as const)('shows %s with what it waits on', (status, waitingFor, expected) => {
    const where = sectionText(card({ ...sampleSummary(), status, waitingFor }).blocks, 'kap_card_where');
    expect(where?.split('\n')[1]).toBe(expected);
  });

  it('falls back to the cwd folder and a generic title, and leaves out what a fresh session lacks', () => {
    const fresh = { ...initialSessionState('fresh-1').summary, cwd: '/home/dana/src/payments-api' };
    const { blocks } = card(fresh);
    expect(checkBlocks(blocks)).toEqual([]);
    expect(blocks[0]).toMatchObject({ text: { text: 'Claude Code session in payments-api' } });
    expect(sectionText(blocks, 'kap_card_where')).toBe(`*<${URL}|payments-api>*\n:white_circle: *idle*`);
    expect(blocks.map((b) => b.block_id)).toEqual(['kap_card_title', 'kap_card_where', 'kap_card_figures', 'kap_card_actions']);
    expect((byId(blocks, 'kap_card_figures') as SectionBlock).fields![3]!.text).toBe('*Cache hits*\n—');
  });

  it('leaves out the link and the url button when the session URL is over Slack’s 3000', () => {
    const { blocks } = buildSessionCard(sampleSummary(), { sessionUrl: `https://kap.example/${'x'.repeat(3000)}`, now: SAMPLE_NOW });
    expect(checkBlocks(blocks)).toEqual([]);
    expect(sectionText(blocks, 'kap_card_where')!.startsWith('*acme/payments-api*')).toBe(true);
    expect(blocks.at(-1)).toMatchObject({ elements: [{ action_id: 'kap_recap' }, { action_id: 'kap_evaluate' }, { action_id: 'kap_continue' }] });
  });
});

describe('the session card at the extremes', () => {
  const { blocks, text } = card(extremeSummary(), 'https://kap.example/card.png');
  const texts = allTexts(blocks);

  it('stays within every Slack limit', () => {
    expect(checkBlocks(blocks)).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('cuts long text visibly with an ellipsis', () => {
    expect((blocks[0] as { text: { text: string } }).text.text.endsWith(ELLIPSIS)).toBe(true);
    expect(sectionText(blocks, 'kap_card_prompt')!.endsWith(ELLIPSIS)).toBe(true);
    expect(sectionText(blocks, 'kap_card_where')).toContain(`${ELLIPSIS}>*`);
    expect(sectionText(blocks, 'kap_card_tools')).toContain('and 295 more');
    expect(sectionText(blocks, 'kap_card_tokens')).toContain('and 115 more models');
    expect(sectionText(blocks, 'kap_card_files')).toContain('*Files changed (5,000)*');
    expect(sectionText(blocks, 'kap_card_files')).toContain('and 4,995 more');
  });

  it('lets no mention, link or formatting from session text through mrkdwn', () => {
    for (const t of texts.filter((x) => x.type === 'mrkdwn')) {
      expect(t.text).not.toMatch(/<[!@#]/);
      expect(t.text).not.toContain('<https://evil');
      // Raw `<` and `>` are only Kap's own markup: its link `<url|label>` and the quote's leading `> `.
      const withoutMarkup = t.text.replace(new RegExp(`<${URL}\\|[^<>]*>`, 'g'), '').replace(/^> /gm, '');
      expect(withoutMarkup).not.toMatch(/[<>]/);
      // Formatting characters are the user's, shown as typed (Slack escapes only &, < and >): never look-alikes.
      expect(t.text).not.toMatch(/[\u02cb\u02cd\u2217\u223c]/);
    }
    expect(texts.some((t) => t.type === 'mrkdwn' && t.text.includes('*bold*'))).toBe(true);
    expect(text).not.toMatch(/<[!@#]/);
  });

  it('never splits an emoji or leaves a lone surrogate, and drops control characters', () => {
    for (const t of texts) {
      expect(t.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(t.text).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
    }
    expect(JSON.stringify(blocks)).toContain('👩‍👩‍👧‍👦');
  });

  it('keeps the card small whatever the input (a one-megabyte prompt, 5,000 files, 300 tools)', () => {
    expect(JSON.stringify(blocks).length).toBeLessThan(40_000);
  });
});

describe('files changed on the card', () => {
  it('are shown relative to the session’s cwd where inside it, as they are elsewhere', () => {
    const s: SessionSummary = { ...initialSessionState('f1').summary, cwd: '/agents/web/T1', filesChanged: ['/agents/web/T1/src/app.ts', '/etc/hosts', '/agents/web/T10/x.ts'] };
    const files = sectionText(card(s).blocks, 'kap_card_files')!;
    expect(files).toContain('• `src/app.ts`');
    expect(files).toContain('• `/etc/hosts`');
    expect(files).toContain('• `/agents/web/T10/x.ts`');
    expect(files).not.toContain('/agents/web/T1/src');
  });
});

describe('a session with a model the price table lacks', () => {
  it('says "price unknown" in the fallback text as in the Cost field, never $0.00', () => {
    const s: SessionSummary = { ...sampleSummary(), tokens: { 'claude-unreleased-9': { input: 10, output: 5, cacheRead: 0, cacheWrite: 0 } }, costUsd: 0, unpricedModels: ['claude-unreleased-9'] };
    const { text } = card(s);
    expect(text).toContain('price unknown');
    expect(text).not.toContain('$0.00');
  });
});

describe('the evaluation verdict on the card', () => {
  it('shows the one-line verdict above the buttons once the session was evaluated', () => {
    const evaluated = { ...sampleSummary(), evalVerdict: { pass: 5, warn: 0, fail: 1, needsModel: 7, source: 'rules' as const, model: null, coversRevision: 40, eventRevision: 41 } };
    const { blocks } = card(evaluated);
    expect(checkBlocks(blocks)).toEqual([]);
    expect(byId(blocks, 'kap_card_eval')).toEqual({ type: 'context', block_id: 'kap_card_eval', elements: [{ type: 'mrkdwn', text: '*Evaluation* :x: fail · 5 pass · 1 fail (rules, 7 need a model)' }] });
    expect(blocks.at(-2)?.block_id).toBe('kap_card_eval');
  });

  it('shows none for a summary stored before evaluations, or one whose counts are not numbers', () => {
    expect(byId(card(sampleSummary()).blocks, 'kap_card_eval')).toBeUndefined();
    const odd = { ...sampleSummary(), evalVerdict: { pass: 'many', warn: null, fail: -3, needsModel: 0, source: 'llm', model: null, coversRevision: 1, eventRevision: 2 } } as unknown as SessionSummary;
    expect(byId(card(odd).blocks, 'kap_card_eval')).toBeUndefined();
  });
});
