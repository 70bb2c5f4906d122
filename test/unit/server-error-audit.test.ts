import { describe, expect, test } from 'vitest';
import { findCheck } from '../../src/checks/catalog.js';
import { REFUSALS } from '../../src/checks/refusals.js';
import type { Exchange, Refusal } from '../../src/http/exchange.js';
import { auditResult } from '../../src/results/exchange-audit.js';
import { SERVER_ERROR_AUDITS, judgeServerErrors } from '../../src/results/server-error-audit.js';
import { URN } from '../../src/scim/urns.js';
import { sampleExchange } from '../support/sample-result.js';

const MUST_AUDIT = 'errors.no-server-errors';
const SHOULD_AUDIT = 'errors.no-other-server-errors';
const SERVER_ERROR = JSON.stringify({ schemas: [URN.error], status: '500', detail: 'failed' });

let second = 0;
function exchange(method: string, path: string, status: number, refusal?: Refusal): Exchange {
  second += 1;
  const recorded = sampleExchange({ startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), method, url: `http://127.0.0.1:1/scim/v2${path}`, status, responseBody: SERVER_ERROR });
  return refusal === undefined ? recorded : { ...recorded, refusal };
}

function audited(id: string, exchanges: Exchange[]): ReturnType<typeof auditResult> {
  const audit = SERVER_ERROR_AUDITS.find((candidate) => candidate.id === id);
  const spec = findCheck(id);
  if (audit === undefined || spec === undefined) throw new Error(`${id} is not a server-error audit in the catalog`);
  return auditResult(audit, spec, judgeServerErrors(exchanges), 0);
}

const badFilter = exchange('GET', '/Users?filter=userName%20eq', 500, REFUSALS.malformedFilter);
const unknownUser = exchange('GET', '/Users/absent', 500, REFUSALS.unknownResource);
const emptyPage = exchange('GET', '/Users?count=0', 500);
const created = exchange('POST', '/Users', 201);

describe('the server-error audit', () => {
  test('fails the MUST check on a 5xx where a MUST names the 4xx, citing that rule, and leaves the other check nothing to judge', () => {
    const must = audited(MUST_AUDIT, [badFilter]);
    expect(must.status).toBe('failed');
    expect(must.exchanges).toEqual([badFilter]);
    // The failure breaks the filter rule alone, not every rule the audit judges.
    expect(must.requirements).toEqual(['P-3.4.2.2-6']);
    expect(must.message).toBe(
      '1 of 1 requests a MUST of RFC 7643/7644 refuses with a 4xx got a 5xx instead: GET /scim/v2/Users?filter=userName%20eq answered 500: ' +
        'the RFC answers this request with 400 and scimType "invalidFilter" (P-3.4.2.2-6)',
    );
    expect(audited(SHOULD_AUDIT, [badFilter]).status).toBe('skipped');
  });

  test('holds a 5xx to a valid request, or where a SHOULD names the 4xx, as advice', () => {
    const should = audited(SHOULD_AUDIT, [created, emptyPage, unknownUser]);
    expect(should.status).toBe('failed');
    expect(should.exchanges).toEqual([emptyPage, unknownUser]);
    expect(should.message).toContain('GET /scim/v2/Users?count=0 answered 500: the server failed the request (RFC9110-15.6.1)');
    expect(should.message).toContain('GET /scim/v2/Users/absent answered 500: the RFC answers this request with 404 (P-3.12-8)');
    expect(audited(MUST_AUDIT, [created, emptyPage, unknownUser])).toMatchObject({
      status: 'skipped',
      message: 'no request of the run was one a MUST of RFC 7643/7644 refuses with a 4xx',
    });
  });

  test('passes when the refused requests got their 4xx and nothing got a 5xx', () => {
    const refused = exchange('GET', '/Users?filter=userName%20eq', 400, REFUSALS.malformedFilter);
    expect(audited(MUST_AUDIT, [refused, created]).status).toBe('passed');
    expect(audited(SHOULD_AUDIT, [refused, created]).status).toBe('passed');
  });

  test('takes 501 Not Implemented for an answer, and a 503 for unavailability rather than a verdict on the request', () => {
    const notImplemented = exchange('GET', '/Me', 501);
    expect(audited(SHOULD_AUDIT, [notImplemented]).status).toBe('passed');
    const unavailable = exchange('GET', '/Users?filter=userName%20eq', 503, REFUSALS.malformedFilter);
    expect(audited(MUST_AUDIT, [unavailable]).status).toBe('skipped');
    expect(audited(SHOULD_AUDIT, [unavailable])).toMatchObject({ status: 'failed', exchanges: [unavailable] });
  });

  test('cites in the catalog every requirement a refusal names, each under the audit of its level', () => {
    const cited = [...(findCheck(MUST_AUDIT)?.requirements ?? []), ...(findCheck(SHOULD_AUDIT)?.requirements ?? [])];
    const refusals: Refusal[] = Object.values(REFUSALS);
    for (const refusal of refusals) expect(cited).toContain(refusal.requirement);
    expect(findCheck(MUST_AUDIT)?.requirements).toContain('P-3.4.2.2-6');
    expect(findCheck(SHOULD_AUDIT)?.requirements).toContain('P-3.12-8');
  });
});
