import { describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/catalog.js';
import type { CheckResult, CheckStatus } from '../../src/results/model.js';
import { markConsequences } from '../../src/results/consequences.js';
import { exitCodeFor, summarize } from '../../src/results/verdict.js';
import { buildSampleResult, sampleExchange, TARGET_URL } from '../support/sample-result.js';

const HTML_404 = sampleExchange({ startedAt: '2025-03-04T10:00:05.000Z', method: 'GET', url: `${TARGET_URL}/nope`, status: 404, responseBody: '<html>Not Found</html>' });
const JSON_409 = sampleExchange({
  startedAt: '2025-03-04T10:00:06.000Z', method: 'POST', url: `${TARGET_URL}/Users`, status: 409,
  responseBody: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":409,"scimType":"uniqueness"}',
});

function result(id: string, status: CheckStatus, exchanges = [HTML_404], extra: Partial<CheckResult> = {}): CheckResult {
  const spec = findCheck(id);
  if (spec === undefined) throw new Error(`no check ${id}`);
  return { id, title: spec.title, area: spec.area, level: spec.level, requirements: spec.requirements, status, durationMs: 1, exchanges, message: 'm', ...extra };
}

describe('markConsequences', () => {
  it('marks a failure its catalog roots at a failed check on the same non-JSON error body', () => {
    const marked = markConsequences([result('errors.json-body', 'failed'), result('errors.status-string', 'failed')]);
    expect(marked.map((check) => check.consequenceOf)).toEqual([undefined, 'errors.json-body']);
  });

  it('leaves a failure of its own: another defect on a JSON body, or a root that did not fail', () => {
    expect(markConsequences([result('errors.json-body', 'failed'), result('errors.status-string', 'failed', [JSON_409])])[1]?.consequenceOf).toBeUndefined();
    expect(markConsequences([result('errors.json-body', 'passed'), result('errors.status-string', 'failed')])[1]?.consequenceOf).toBeUndefined();
  });

  it('keeps a refused set-up as its owner\'s consequence only when the owner failed, and errors it when the owner did not run', () => {
    const refused = result('list.schemas-urn', 'skipped', [], { consequenceOf: 'create.status-201' });
    expect(markConsequences([result('create.status-201', 'failed'), refused])[1]?.consequenceOf).toBe('create.status-201');
    const unexplained = markConsequences([result('create.status-201', 'passed'), refused])[1];
    expect(unexplained).toMatchObject({ status: 'skipped' });
    expect(unexplained?.consequenceOf).toBeUndefined();
    const unjudged = markConsequences([refused])[0];
    expect(unjudged).toMatchObject({ status: 'errored' });
    expect(unjudged?.message).toContain('create.status-201, which judges that answer, was not run');
  });

  it('counts a consequence once, under its root, and never in the exit code', () => {
    const checks = markConsequences([result('errors.json-body', 'failed'), result('errors.status-string', 'failed'), result('errors.error-schema', 'failed')]);
    expect(summarize(checks)).toEqual({ passed: 0, failed: 1, skipped: 0, errored: 0, consequences: 2 });
    const run = { ...buildSampleResult(), checks, runErrors: [] };
    expect(exitCodeFor(run)).toBe(1);
    expect(exitCodeFor({ ...run, baseline: { file: 'b.yaml', known: ['errors.json-body'], new: [], expired: [], fixed: [] } })).toBe(0);
  });
});

describe('markConsequences on refusals', () => {
  const refusal = (startedAt: string): ReturnType<typeof sampleExchange> => sampleExchange({
    startedAt, method: 'POST', url: `${TARGET_URL}/Users`, status: 400,
    responseBody: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue","detail":"an e-mail is required"}',
  });

  it('marks a check refused for the same reason as its root, and not one refused for another', () => {
    const root = result('create.status-201', 'failed', [refusal('2025-03-04T10:00:07.000Z')]);
    const same = result('create.read-only-ignored', 'failed', [refusal('2025-03-04T10:00:08.000Z')]);
    expect(markConsequences([root, same])[1]?.consequenceOf).toBe('create.status-201');
    const other = result('create.read-only-ignored', 'failed', [JSON_409]);
    expect(markConsequences([root, other])[1]?.consequenceOf).toBeUndefined();
  });
});

describe('markConsequences on server errors', () => {
  const serverError = (startedAt: string, method: string, path: string): ReturnType<typeof sampleExchange> => sampleExchange({
    startedAt, method, url: `${TARGET_URL}${path}`, status: 500,
    responseBody: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"Internal Server Error"}',
  });
  const countZero = (startedAt: string): ReturnType<typeof sampleExchange> => serverError(startedAt, 'GET', '/Users?count=0');

  it('marks the audit of other 5xx as the consequence of the paging check that failed on the same 500', () => {
    const root = result('pagination.window-slice', 'failed', [countZero('2025-03-04T10:00:09.000Z')]);
    const audit = result('errors.no-other-server-errors', 'failed', [countZero('2025-03-04T10:00:10.000Z'), countZero('2025-03-04T10:00:11.000Z')]);
    const marked = markConsequences([root, audit]);
    expect(marked.map((check) => check.consequenceOf)).toEqual([undefined, 'pagination.window-slice']);
    expect(summarize(marked)).toEqual({ passed: 0, failed: 1, skipped: 0, errored: 0, consequences: 1 });
  });

  it('leaves the audit a finding of its own when one of its 5xx answered another method or path, even in the same words', () => {
    const root = result('pagination.window-slice', 'failed', [countZero('2025-03-04T10:00:09.000Z')]);
    const patch = serverError('2025-03-04T10:00:12.000Z', 'PATCH', '/Users/2819c223');
    const audit = result('errors.no-other-server-errors', 'failed', [countZero('2025-03-04T10:00:10.000Z'), patch]);
    expect(markConsequences([root, audit])[1]?.consequenceOf).toBeUndefined();
  });
});
