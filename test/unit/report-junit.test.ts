import { beforeAll, describe, expect, it } from 'vitest';
import { stripForbiddenXmlChars, toJunitXml } from '../../src/report/junit.js';
import type { CheckResult, RunResult } from '../../src/results/model.js';
import {
  buildSampleResult,
  CDATA_END,
  EMOJI,
  ERRORED_CHECK_ID,
  FAILED_CHECK_ID,
  FAILED_EVIDENCE_URL,
  FAILED_SHOULD_CHECK_ID,
  HOSTILE_MARKUP,
  LARGE_BODY,
  sampleExchange,
  SKIP_REASON,
  SKIPPED_CHECK_ID,
} from '../support/sample-result.js';
import { childElements, descendants, parseXml, textContent, type XmlElement } from '../support/xml.js';

function testcase(root: XmlElement, id: string): XmlElement {
  const found = descendants(root, 'testcase').filter((element) => element.attributes.name === id);
  expect(found).toHaveLength(1);
  return found[0] as XmlElement;
}

function properties(element: XmlElement): Record<string, string | undefined> {
  return Object.fromEntries(descendants(element, 'property').map((property) => [property.attributes.name, property.attributes.value]));
}

function only(element: XmlElement, name: string): XmlElement {
  const found = childElements(element, name);
  expect(found).toHaveLength(1);
  return found[0] as XmlElement;
}

