import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rfcLink } from '../../src/checks/requirements.js';
import { escapeHtml, toHtml } from '../../src/report/html.js';
import type { CheckResult, RunResult } from '../../src/results/model.js';
import {
  buildSampleResult, ERRORED_CHECK_ID, FAILED_CHECK_ID, FAILED_EVIDENCE_URL, FAILED_SHOULD_CHECK_ID, HOSTILE_MARKUP, sampleExchange, SKIPPED_CHECK_ID,
} from '../support/sample-result.js';

/** The opening tag of the element carrying that attribute, and everything after it. */
function from(html: string, marker: string): string {
  const at = html.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  return html.slice(at);
}

function areaSection(html: string, area: string): string {
  const section = from(html, `<section class="area" id="area-${area}"`);
  return section.slice(0, section.indexOf('</section>'));
}

describe('toHtml', () => {
  const result: RunResult = buildSampleResult();
  result.runErrors = [`hook crashed: ${HOSTILE_MARKUP}`];
  const html = toHtml(result);

  it('escapes every hostile string taken from the model', () => {
    expect(html).not.toContain(HOSTILE_MARKUP);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('expected 200 with startIndex 1, got 400 &lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('shows control characters as visible symbols and drops nothing else', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(html).toContain('nul␀ esc␛ bell␇ 🧪 lone\uFFFD end');
  });

  it('escapes attribute values too', () => {
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
    const hostile = buildSampleResult();
    const check = hostile.checks[0];
    if (check === undefined) throw new Error('the sample has checks');
    check.id = 'x" onmouseover="alert(1)';
    expect(toHtml(hostile)).toContain('data-check-id="x&quot; onmouseover=&quot;alert(1)"');
  });

  it('refers to nothing outside the file', () => {
    // Text from the model is escaped, so every "<" left in the page opens a real tag.
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    for (const tag of tags) {
      expect(tag).not.toMatch(/^<(link|iframe|object|embed|img|base)\b/i);
      // The page's one script is inline, with no attribute; the form only filters the page.
      if (/^<script\b/i.test(tag)) expect(tag).toBe('<script>');
      expect(tag).not.toMatch(/\s(src|srcset|action|style|on[a-z]+)\s*=/i);
      // Links lead within the page, or to the RFC Editor's text of a cited section (followed only when clicked).
      const href = /\shref="([^"]*)"/.exec(tag);
      if (href !== null) expect(href[1], tag).toMatch(/^(#|https:\/\/www\.rfc-editor\.org\/rfc\/rfc76(43|44)(#section-[0-9.]+)?$)/);
    }
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).not.toMatch(/url\(|@import/i);
    // Only the page's own script may run: the policy names its hash, and nothing else.
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0] ?? '').digest('base64');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'">`);
  });

  it('shows the header fields', () => {
    expect(html).toContain(`<dd data-field="target"><span class="mono">${result.target.url}</span></dd>`);
    expect(html).toContain('<dd data-field="tool">scimprobe 0.1.0</dd>');
    expect(html).toContain('<dd data-field="seed">424242</dd>');
    expect(html).toContain('2025-03-04T10:00:00.000Z');
    expect(html).toContain('<dd data-field="duration">7.3 s</dd>');
  });

  it('shows the summary counts under stable data attributes', () => {
    for (const [status, count] of Object.entries(result.summary)) {
      expect(html).toContain(`<span class="count" data-count="${status}">${count}</span>`);
    }
  });

  it('tabulates counts by area and by level', () => {
    const paginationRow = from(html, '<tr data-area="pagination">');
    expect(paginationRow.slice(0, paginationRow.indexOf('</tr>'))).toMatch(
      /data-status="passed">1<.*data-status="failed">1<.*data-status="skipped">0<.*data-status="errored">0<.*data-status="total">2</,
    );
    const mustRow = from(html, '<tr data-level="MUST">');
    expect(mustRow.slice(0, mustRow.indexOf('</tr>'))).toMatch(
      /data-status="passed">2<.*data-status="failed">1<.*data-status="skipped">1<.*data-status="errored">1<.*data-status="total">5</,
    );
    expect(html).toContain('<tr data-level="SHOULD">');
  });

  it('puts failing checks first within an area, open, with their exchanges open', () => {
    const pagination = areaSection(html, 'pagination');
    expect(pagination.indexOf(FAILED_CHECK_ID)).toBeLessThan(pagination.indexOf('pagination.count-zero'));
    expect(pagination).toMatch(new RegExp(`<details class="check" data-check-id="${FAILED_CHECK_ID.replace(/\./g, '\\.')}" data-status="failed" [^>]* open>`));
    expect(pagination).toMatch(/<details class="check" data-check-id="pagination\.count-zero" data-status="passed" data-level="MUST" data-area="pagination" data-requirements="[^"]*">/);
    const failing = from(pagination, `data-check-id="${FAILED_CHECK_ID}"`);
    expect(failing).toMatch(/<details class="exchange" open data-seq="\d+">/);
    expect(failing).toContain(`<span class="url">${escapeHtml(FAILED_EVIDENCE_URL)}</span>`);
    expect(failing).toContain('data-http-status="400">400 Bad Request</span>');
  });

  it('pretty-prints JSON bodies and shows others as they are, escaping in text only what HTML needs', () => {
    expect(html).toContain('{\n  "id": "u-1",\n  "userName": "sp-run-7-a"\n}');
    expect(html).toContain('{"status":"400","detail":"bad ');
  });

  it('shows a passing check\'s first and last exchanges, closed, and counts the ones left out', () => {
    const sample = buildSampleResult();
    const passed = sample.checks.find((check) => check.status === 'passed') as CheckResult;
    passed.exchanges = Array.from({ length: 20 }, (_, index) =>
      sampleExchange({ startedAt: '2025-03-04T10:00:01.000Z', method: 'GET', url: `${sample.target.url}/Users/u-${index}`, status: 200 }));
    const page = toHtml(sample);
    const block = page.slice(page.indexOf(`data-check-id="${passed.id}"`), page.indexOf('</details>\n</div>\n</details>', page.indexOf(`data-check-id="${passed.id}"`)));
    for (const shown of [0, 1, 19]) expect(block).toContain(`/Users/u-${shown}</span>`);
    for (const left of [2, 10, 18]) expect(block).not.toContain(`/Users/u-${left}</span>`);
    expect(block).toContain('<p class="none" data-exchanges-left-out="17">17 more exchanges, left out here: exchanges.har holds every one.</p>');
    expect(block).not.toContain('<details class="exchange" open');
  });

  it('shows the requirement ids and the reason of a skipped check', () => {
    expect(html).toContain('<code>P-3.4.2.2-9</code> <code>vendor:okta</code>');
    const skipped = from(html, `data-check-id="${SKIPPED_CHECK_ID}"`);
    expect(skipped).toMatch(/^[^>]*data-status="skipped"[^>]*>/);
    expect(skipped).toContain('<span class="reason">bulk is not advertised');
  });

  it('shows run errors prominently, and only when there are some', () => {
    expect(html).toContain('<section class="run-errors" role="alert">');
    expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('data-count="passed"'));
    expect(html).toContain('hook crashed: &lt;/script&gt;');
    expect(toHtml(buildSampleResult())).not.toContain('role="alert"');
  });

  it('states skipped certificate verification and the warnings at the top, and only when there are some', () => {
    const insecure = toHtml({ ...buildSampleResult(), run: { insecure: true, warnings: ['plain http to <scim.example.com>'] } });
    expect(insecure).toContain('<dd data-field="tls-verification">off (--insecure)</dd>');
    const warnings = from(insecure, '<section class="warnings" role="alert" data-field="warnings">');
    expect(warnings.slice(0, warnings.indexOf('</section>'))).toContain('<li>plain http to &lt;scim.example.com&gt;</li>');
    expect(insecure.indexOf('data-field="warnings"')).toBeLessThan(insecure.indexOf('data-count="passed"'));
    expect(html).not.toContain('data-field="tls-verification"');
    expect(html).not.toContain('data-field="warnings"');
  });

  it('lists set-up exchanges apart from the checks', () => {
    expect(html).toContain('2 exchanges outside any check');
    expect(html).toContain('<strong>DELETE</strong> <span class="url">https://scim.example.test/scim/v2/Users/u-0</span>');
  });
});

