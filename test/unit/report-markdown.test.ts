import { describe, expect, it } from 'vitest';
import { toStepSummary } from '../../src/report/markdown.js';
import { buildSampleResult, ERRORED_CHECK_ID, FAILED_CHECK_ID, FAILED_SHOULD_CHECK_ID } from '../support/sample-result.js';

describe('toStepSummary', () => {
  const text = toStepSummary(buildSampleResult());

  it('heads the job summary with the gate, the target and the exit code', () => {
    const [heading, , target] = text.split('\n');
    expect(heading).toBe('## scimprobe: Gate failed: 2 blocking failures; 0 known; 1 SHOULD/MAY warning');
    expect(target).toBe('Target `https://scim.example.test/scim/v2` · seed 424242 · exit code 1');
  });

  it('counts by area, and lists the findings blocking first, each requirement linked to its RFC section', () => {
    expect(text).toContain('| area | passed | failed | skipped | errored |\n|---|---:|---:|---:|---:|\n| discovery |');
    const findings = text.slice(text.indexOf('### Findings')).split('\n').filter((line) => line.startsWith('- '));
    expect(findings.map((line) => /`([^`]+)`/.exec(line)?.[1])).toEqual([FAILED_CHECK_ID, ERRORED_CHECK_ID, FAILED_SHOULD_CHECK_ID]);
    expect(findings[0]).toMatch(/^- \*\*blocking\*\* `pagination\.start-index-below-one` \(MUST\): .* · \[`P-3\.4\.2\.4-4`\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc7644#section-3\.4\.2\.4\)/);
    expect(findings[2]).toMatch(/^- \*\*below the gate\*\* /);
  });

  it('shows markup in a message as text', () => {
    const hostile = buildSampleResult();
    const failed = hostile.checks.find((check) => check.id === FAILED_CHECK_ID);
    if (failed !== undefined) failed.message = 'a <img src=x> with `code` and | pipes *stars*';
    expect(toStepSummary(hostile)).toContain('a &lt;img src=x&gt; with \\`code\\` and \\| pipes \\*stars\\*');
  });
});