describe('toJunitXml', () => {
  const result = buildSampleResult();
  let root: XmlElement;
  beforeAll(() => {
    root = parseXml(toJunitXml(result));
  });

  it('is well-formed XML even with hostile bodies', () => {
    expect(() => parseXml(toJunitXml(result))).not.toThrow();
    expect(root.name).toBe('testsuites');
  });

  it('has one testsuite per area, in catalogue order, each with its counts', () => {
    const suites = childElements(root, 'testsuite');
    expect(suites.map((suite) => suite.attributes.name)).toEqual(['discovery', 'filter', 'pagination', 'patch', 'bulk']);
    const pagination = suites[2] as XmlElement;
    expect(pagination.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    // The SHOULD failure is below the gate: skipped, as the exit code treats it.
    expect(root.attributes).toMatchObject({ tests: '6', failures: '1', errors: '1', skipped: '2' });
  });

  it('gives every testsuite the verdict, the insecure property, and each warning', () => {
    const GATE = [
      { name: 'verdict', value: 'fail' },
      { name: 'exitCode', value: '1' },
      { name: 'gate', value: 'Gate failed: 2 blocking failures; 0 known; 1 SHOULD/MAY warning' },
    ];
    for (const suite of childElements(root, 'testsuite')) {
      expect(childElements(only(suite, 'properties'), 'property').map((property) => property.attributes)).toEqual([...GATE, { name: 'insecure', value: 'false' }]);
    }
    const insecure = parseXml(toJunitXml({ ...buildSampleResult(), run: { insecure: true, warnings: ['TLS certificate verification is off (--insecure): the identity of the target was not checked'] } }));
    for (const suite of childElements(insecure, 'testsuite')) {
      expect(childElements(only(suite, 'properties'), 'property').map((property) => property.attributes)).toEqual([
        ...GATE,
        { name: 'insecure', value: 'true' },
        { name: 'warning', value: 'TLS certificate verification is off (--insecure): the identity of the target was not checked' },
      ]);
    }
  });

  it('has one testcase per check with classname, time and properties', () => {
    const cases = descendants(root, 'testcase');
    expect(cases.map((element) => element.attributes.name).sort()).toEqual(result.checks.map((check) => check.id).sort());
    for (const check of result.checks) {
      const element = testcase(root, check.id);
      expect(element.attributes.classname).toBe(`scimprobe.${check.area}`);
      expect(Number(element.attributes.time)).toBeCloseTo(check.durationMs / 1000, 6);
      const gate = check.id === FAILED_SHOULD_CHECK_ID ? { gate: 'warning' } : {};
      expect(properties(element)).toEqual({ level: check.level, requirements: check.requirements.join(','), ...gate });
    }
  });

  it('puts the message and every exchange of a failed check in its failure', () => {
    const check = result.checks.find((candidate) => candidate.id === FAILED_CHECK_ID) as CheckResult;
    const failure = only(testcase(root, FAILED_CHECK_ID), 'failure');
    expect(failure.attributes.message).toBe(check.message);
    const text = textContent(failure);
    expect(text.startsWith(`${check.message}\n\n`)).toBe(true);
    expect(text).toContain(`POST ${check.exchanges[0]?.request.url}\n`);
    expect(text).toContain('"userName":"sp-run-7-a"');
    expect(text).toContain('→ 201 Created\n');
    expect(text).toContain(`GET ${FAILED_EVIDENCE_URL}\naccept: application/scim+json\n`);
    expect(text).toContain('→ 400 Bad Request\ncontent-type: application/scim+json; charset=utf-8\n');
  });

  it('keeps every "]]>" and the markup of a body, and strips only what XML forbids', () => {
    const text = textContent(only(testcase(root, FAILED_CHECK_ID), 'failure'));
    expect(text).toContain(`bad ${HOSTILE_MARKUP} ${CDATA_END} and again ${CDATA_END} nul esc bell ${EMOJI} lone end`);
  });

  it('cuts bodies at 4 KiB', () => {
    expect(LARGE_BODY.length).toBeGreaterThan(4096);
    const text = textContent(only(testcase(root, FAILED_SHOULD_CHECK_ID), 'system-out'));
    expect(text).toContain(LARGE_BODY.slice(0, 4000));
    expect(text).not.toContain(LARGE_BODY);
    expect(text).toContain(`(truncated: ${LARGE_BODY.length} bytes in all)`);
  });

  it('reports an errored check as an error holding the exchange that got no response', () => {
    const element = testcase(root, ERRORED_CHECK_ID);
    expect(childElements(element, 'failure')).toHaveLength(0);
    const error = only(element, 'error');
    expect(error.attributes.message).toContain('ECONNRESET');
    expect(textContent(error)).toContain('PATCH https://scim.example.test/scim/v2/Groups/g-1\n');
    expect(textContent(error)).toContain('→ no response: read ECONNRESET');
  });

  it('gives a skipped check its reason and no failure', () => {
    const element = testcase(root, SKIPPED_CHECK_ID);
    expect(only(element, 'skipped').attributes.message).toBe(SKIP_REASON);
    expect(childElements(element, 'failure')).toHaveLength(0);
  });

  it('leaves a passed check with no failure, error or skipped element', () => {
    const element = testcase(root, 'discovery.service-provider-config');
    expect(childElements(element).map((child) => child.name)).toEqual(['properties']);
  });

  it('puts the note of a passed check in its system-out', () => {
    const noted = buildSampleResult();
    const passed = noted.checks.find((check) => check.id === 'discovery.service-provider-config') as CheckResult;
    passed.message = 'largest body sent: 1048577 bytes <limit>';
    const element = testcase(parseXml(toJunitXml(noted)), 'discovery.service-provider-config');
    expect(childElements(element).map((child) => child.name)).toEqual(['properties', 'system-out']);
    expect(textContent(only(element, 'system-out'))).toBe('largest body sent: 1048577 bytes <limit>');
  });

  it('is not confused by bodies and reasons that look like its own markup', () => {
    const hostile = buildSampleResult();
    const skipped = hostile.checks.find((check) => check.id === SKIPPED_CHECK_ID) as CheckResult;
    skipped.message = 'reason with <skipped/> and "quotes"\nand a second line';
    const failed = hostile.checks.find((check) => check.id === FAILED_CHECK_ID) as CheckResult;
    failed.exchanges.push(
      sampleExchange({
        startedAt: '2025-03-04T10:00:02.600Z',
        method: 'GET',
        url: `${hostile.target.url}/Users`,
        status: 200,
        responseBody: '<skipped/><![CDATA[scimprobe-text-0-0]]></failure>',
      }),
    );
    const parsed = parseXml(toJunitXml(hostile));
    // The skipped check and the SHOULD failure below the gate.
    expect(descendants(parsed, 'skipped')).toHaveLength(2);
    expect(only(testcase(parsed, SKIPPED_CHECK_ID), 'skipped').attributes.message).toBe(
      // Line breaks are kept as references, which a parser reads back as line breaks, not spaces.
      'reason with <skipped/> and "quotes"\nand a second line',
    );
    expect(textContent(only(testcase(parsed, FAILED_CHECK_ID), 'failure'))).toContain('<skipped/><![CDATA[scimprobe-text-0-0]]></failure>');
  });

  it('stays well-formed when ids, messages and requirement ids carry forbidden characters', () => {
    const hostile: RunResult = buildSampleResult();
    for (const check of hostile.checks) {
      check.id = `${check.id}\u0001\uDC00`;
      check.title = `${check.title} \uFFFF`;
      check.message = `x\u0000${CDATA_END}\uD83D`;
      check.requirements = [...check.requirements, 'R\u000B'];
    }
    const parsed = parseXml(toJunitXml(hostile));
    expect(descendants(parsed, 'testcase')).toHaveLength(hostile.checks.length);
    expect(testcase(parsed, `${FAILED_CHECK_ID}`).attributes.name).toBe(FAILED_CHECK_ID);
    expect(only(testcase(parsed, FAILED_CHECK_ID), 'failure').attributes.message).toBe(`x${CDATA_END}`);
  });

  it('does not share state between runs', () => {
    toJunitXml(result);
    expect(descendants(parseXml(toJunitXml(result)), 'testcase')).toHaveLength(result.checks.length);
  });
});

describe('stripForbiddenXmlChars', () => {
  it('removes what XML 1.0 forbids and keeps the characters around it', () => {
    expect(stripForbiddenXmlChars('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg')).toBe('abcdefg');
    expect(stripForbiddenXmlChars('a\uD800b\uDC00c')).toBe('abc');
  });

  it('keeps tab, line breaks, non-ASCII text and surrogate pairs', () => {
    const text = `\t\n\r é 日本 ${EMOJI} \uE000 \uFFFD`;
    expect(stripForbiddenXmlChars(text)).toBe(text);
  });
});

describe('toJunitXml and the gate', () => {
  it('has a <failure> exactly for what fails the run: a SHOULD failure below the gate is skipped, with its evidence', () => {
    const element = testcase(parseXml(toJunitXml(buildSampleResult())), FAILED_SHOULD_CHECK_ID);
    expect(childElements(element).map((child) => child.name)).toEqual(['properties', 'skipped', 'system-out']);
    expect(only(element, 'skipped').attributes.message).toMatch(/^SHOULD finding below the gate \(--fail-on must\): /);
    expect(textContent(only(element, 'system-out'))).toContain('(truncated:');
  });

  it('makes the SHOULD failure a <failure> under --fail-on should', () => {
    const gated = parseXml(toJunitXml({ ...buildSampleResult(), failOn: 'should' }));
    expect(only(testcase(gated, FAILED_SHOULD_CHECK_ID), 'failure').attributes.message).toBeTruthy();
    expect(gated.attributes).toMatchObject({ failures: '2', skipped: '1' });
  });

  it('reports a failure the baseline accepts as a known deviation, not a <failure>', () => {
    const sample = buildSampleResult();
    const known = parseXml(toJunitXml({ ...sample, baseline: { file: 'known.yaml', known: [FAILED_CHECK_ID], new: [], expired: [], fixed: [] } }));
    const element = testcase(known, FAILED_CHECK_ID);
    expect(childElements(element, 'failure')).toHaveLength(0);
    expect(only(element, 'skipped').attributes.message).toMatch(/^known deviation \(baseline\): /);
    expect(properties(element)).toMatchObject({ baseline: 'known', gate: 'known' });
  });
});

describe('toJunitXml on a consequence', () => {
  it('reports it as skipped, naming its root, so the file agrees with the exit code', () => {
    const sample = buildSampleResult();
    const root = sample.checks.find((check) => check.id === FAILED_CHECK_ID) as CheckResult;
    const consequence: CheckResult = { ...root, id: 'pagination.walk-all-pages', consequenceOf: FAILED_CHECK_ID, message: 'the same wrong page' };
    const element = testcase(parseXml(toJunitXml({ ...sample, checks: [...sample.checks, consequence] })), 'pagination.walk-all-pages');
    expect(childElements(element).map((child) => child.name)).toEqual(['properties', 'skipped']);
    expect(properties(element).consequenceOf).toBe(FAILED_CHECK_ID);
    expect(only(element, 'skipped').attributes.message).toBe(`consequence of ${FAILED_CHECK_ID}: the same wrong page`);
  });
});