describe('the findings section', () => {
  it('lists the root findings first, blocking before those below the gate, each with its requirements and a link to the RFC section', () => {
    const html = toHtml(buildSampleResult());
    const section = html.slice(html.indexOf('<section class="findings"'), html.indexOf('</section>', html.indexOf('<section class="findings"')));
    expect(html.indexOf('<section class="findings"')).toBeLessThan(html.indexOf('<section class="area"'));
    const order = [...section.matchAll(/data-gate="(\w+)" data-finding="([^"]+)"/g)].map((match) => `${match[1]} ${match[2]}`);
    expect(order).toEqual([`blocking ${FAILED_CHECK_ID}`, `blocking ${ERRORED_CHECK_ID}`, `warning ${FAILED_SHOULD_CHECK_ID}`]);
    expect(section).toContain('<code>P-3.4.2.4-4</code>');
    expect(section).toContain('href="https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.4"');
  });

  it('links each requirement to its RFC section', () => {
    expect(rfcLink('7644 §3.4.2.4 Table 6')).toBe('https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.4');
    expect(rfcLink('7643 §§5,6,7')).toBe('https://www.rfc-editor.org/rfc/rfc7643#section-5');
    expect(rfcLink('7644 Table 9 (invalidFilter)')).toBe('https://www.rfc-editor.org/rfc/rfc7644');
    expect(rfcLink('RFC 9110 §15.5.6')).toBeUndefined();
  });
});

