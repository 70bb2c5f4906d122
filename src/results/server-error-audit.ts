/**
 * The run-level audit of server errors: every 5xx any exchange of the run got, whichever request it
 * answered (discovery, set-up, a check, the clean-up). A 5xx to a request a check built to be refused
 * breaks the rule that names the 4xx for it (src/checks/refusals.ts), at that rule's level; a 5xx to any
 * other request is advice: the server failed a request it should have served (RFC 9110 §15.6.1).
 * 501 Not Implemented is left out: RFC 7644 Table 8 gives it to operations a server does not support,
 * and §3.11 to /Me, so it is an answer the RFC allows rather than a failure.
 */
import { refusalLevel } from '../checks/refusals.js';
import type { Exchange, Refusal } from '../http/exchange.js';
import type { Finding } from '../scim/finding.js';
import type { Audit, JudgedExchange } from './exchange-audit.js';

/** Every answered exchange, judged: those a MUST-level rule refuses at MUST, all others at SHOULD. */
export function judgeServerErrors(exchanges: readonly Exchange[]): JudgedExchange[] {
  return exchanges.flatMap((exchange) => {
    const status = exchange.response?.status;
    if (status === undefined) return [];
    const { refusal } = exchange;
    // A 503 says the server could not take the request then (RFC 9110 §15.6.4), not what it made of it.
    const level = refusal === undefined || status === 503 ? 'SHOULD' : refusalLevel(refusal);
    const findings = status >= 500 && status !== 501 ? [serverErrorFinding(refusal, level)] : [];
    return [{ exchange, findings, levels: [level] }];
  });
}

function serverErrorFinding(refusal: Refusal | undefined, level: Finding['level']): Finding {
  if (refusal === undefined) return { requirement: 'RFC9110-15.6.1', level, message: 'the server failed the request' };
  const scimType = refusal.scimType === undefined ? '' : ` and scimType "${refusal.scimType}"`;
  return { requirement: refusal.requirement, level, message: `the RFC answers this request with ${refusal.status}${scimType}` };
}

export const SERVER_ERROR_AUDITS: readonly Audit[] = [
  {
    id: 'errors.no-server-errors',
    level: 'MUST',
    subject: 'requests a MUST of RFC 7643/7644 refuses with a 4xx',
    offence: 'got a 5xx instead',
    nothingJudged: 'no request of the run was one a MUST of RFC 7643/7644 refuses with a 4xx',
    judge: judgeServerErrors,
  },
  {
    id: 'errors.no-other-server-errors',
    level: 'SHOULD',
    subject: 'requests no MUST of RFC 7643/7644 refuses with a 4xx',
    offence: 'got a 5xx',
    nothingJudged: 'no request of the run outside those a MUST refuses was answered',
    judge: judgeServerErrors,
  },
];
