import { describe, expect, test } from 'vitest';
import { findCheck } from '../../src/checks/catalog.js';
import type { CheckSpec } from '../../src/checks/types.js';
import type { Exchange } from '../../src/http/exchange.js';
import { ERROR_AUDITS, judgeErrorExchanges } from '../../src/results/error-audit.js';
import { auditResult, distinctExchanges, type Audit, type JudgedExchange } from '../../src/results/exchange-audit.js';
import { URN } from '../../src/scim/urns.js';
import { sampleExchange } from '../support/sample-result.js';

let second = 0;
function exchange(method: string, path: string, status: number, body: unknown): Exchange {
  second += 1;
  const responseBody = typeof body === 'string' ? body : JSON.stringify(body);
  return sampleExchange({ startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), method, url: `http://127.0.0.1:1/scim/v2${path}`, status, responseBody });
}

function audit(id: string): { audit: Audit; spec: CheckSpec } {
  const found = ERROR_AUDITS.find((candidate) => candidate.id === id);
  const spec = findCheck(id);
  if (found === undefined || spec === undefined) throw new Error(`${id} is not an error audit in the catalog`);
  return { audit: found, spec };
}

function audited(id: string, judged: JudgedExchange[]): ReturnType<typeof auditResult> {
  const { audit: found, spec } = audit(id);
  return auditResult(found, spec, judged, 0);
}

const EVERY_ERROR_BODY = 'errors.every-error-body';
const EVERY_SCIM_TYPE_FITS = 'errors.every-scim-type-fits';

const notFound = exchange('GET', '/Users/1', 404, { schemas: [URN.error], status: '404', detail: 'no such user' });
const ok = exchange('GET', '/Users', 200, { schemas: [URN.listResponse], totalResults: 0 });

describe('the error audit', () => {
  test('judges only error responses, each once however often it was attached', () => {
    const judged = judgeErrorExchanges(distinctExchanges([ok, notFound, notFound]));
    expect(judged.map((j) => j.exchange)).toEqual([notFound]);
    expect(judged[0]?.findings).toEqual([]);
  });

  test('leaves out answers from outside the base URL, which may come from no SCIM service', () => {
    const outside = sampleExchange({ startedAt: '2026-01-01T00:01:00Z', method: 'GET', url: 'http://127.0.0.1:1/scim/v9/Users', status: 404, responseBody: '<html>Not Found</html>' });
    const judged = judgeErrorExchanges([outside, notFound], { baseUrl: 'http://127.0.0.1:1/scim/v2' });
    expect(judged.map((j) => j.exchange)).toEqual([notFound]);
  });

  test('is skipped with the reason when the run saw no error', () => {
    const result = audited(EVERY_ERROR_BODY, judgeErrorExchanges([ok]));
    expect(result).toMatchObject({ status: 'skipped', message: 'no response of the run had an error status' });
  });

  test('passes when every error conforms', () => {
    expect(audited(EVERY_ERROR_BODY, judgeErrorExchanges([ok, notFound])).status).toBe('passed');
  });

  test('fails on one broken error path among good ones, with that exchange as evidence', () => {
    const conflict = exchange('POST', '/Users', 409, { schemas: [URN.error], status: 409, scimType: 'uniqueness' });
    const result = audited(EVERY_ERROR_BODY, judgeErrorExchanges([notFound, conflict]));
    expect(result.status).toBe('failed');
    expect(result.exchanges).toEqual([conflict]);
    expect(result.message).toBe('1 of 2 error responses break RFC 7644 §3.12: POST /scim/v2/Users answered 409: status 409 is not a JSON string (P-3.12-4)');
  });

  test('keeps advice apart: a keyword off its status fails only the SHOULD check', () => {
    const offStatus = exchange('GET', '/Users/2', 404, { schemas: [URN.error], status: '404', scimType: 'invalidValue' });
    const judged = judgeErrorExchanges([offStatus]);
    expect(audited(EVERY_ERROR_BODY, judged).status).toBe('passed');
    const advice = audited(EVERY_SCIM_TYPE_FITS, judged);
    expect(advice.status).toBe('failed');
    expect(advice.exchanges).toEqual([offStatus]);
  });

  test('leaves the keyword check skipped when no error carried a scimType: it judged nothing', () => {
    const result = audited(EVERY_SCIM_TYPE_FITS, judgeErrorExchanges([notFound]));
    expect(result).toMatchObject({ status: 'skipped', message: 'no error response of the run carried a scimType' });
  });

  test('lists at most five findings and counts the rest', () => {
    const html = Array.from({ length: 7 }, (_, i) => exchange('GET', `/Nothing${i}`, 404, '<html></html>'));
    const result = audited(EVERY_ERROR_BODY, judgeErrorExchanges(html));
    expect(result.message).toMatch(/; and 2 more$/);
    expect(result.exchanges).toHaveLength(7);
  });
});