describe('the verdict banner', () => {
  it('states the gate first, as the exit code decides it', () => {
    const html = toHtml(buildSampleResult());
    const main = html.slice(html.indexOf('<main>'));
    expect(main.indexOf('<section class="verdict fail"')).toBeLessThan(main.indexOf('<section class="summary"'));
    expect(html).toContain('data-verdict="fail" data-exit-code="1"><strong>Gate failed: 2 blocking failures; 0 known; 1 SHOULD/MAY warning</strong>');
    const passed = toHtml({ ...buildSampleResult(), exitCode: 0, checks: [], runErrors: [] });
    expect(passed).toContain('<section class="verdict pass" role="status" data-verdict="pass" data-exit-code="0"><strong>Gate passed: 0 blocking failures; 0 known; 0 SHOULD/MAY warnings</strong>');
  });
});

describe('the capabilities section', () => {
  it('tabulates each feature as advertised, observed and used, and marks where the answers part from the advertisement', () => {
    const html = toHtml(buildSampleResult());
    const section = html.slice(html.indexOf('<section class="capabilities">'), html.indexOf('</section>', html.indexOf('<section class="capabilities">')));
    expect(section).toContain('1 not as advertised');
    expect(section).toContain('<details open>');
    expect(section).toContain('<tr data-feature="filter: operator sw" class="capability-mismatch"><th scope="row" class="mono">filter: operator sw</th><td>yes</td><td>not served</td><td class="zero">0</td></tr>');
    expect(section).toContain('<tr data-feature="filter"><th scope="row" class="mono">filter</th><td>yes</td><td>served</td><td class="">12</td></tr>');
    expect(section).toContain('<tr data-feature=".search"><th scope="row" class="mono">.search</th><td><span class="none">not in /ServiceProviderConfig</span></td><td>served</td>');
  });

  it('is left out of a run that recorded no capabilities', () => {
    expect(toHtml({ ...buildSampleResult(), capabilityMatrix: [] })).not.toContain('<section class="capabilities">');
  });
});

describe('the requirements section', () => {
  it("gives each cited requirement the run's verdict: broken, upheld or not judged with the reason", () => {
    const html = toHtml(buildSampleResult());
    // P-3.4.2.4-4 is cited by the failing check, P-4-1 by a passing one, P-3.7.4-1 only by a skipped one.
    expect(html).toMatch(/<tr data-requirement-status="broken"><td class="mono">P-3\.4\.2\.4-4<\/td>/);
    expect(html).toMatch(/<tr data-requirement-status="upheld"><td class="mono">P-4-1<\/td>/);
    expect(html).toMatch(/<tr data-requirement-status="not judged"><td class="mono">P-3\.7\.4-1<\/td>[\s\S]*?class="reason">[^<]+/);
    expect(html).not.toContain('data-requirement-status="broken"><td class="mono">vendor:okta');
    expect(html).toMatch(/of the 316 requirements scimprobe knows are cited by no check of this run/);
  });
});

describe('toHtml on a run with learned rules and a consequence', () => {
  const sample = buildSampleResult();
  const consequence = { ...sample.checks.find((check) => check.id === FAILED_CHECK_ID)!, id: 'pagination.walk-all-pages', consequenceOf: FAILED_CHECK_ID };
  const html = toHtml({ ...sample, checks: [...sample.checks, consequence], summary: { ...sample.summary, consequences: 1 } });

  it('states what the run learned of the tenant in the header', () => {
    expect(from(html, 'data-field="tenant-rules"')).toMatch(/^data-field="tenant-rules">the target requires of a new User: an e-mail address as userName</);
  });

  it('counts the consequences apart, and links each to its root, closed', () => {
    expect(html).toContain('<span class="count" data-count="consequences">1</span>');
    const block = from(html, 'data-check-id="pagination.walk-all-pages"');
    expect(block).toMatch(/^data-check-id="pagination\.walk-all-pages" data-status="failed" [^>]*data-consequence-of="pagination\.start-index-below-one">/);
    expect(block).toContain(`A consequence of <a href="#check-${FAILED_CHECK_ID}">`);
    expect(html).toContain(`<code class="id" id="check-${FAILED_CHECK_ID}">`);
  });
});
