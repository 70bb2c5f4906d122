import { describe, expect, it } from 'vitest';
import { formatCheckLine, formatSummary, readable } from '../../src/report/console.js';
import type { CheckResult } from '../../src/results/model.js';
import {
  buildSampleResult,
  ERRORED_CHECK_ID,
  FAILED_CHECK_ID,
  FAILED_SHOULD_CHECK_ID,
  SKIP_REASON,
  SKIPPED_CHECK_ID,
} from '../support/sample-result.js';

const ESC = '\u001b';
const result = buildSampleResult();

function check(id: string): CheckResult {
  const found = result.checks.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no sample check ${id}`);
  return found;
}

describe('formatCheckLine', () => {
  it('shows mark, id and level of a passed check, and no message', () => {
    expect(formatCheckLine(check('discovery.service-provider-config'), false)).toBe('✓ discovery.service-provider-config [MUST]');
  });

  it('shows the note of a passed check that has one', () => {
    const noted = { ...check('discovery.service-provider-config'), message: 'largest body sent: 1048577 bytes' };
    expect(formatCheckLine(noted, false)).toBe('✓ discovery.service-provider-config [MUST] — largest body sent: 1048577 bytes');
  });

  it('adds the first line of the message of a failed, skipped or errored check', () => {
    expect(formatCheckLine(check(FAILED_SHOULD_CHECK_ID), false)).toBe(
      `✗ ${FAILED_SHOULD_CHECK_ID} [SHOULD] — expected scimType invalidFilter`,
    );
    expect(formatCheckLine(check(SKIPPED_CHECK_ID), false)).toBe(`↓ ${SKIPPED_CHECK_ID} [MUST] — ${SKIP_REASON}`);
    expect(formatCheckLine(check(ERRORED_CHECK_ID), false)).toMatch(/^! patch\.remove-member \[MUST\] — connection reset/);
  });

  it('never cuts a message short, and shows the URLs it quotes decoded', () => {
    const long = { ...check(FAILED_CHECK_ID), message: `GET /Users?filter=userName%20eq%20%22a%C3%A9%22 answered 200 ${'x'.repeat(500)}\nsecond line` };
    expect(formatCheckLine(long, false)).toBe(`✗ ${FAILED_CHECK_ID} [MUST] — GET /Users?filter=userName eq "aé" answered 200 ${'x'.repeat(500)}`);
    const summary = formatSummary({ ...result, checks: result.checks.map((candidate) => (candidate.id === FAILED_CHECK_ID ? long : candidate)) }, undefined, false);
    expect(summary).toContain(`      GET /Users?filter=userName eq "aé" answered 200 ${'x'.repeat(500)}\n      second line\n`);
  });

  it('leaves a percent sign that starts no valid escape as it is', () => {
    expect(readable('100% sure, %E0%A4 cut')).toBe('100% sure, %E0%A4 cut');
  });

  it('uses ANSI colour only when asked', () => {
    for (const candidate of result.checks) expect(formatCheckLine(candidate, false)).not.toContain(ESC);
    expect(formatCheckLine(check(FAILED_CHECK_ID), true)).toContain(`${ESC}[31m✗${ESC}[0m`);
  });
});

describe('formatSummary', () => {
  const files = { junit: '/out/junit.xml', html: '/out/report.html', json: '/out/results.json', har: '/out/exchanges.har' };
  const text = formatSummary(result, files, false);

  it('gives the counts, the seed and where the reports are', () => {
    expect(text).toContain('2 passed, 2 failed, 1 skipped, 1 errored in 7.3 s');
    expect(text).toContain('Seed: 424242');
    for (const path of Object.values(files)) expect(text).toContain(path);
    expect(formatSummary(result, undefined, false)).not.toContain('Reports:');
  });

  it('lists the failures that block the gate with their requirement ids, and counts the SHOULD ones below it', () => {
    const section = text.slice(text.indexOf('Blocking failures (1):'));
    expect(section).toMatch(new RegExp(`^Blocking failures \\(1\\):\\n  ✗ ${FAILED_CHECK_ID.replace(/\./g, '\\.')}  P-3\\.4\\.2\\.4-4\\n`));
    expect(text).not.toMatch(new RegExp(`✗ ${FAILED_SHOULD_CHECK_ID.replace(/\./g, '\\.')}`));
    expect(text).toContain(`1 failing SHOULD/MAY check is in the reports, below the gate (--fail-on): ${FAILED_SHOULD_CHECK_ID}`);
  });

  it('says once why many checks did not run, and why checks were skipped, grouped by reason', () => {
    const notRun = (id: string): CheckResult => ({ ...check(ERRORED_CHECK_ID), id, message: 'the check did not run: the run was stopped by SIGTERM', exchanges: [] });
    const skippedAs = (id: string, message: string): CheckResult => ({ ...check(SKIPPED_CHECK_ID), id, message });
    const stopped = formatSummary({
      ...result,
      checks: [
        ...result.checks, notRun('a.one'), notRun('a.two'), notRun('a.three'),
        skippedAs('b.one', 'no bulk'), skippedAs('b.two', 'no bulk'),
      ],
    }, undefined, false);
    expect(stopped).toContain('  ! 3 checks: the check did not run: the run was stopped by SIGTERM\n      a.one, a.two, a.three\n');
    expect(stopped).toContain('Skipped, by reason (3):\n  ↓ b.one, b.two: no bulk\n');
    expect(stopped).toContain(`  ↓ ${SKIPPED_CHECK_ID}: ${SKIP_REASON}`);
  });

  it('ends with the gate, as the exit code decides it', () => {
    expect(text.split('\n').at(-1)).toBe('Gate failed: 2 blocking failures; 0 known; 1 SHOULD/MAY warning');
    const gated = formatSummary({ ...result, failOn: 'should' }, undefined, false);
    expect(gated).toContain(`Blocking failures (2):\n  ✗ ${FAILED_CHECK_ID}`);
    expect(gated.split('\n').at(-1)).toBe('Gate failed: 3 blocking failures; 0 known; 0 MAY warnings');
    const stopped = formatSummary({ ...result, exitCode: 143 }, undefined, false);
    expect(stopped.split('\n').at(-1)).toBe('Gate not decided: the run was stopped (exit code 143)');
  });

  it('says how the run was throttled, and nothing when it was neither limited nor made to wait', () => {
    expect(text).toContain('\nThrottling: limited to 5 requests/s; 3 retries after 429/503, 2.5 s waiting\n');
    const unthrottled = { ...result, throttling: { retries: 0, waitMs: 0 } };
    expect(formatSummary(unthrottled, undefined, false)).not.toContain('Throttling');
    const waited = { ...result, throttling: { retries: 1, waitMs: 800 } };
    expect(formatSummary(waited, undefined, false)).toContain('Throttling: no limits; 1 retry after 429/503, 800 ms waiting');
  });

  it('lists errored checks and run errors', () => {
    expect(text).toContain(`! ${ERRORED_CHECK_ID}  P-3.5.2.2-3`);
    const withErrors = { ...result, runErrors: ['suites/bulk.ts failed to load'] };
    expect(formatSummary(withErrors, undefined, false)).toContain('Run errors (1):\n  suites/bulk.ts failed to load');
  });

  it('repeats each warning under the counts', () => {
    const warned = formatSummary({ ...result, run: { insecure: true, warnings: ['TLS certificate verification is off (--insecure): the identity of the target was not checked'] } }, undefined, false);
    expect(warned.split('\n').slice(1, 3)).toEqual(['2 passed, 2 failed, 1 skipped, 1 errored in 7.3 s', `Warning: ${'TLS certificate verification is off (--insecure): the identity of the target was not checked'}`]);
    expect(text).not.toContain('Warning:');
  });

  it('says nothing of failures when there are none', () => {
    const clean = { ...result, checks: result.checks.filter((candidate) => candidate.status === 'passed') };
    expect(formatSummary(clean, undefined, false)).not.toMatch(/Failing|Errored/);
  });

  it('uses ANSI colour only when asked', () => {
    expect(text).not.toContain(ESC);
    expect(formatSummary(result, files, true)).toContain(`${ESC}[31m2 failed${ESC}[0m`);
  });
});
