/** The page's evaluation section: escaped, evidence as links to the page's own anchors. */
import { describe, expect, it } from 'vitest';
import { rulesEvalRecord } from '../../evals/rulesJudge.js';
import type { EvalRecord } from '../../evals/sessionEval.js';
import { failingVitestSession } from '../../test/support/recapFixtures.js';
import { renderEvalSection } from './evalSection.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');

describe('evaluation section', () => {
  it('renders each group with verdicts, needs-a-model answers and evidence links to #tool- and #turn- anchors', () => {
    const html = renderEvalSection(rulesEvalRecord(failingVitestSession(), NOW));
    expect(html.startsWith('<section id="evaluation" class="kap-eval">')).toBe(true);
    for (const heading of ['Safety', 'Plan adherence', 'Quality', 'Efficiency']) expect(html).toContain(`<h3>${heading}</h3>`);
    expect(html).toMatch(/<a href="#tool-toolu_fixture_\d+">tool-toolu_fixture_\d+<\/a>/);
    expect(html).toContain('<em>needs a model</em>');
    expect(html).toContain('<p class="kap-eval-overall kap-eval-fail"><strong>fail</strong>');
    expect(html).toContain('2026-12-02 10:00 UTC');
  });

  it('escapes every text of the record and links only well-formed anchors', () => {
    const record: EvalRecord = rulesEvalRecord(failingVitestSession(), NOW);
    const evil = '<img src=x onerror=alert(1)>"\'&';
    record.source = 'llm';
    record.model = evil;
    record.answers[0] = { ...record.answers[0]!, finding: evil, recommendation: evil, evidence: ['turn-3', '"><script>alert(1)</script>'] };
    const html = renderEvalSection(record);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).toContain('<a href="#turn-3">turn-3</a>');
    expect(html).toContain('<code>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>');
  });

  it('says when the session moved on since the evaluation', () => {
    const record = rulesEvalRecord(failingVitestSession(), NOW);
    expect(renderEvalSection(record, { activityRevision: 42 })).not.toContain('moved on');
    expect(renderEvalSection(record, { activityRevision: 50 })).toContain('The session has moved on since (event 50)');
  });
});
