/** The run-level audits of error responses: every error any exchange of the run carried, by the one error oracle. */
import type { Exchange } from '../http/exchange.js';
import { isUnderBase } from '../scim/base-url.js';
import { judgeErrorResponse } from '../scim/error-body.js';
import { parseJson } from '../scim/json.js';
import { stringMember } from '../scim/messages.js';
import type { Audit, AuditContext, JudgedExchange } from './exchange-audit.js';

/** Every error response among the exchanges, judged. */
export function judgeErrorExchanges(exchanges: readonly Exchange[], context?: Pick<AuditContext, 'baseUrl'>): JudgedExchange[] {
  const judged: JudgedExchange[] = [];
  for (const exchange of exchanges) {
    const response = exchange.response;
    if (response === undefined || response.status < 400) continue;
    // A path outside the base URL (one naming another protocol version) may reach no SCIM service at all.
    if (context !== undefined && outsideBase(exchange.request.url, context.baseUrl)) continue;
    const body = parseJson(response.body);
    const findings = judgeErrorResponse(response.status, body, {
      method: exchange.request.method,
      bulk: new URL(exchange.request.url).pathname.endsWith('/Bulk'),
    });
    // Only a keyword can be off its status or method.
    judged.push({ exchange, findings, levels: stringMember(body, 'scimType') === undefined ? ['MUST'] : ['MUST', 'SHOULD'] });
  }
  return judged;
}

/** Whether a recorded URL (which redaction may have left unparsable) is outside the base URL. */
function outsideBase(url: string, baseUrl: string): boolean {
  return URL.canParse(url) && !isUnderBase(url, baseUrl);
}

const errorResponses = {
  subject: 'error responses',
  offence: 'break RFC 7644 §3.12',
  judge: judgeErrorExchanges,
} as const;

export const ERROR_AUDITS: readonly Audit[] = [
  // The MUST findings: the body breaks RFC 7644 §3.12.
  { id: 'errors.every-error-body', level: 'MUST', nothingJudged: 'no response of the run had an error status', ...errorResponses },
  // The SHOULD findings: a Table 9 keyword sent with a status or method the RFC does not pair it with.
  { id: 'errors.every-scim-type-fits', level: 'SHOULD', nothingJudged: 'no error response of the run carried a scimType', ...errorResponses },
];
