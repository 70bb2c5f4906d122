import { describe, expect, it } from 'vitest';
import { toResultsJson } from '../../src/report/json.js';
import type { CheckResult, RunResult } from '../../src/results/model.js';
import { buildSampleResult, ERRORED_CHECK_ID, FAILED_CHECK_ID, FAILED_SHOULD_CHECK_ID, HOSTILE_BODY, SKIP_REASON, SKIPPED_CHECK_ID } from '../support/sample-result.js';

type JsonRecord = Record<string, unknown>;

function parse(result: RunResult): JsonRecord {
  return JSON.parse(toResultsJson(result)) as JsonRecord;
}

function checksOf(json: JsonRecord): JsonRecord[] {
  return json.checks as JsonRecord[];
}

function checkById(json: JsonRecord, id: string): JsonRecord {
  const found = checksOf(json).find((check) => check.id === id);
  expect(found).toBeDefined();
  return found as JsonRecord;
}

describe('toResultsJson', () => {
  const result = buildSampleResult();
  const json = parse(result);

  it('has the documented top-level names, in order, and no runErrors when there were none', () => {
    expect(Object.keys(json)).toEqual(['tool', 'target', 'seed', 'tenantRules', 'capabilityMatrix', 'run', 'startedAt', 'durationMs', 'verdict', 'exitCode', 'gate', 'summary', 'checks', 'throttling']);
    expect(json.tenantRules).toEqual([{ resourceType: 'User', requires: ['an e-mail address as userName'], template: { userName: '{name}@example.com' } }]);
    expect(json.run).toEqual({ insecure: false, warnings: [] });
    expect(json).toMatchObject({ verdict: 'fail', exitCode: 1 });
    expect(json.gate).toEqual({
      failOn: 'must',
      summary: 'Gate failed: 2 blocking failures; 0 known; 1 SHOULD/MAY warning',
      blocking: [FAILED_CHECK_ID, ERRORED_CHECK_ID],
      known: [],
      warnings: [FAILED_SHOULD_CHECK_ID],
    });
    expect(json.capabilityMatrix).toContainEqual({ feature: 'filter: operator sw', advertised: true, observed: 'not served', used: 0 });
    expect(json.tool).toEqual({ name: 'scimprobe', version: '0.1.0' });
    expect(json.target).toEqual({ url: result.target.url, capabilities: result.target.capabilities });
    expect(json.seed).toBe(424242);
    expect(json.startedAt).toBe('2025-03-04T10:00:00.000Z');
    expect(json.durationMs).toBe(7250);
    expect(Object.keys(json.summary as JsonRecord)).toEqual(['passed', 'failed', 'skipped', 'errored', 'consequences']);
    expect(json.summary).toEqual({ passed: 2, failed: 2, skipped: 1, errored: 1, consequences: 0 });
    expect(json.throttling).toEqual({ rate: 5, retries: 3, waitMs: 2500 });
  });

  it('states skipped certificate verification and the warnings in the run section', () => {
    const insecure = { ...buildSampleResult(), run: { insecure: true, warnings: ['TLS certificate verification is off (--insecure): the identity of the target was not checked'] } };
    expect(parse(insecure).run).toEqual({ insecure: true, warnings: ['TLS certificate verification is off (--insecure): the identity of the target was not checked'] });
  });

  it('lists every check in run order with the documented names', () => {
    expect(checksOf(json).map((check) => check.id)).toEqual(result.checks.map((check) => check.id));
    expect(Object.keys(checkById(json, 'discovery.service-provider-config'))).toEqual([
      'id', 'title', 'area', 'level', 'requirements', 'status', 'durationMs',
    ]);
    expect(checkById(json, 'discovery.service-provider-config')).toEqual({
      id: 'discovery.service-provider-config',
      title: 'ServiceProviderConfig is one JSON object with the right schema',
      area: 'discovery',
      level: 'MUST',
      requirements: ['P-4-1'],
      status: 'passed',
      durationMs: 31,
    });
  });

  it('gives a skipped check its reason as message and no evidence', () => {
    const skipped = checkById(json, SKIPPED_CHECK_ID);
    expect(Object.keys(skipped)).toEqual(['id', 'title', 'area', 'level', 'requirements', 'status', 'message', 'durationMs']);
    expect(skipped.message).toBe(SKIP_REASON);
  });

  it('adds the exchanges of failed and errored checks as evidence, bodies intact', () => {
    const failed = checkById(json, FAILED_CHECK_ID);
    expect(Object.keys(failed)).toEqual(['id', 'title', 'area', 'level', 'requirements', 'status', 'message', 'durationMs', 'evidence']);
    const model = result.checks.find((check) => check.id === FAILED_CHECK_ID) as CheckResult;
    expect(failed.evidence).toEqual(model.exchanges);
    expect(JSON.stringify(failed.evidence)).toContain(JSON.stringify(HOSTILE_BODY).slice(1, -1));
    const errored = checkById(json, ERRORED_CHECK_ID);
    expect(errored.evidence).toEqual([expect.objectContaining({ error: 'read ECONNRESET' })]);
    expect((errored.evidence as JsonRecord[])[0]).not.toHaveProperty('response');
  });

  it('adds runErrors at the end when there are any', () => {
    const withErrors = buildSampleResult();
    withErrors.runErrors = ['suites/etag.ts failed to load'];
    const parsed = parse(withErrors);
    expect(Object.keys(parsed).at(-1)).toBe('runErrors');
    expect(parsed.runErrors).toEqual(['suites/etag.ts failed to load']);
  });

  it('writes the same text whatever order the model built its fields in', () => {
    const ordered = buildSampleResult();
    const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;
    const scrambled: RunResult = {
      ...reversed(ordered),
      tool: reversed(ordered.tool),
      summary: reversed(ordered.summary),
      checks: ordered.checks.map((check) => ({ ...reversed(check), exchanges: check.exchanges.map(reversed) })),
    };
    expect(Object.keys(scrambled)[0]).toBe('throttling');
    expect(toResultsJson(scrambled)).toBe(toResultsJson(ordered));
  });
});
