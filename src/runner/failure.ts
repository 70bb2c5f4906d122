import { isRedirect } from '../http/client.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { show, stringMember } from '../scim/messages.js';

/**
 * A broken requirement, as opposed to a harness or transport error: the result model counts a check
 * that throws this (or a vitest assertion error) as failed, anything else as errored.
 */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  /** The check whose finding this failure repeats, when the check knows it: the result marks it as that check's consequence. */
  constructor(
    message: string,
    readonly root?: string,
  ) {
    super(message);
  }
}

/**
 * Several broken requirements seen at once, e.g. by one page judged on each of its invariants: a property
 * classifies each (see checkProperty), anything else reads them as one failure.
 */
export class ConformanceFailures extends ConformanceFailure {
  constructor(readonly failures: readonly ConformanceFailure[]) {
    super(failures.map((failure) => failure.message).join('\n'), commonRoot(failures));
  }
}

/** The check whose finding every one of the failures repeats, if they all name the same one. */
export function commonRoot(failures: readonly ConformanceFailure[]): string | undefined {
  const roots = new Set(failures.map((failure) => failure.root));
  return roots.size === 1 ? [...roots][0] : undefined;
}

/** Ends the check with the failures found, one or several; returns when there is none. */
export function failWithAll(failures: readonly ConformanceFailure[]): void {
  const [first, ...others] = failures;
  if (first === undefined) return;
  throw others.length === 0 ? first : new ConformanceFailures(failures);
}

export const FAILURE_ERROR_NAMES: ReadonlySet<string> = new Set(['ConformanceFailure', 'AssertionError']);

/**
 * The server refused a set-up request a check needed: no verdict of the check's own, and no fault of the
 * harness either. The check is skipped, and `owner` names the check whose finding that answer is (the
 * result model marks the skip as its consequence when that check failed).
 */
export class SetupRefused extends Error {
  override readonly name = 'SetupRefused';
  constructor(
    message: string,
    readonly owner: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The check whose finding a refused set-up request is: a 5xx to a request the harness knows valid is the
 * run-wide server-fault audit's; a 4xx to a create, a replace or a delete is the finding of the check
 * that judges that method's success.
 */
export function ownerOfRefusal(method: string, status: number): string | undefined {
  if (status >= 500) return 'errors.no-other-server-errors';
  switch (method) {
    case 'POST':
      return 'create.status-201';
    case 'PUT':
      return 'replace.every-type-replaces';
    case 'DELETE':
      return 'delete.status-204';
    default:
      return undefined;
  }
}

/**
 * Ends the check because the server refused (or answered unusably) a set-up request: `what` says what the
 * check could then not do.
 */
export function refusedSetup(response: Parameters<typeof answeredWithDetail>[0], what: string): never {
  const { method } = response.exchange.request;
  throw new SetupRefused(`set-up: ${answeredWithDetail(response)}; ${what}`, response.status >= 300 ? ownerOfRefusal(method, response.status) : undefined);
}

/** Fails the check with a message that says what the server did and what the requirement wants. */
export function verify(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

export function fail(message: string): never {
  throw new ConformanceFailure(message);
}

/**
 * The error answer is a SCIM Error: a JSON object. One that is not repeats errors.json-body's finding, so
 * the failure is marked as its consequence rather than counted again.
 */
type ErrorAnswer = Parameters<typeof answered>[0] & { json?: JsonValue; headers: Record<string, string> };

export function verifyJsonError<R extends ErrorAnswer>(response: R, expected: string): asserts response is R & { json: JsonObject } {
  if (!isJsonObject(response.json)) {
    throw new ConformanceFailure(
      `${answered(response)} with a body that is not a JSON object (content-type ${response.headers['content-type'] ?? 'absent'}), expected ${expected}`,
      'errors.json-body',
    );
  }
}

/** The error answer carries scimType `expected` (RFC 7644 Table 9); a body that is not JSON is errors.json-body's finding. */
export function verifyScimType(response: ErrorAnswer, expected: string, context: string): void {
  verifyJsonError(response, `a SCIM Error with scimType "${expected}" ${context}`);
  const scimType = stringMember(response.json, 'scimType');
  verify(scimType === expected, `${answered(response)} with scimType ${show(scimType)} ${context}, expected "${expected}"`);
}

/**
 * How a response is named in a failure message: `GET /scim/v2/Users/42 answered 500`. The recorded URL is
 * redacted and may no longer parse as a URL, so the origin is cut off as text. A redirect names its
 * target, since the harness does not follow it.
 */
export function answered(response: {
  status: number;
  exchange: { request: { method: string; url: string }; response?: { headers: Record<string, string> } };
}): string {
  const { method, url } = response.exchange.request;
  const named = `${method} ${url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/'} answered ${response.status}`;
  const location = response.exchange.response?.headers.location;
  return isRedirect(response.status) && location !== undefined ? `${named} redirecting to ${location} (redirects are not followed)` : named;
}

/**
 * `answered`, followed by the detail of the SCIM Error the server sent, if any: why a set-up request
 * was refused, e.g. a tenant rule the config's templates should meet.
 */
export function answeredWithDetail(response: Parameters<typeof answered>[0] & { json?: JsonValue }): string {
  const detail = stringMember(response.json, 'detail');
  return detail === undefined ? answered(response) : `${answered(response)}: ${JSON.stringify(detail)}`;
}
