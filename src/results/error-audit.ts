/**
 * Checks computed from the result model rather than by a suite: every error response any check,
 * set-up or discovery observed is judged by the one error oracle (src/scim/error-body.ts). They live
 * here, after the suites, because only the finished model holds every exchange of the run: an error
 * path broken in one place (the 409 of a uniqueness check, the 412 of an ETag check) is caught without
 * each suite having to remember to judge its errors, and no request is sent for it.
 */
import type { CheckSpec } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import { judgeErrorResponse, type ErrorFinding } from '../scim/error-body.js';
import { parseJson } from '../scim/json.js';
import type { CheckResult } from './model.js';

/** The MUST findings: the body breaks RFC 7644 §3.12. */
export const EVERY_ERROR_BODY = 'errors.every-error-body';
/** The SHOULD findings: a Table 9 keyword sent with a status or method the RFC does not pair it with. */
export const EVERY_SCIM_TYPE_FITS = 'errors.every-scim-type-fits';

export const AUDIT_CHECK_IDS: readonly string[] = [EVERY_ERROR_BODY, EVERY_SCIM_TYPE_FITS];

/** At most this many findings are spelt out in a message; the evidence holds every offending exchange. */
const LISTED_FINDINGS = 5;

interface JudgedExchange {
  exchange: Exchange;
  findings: ErrorFinding[];
}

/** Every error response among the exchanges, each judged once (an exchange attached to several checks counts once). */
export function judgeErrorExchanges(exchanges: readonly Exchange[]): JudgedExchange[] {
  const seen = new Set<string>();
  const judged: JudgedExchange[] = [];
  for (const exchange of exchanges) {
    const response = exchange.response;
    if (response === undefined || response.status < 400) continue;
    const key = `${exchange.startedAt} ${exchange.request.method} ${exchange.request.url} ${response.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const findings = judgeErrorResponse(response.status, parseJson(response.body), {
      method: exchange.request.method,
      bulk: new URL(exchange.request.url).pathname.endsWith('/Bulk'),
    });
    judged.push({ exchange, findings });
  }
  return judged;
}

/** The result of one audit check over the judged error responses. */
export function auditResult(spec: CheckSpec, judged: readonly JudgedExchange[], durationMs: number): CheckResult {
  const base = {
    id: spec.id, title: spec.title, area: spec.area, level: spec.level, requirements: spec.requirements, durationMs,
  };
  if (judged.length === 0) {
    return { ...base, status: 'skipped', message: 'no response of the run had an error status', exchanges: [] };
  }
  const level = spec.id === EVERY_ERROR_BODY ? 'MUST' : 'SHOULD';
  const offending = judged
    .map(({ exchange, findings }) => ({ exchange, findings: findings.filter((finding) => finding.level === level) }))
    .filter(({ findings }) => findings.length > 0);
  if (offending.length === 0) return { ...base, status: 'passed', exchanges: [] };
  const lines = offending.flatMap(({ exchange, findings }) =>
    findings.map((finding) => `${describeExchange(exchange)}: ${finding.message} (${finding.requirement})`),
  );
  const more = lines.length > LISTED_FINDINGS ? `; and ${lines.length - LISTED_FINDINGS} more` : '';
  return {
    ...base,
    status: 'failed',
    message: `${offending.length} of ${judged.length} error responses break RFC 7644 §3.12: ${lines.slice(0, LISTED_FINDINGS).join('; ')}${more}`,
    exchanges: offending.map(({ exchange }) => exchange),
  };
}

function describeExchange(exchange: Exchange): string {
  const url = new URL(exchange.request.url);
  return `${exchange.request.method} ${url.pathname}${url.search} answered ${exchange.response?.status ?? 'nothing'}`;
}
