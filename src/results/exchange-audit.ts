/**
 * Checks computed from the result model rather than by a suite: every response of a kind (an error, a
 * resource) that any check, set-up or discovery observed is judged by the one oracle of that kind. They
 * run after the suites, because only the finished model holds every exchange of the run: a rule broken
 * on one path (the 409 of a uniqueness check, a list page of a filter check) is caught without each
 * suite having to remember to judge it, and no request is sent for it.
 */
import type { CheckSpec } from '../checks/types.js';
import type { Capabilities } from '../discovery/capabilities.js';
import type { Exchange } from '../http/exchange.js';
import type { Finding } from '../scim/finding.js';
import type { CheckResult } from './model.js';

export interface JudgedExchange {
  exchange: Exchange;
  findings: Finding[];
  /**
   * The levels of the rules the exchange was judged by: an audit of another level did not judge it (an
   * error without a scimType has no keyword to fit its status).
   */
  levels: ReadonlyArray<Finding['level']>;
}

/** What an audit judges with: the target's base URL and what it advertises. */
export interface AuditContext {
  baseUrl: string;
  capabilities: Capabilities;
}

export interface Audit {
  /** The check id the audit reports under. */
  id: string;
  /** The findings of this level make the check fail; the others belong to another audit over the same judgement. */
  level: Finding['level'];
  /** What is judged and what the offending ones do, for messages: `error responses`, `break RFC 7644 §3.12`. */
  subject: string;
  offence: string;
  /** The skip reason when the run observed nothing this audit judges. */
  nothingJudged: string;
  judge(exchanges: readonly Exchange[], context: AuditContext): JudgedExchange[];
}

/** At most this many findings are spelt out in a message; the evidence holds every offending exchange. */
const LISTED_FINDINGS = 5;

/** Each exchange once, however many checks it was attached to. */
export function distinctExchanges(exchanges: readonly Exchange[]): Exchange[] {
  const seen = new Set<string>();
  return exchanges.filter((exchange) => {
    const key = `${exchange.startedAt} ${exchange.request.method} ${exchange.request.url} ${exchange.response?.status ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs the selected audits over every exchange of the run; audits sharing a judge judge once. */
export function runAudits(
  audits: readonly Audit[],
  specs: readonly CheckSpec[],
  exchanges: readonly Exchange[],
  context: AuditContext,
): CheckResult[] {
  const distinct = distinctExchanges(exchanges);
  const judgements = new Map<Audit['judge'], JudgedExchange[]>();
  const results: CheckResult[] = [];
  for (const audit of audits) {
    const spec = specs.find((candidate) => candidate.id === audit.id);
    if (spec === undefined) continue;
    const started = Date.now();
    let judged = judgements.get(audit.judge);
    if (judged === undefined) {
      judged = audit.judge(distinct, context);
      judgements.set(audit.judge, judged);
    }
    results.push(auditResult(audit, spec, judged, Date.now() - started));
  }
  return results;
}

/**
 * The result of one audit over the judged exchanges. A failure cites the requirements its findings break,
 * of those the audit judges: the run's verdict on the others it judges still stands.
 */
export function auditResult(audit: Audit, spec: CheckSpec, judged: readonly JudgedExchange[], durationMs: number): CheckResult {
  const base = {
    id: spec.id, title: spec.title, area: spec.area, level: spec.level, requirements: spec.requirements, durationMs,
  };
  const relevant = judged.filter(({ levels }) => levels.includes(audit.level));
  if (relevant.length === 0) return { ...base, status: 'skipped', message: audit.nothingJudged, exchanges: [] };
  const offending = relevant
    .map(({ exchange, findings }) => ({ exchange, findings: findings.filter((finding) => finding.level === audit.level) }))
    .filter(({ findings }) => findings.length > 0);
  if (offending.length === 0) return { ...base, status: 'passed', exchanges: [] };
  const lines = offending.flatMap(({ exchange, findings }) =>
    findings.map((finding) => `${describeExchange(exchange)}: ${finding.message} (${finding.requirement})`),
  );
  const more = lines.length > LISTED_FINDINGS ? `; and ${lines.length - LISTED_FINDINGS} more` : '';
  const broken = new Set(offending.flatMap(({ findings }) => findings.map((finding) => finding.requirement)));
  const requirements = spec.requirements.filter((id) => broken.has(id));
  return {
    ...base,
    requirements: requirements.length > 0 ? requirements : spec.requirements,
    status: 'failed',
    message: `${offending.length} of ${relevant.length} ${audit.subject} ${audit.offence}: ${lines.slice(0, LISTED_FINDINGS).join('; ')}${more}`,
    exchanges: offending.map(({ exchange }) => exchange),
  };
}

function describeExchange(exchange: Exchange): string {
  const url = new URL(exchange.request.url);
  return `${exchange.request.method} ${url.pathname}${url.search} answered ${exchange.response?.status ?? 'nothing'}`;
}
