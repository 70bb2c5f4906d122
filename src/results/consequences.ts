/**
 * One defect, one finding. A check whose failure another failed check's finding already explains is
 * marked as that check's consequence: it stays in every report with its own evidence, but it is not
 * counted again, neither in the summary's failures nor in the exit code.
 */
import { findCheck } from '../checks/catalog.js';
import type { Exchange } from '../http/exchange.js';
import { isJsonObject, parseJson } from '../scim/json.js';
import { stringMember } from '../scim/messages.js';
import { judgeErrorExchanges } from './error-audit.js';
import type { CheckResult } from './model.js';

/**
 * What makes two error answers the same defect for a check whose catalog entry names a root: a body that
 * is no JSON object, of one content type, is the same fault wherever it comes from (a framework's or a
 * gateway's fallback page); a SCIM Error is the same answer when its status, scimType and detail are
 * (a tenant refusing the same body for the same reason). A server error is the same only to the same
 * method and path as well: its detail is often one phrase for every fault, and a 500 to a PATCH is not
 * the 500 a list page got.
 */
function defectSignature(exchange: Exchange): string | undefined {
  const response = exchange.response;
  if (response === undefined || response.status < 400) return undefined;
  const body = parseJson(response.body);
  if (!isJsonObject(body)) return `not a JSON object, ${response.headers['content-type'] ?? 'no content type'}`;
  const answer = `${response.status} ${stringMember(body, 'scimType') ?? ''}`;
  const detail = stringMember(body, 'detail');
  if (response.status >= 500) return `${answer} ${detail ?? ''} to ${exchange.request.method} ${new URL(exchange.request.url).pathname}`;
  return detail === undefined ? undefined : `${answer} ${detail}`;
}

/**
 * The error answers a check may blame: those the error-body oracle finds fault with, or, where every
 * error body is sound, every error answer (a refusal is then what the check is failing on).
 */
function blamedErrors(exchanges: readonly Exchange[]): Exchange[] {
  const judged = judgeErrorExchanges(exchanges);
  const faulty = judged.filter(({ findings }) => findings.length > 0);
  return (faulty.length > 0 ? faulty : judged).map(({ exchange }) => exchange);
}

/** Every error answer the check blames shows a defect the root's own evidence shows. */
function sameDefect(check: CheckResult, root: CheckResult): boolean {
  const rootSignatures = new Set(root.exchanges.map(defectSignature).filter((signature) => signature !== undefined));
  const blamed = blamedErrors(check.exchanges);
  return blamed.length > 0 && blamed.every((exchange) => {
    const signature = defectSignature(exchange);
    return signature !== undefined && rootSignatures.has(signature);
  });
}

/**
 * The results with consequences marked. A failure is a consequence of a failed check its catalog entry
 * names in `causedBy` when it blames the same defect; a skip the target's refusal of a set-up request
 * caused keeps the check its collector named, when that check failed. A consequence always points at a
 * root: a named check that did not fail explains nothing, and a chain is followed to its first link. A
 * refusal whose judging check was left out of the run (--suite, --grep) is judged by no one: the check
 * it stopped is errored, so that a gate does not pass on it.
 */
export function markConsequences(checks: readonly CheckResult[]): CheckResult[] {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const failed = (id: string): CheckResult | undefined => {
    const check = byId.get(id);
    return check?.status === 'failed' ? check : undefined;
  };
  const marked = checks.map((check): CheckResult => {
    const { consequenceOf, ...unmarked } = check;
    if (consequenceOf !== undefined && check.status === 'skipped' && !byId.has(consequenceOf)) {
      return { ...unmarked, status: 'errored', message: `${check.message ?? ''} (${consequenceOf}, which judges that answer, was not run)` };
    }
    if (consequenceOf !== undefined) return failed(consequenceOf) === undefined ? unmarked : check;
    if (check.status !== 'failed') return check;
    const root = (findCheck(check.id)?.causedBy ?? []).map(failed).find((candidate) => candidate !== undefined && sameDefect(check, candidate));
    return root === undefined ? check : { ...check, consequenceOf: root.id };
  });
  const markedById = new Map(marked.map((check) => [check.id, check]));
  const rootOf = (id: string, seen: Set<string>): string => {
    const next = markedById.get(id)?.consequenceOf;
    return next === undefined || seen.has(next) ? id : rootOf(next, new Set([...seen, id]));
  };
  return marked.map((check) => (check.consequenceOf === undefined ? check : { ...check, consequenceOf: rootOf(check.consequenceOf, new Set([check.id])) }));
}
