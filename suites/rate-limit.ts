/**
 * Rate limits (RFC 6585 §4, RFC 9110 §10.2.3), only when probes.rateLimit.enabled: quick GETs, one after
 * another and never retried, until the target answers 429 or probes.rateLimit.maxRequests have been sent;
 * the 429 should say when to come back. The GETs are queries scoped to the run's prefix, so they read
 * nothing that is not the run's.
 */
import type { ScimResponse } from '../src/http/client.js';
import { answered, verify } from '../src/runner/failure.js';
import { useScim } from '../src/runner/suite.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const userEndpoint = suite.resourceType(URN.user)?.endpoint;

/** A Retry-After value RFC 9110 §10.2.3 allows: delay-seconds or an HTTP-date. */
function isRetryAfter(value: string): boolean {
  return /^\d+$/.test(value.trim()) || !Number.isNaN(Date.parse(value));
}

suite.check('errors.rate-limit-retry-after', async (t) => {
  const { enabled, maxRequests } = suite.probes.rateLimit;
  if (!enabled) t.skip('probes.rateLimit.enabled is not set: the probe loads the target, so it runs only when asked for');
  const scoped = userEndpoint !== undefined && t.capabilities.filter.supported;
  const query = scoped ? { filter: `userName eq "${t.uniqueName('rate-limit')}"`, count: 1 } : undefined;
  let limited: ScimResponse | undefined;
  let sent = 0;
  while (limited === undefined && sent < maxRequests) {
    // Only the request that met the limit is kept as evidence.
    t.restartEvidence();
    const response = await t.client.request({ method: 'GET', path: scoped ? userEndpoint : '/ServiceProviderConfig', query, retry: false });
    sent += 1;
    if (response.status === 429) limited = response;
  }
  if (limited === undefined) return t.skip(`no 429 within ${sent} requests (probes.rateLimit.maxRequests): the rate limit, if any, was not reached`);
  const retryAfter = limited.headers['retry-after'];
  verify(
    retryAfter !== undefined && isRetryAfter(retryAfter),
    `${answered(limited)} after ${sent} requests with Retry-After ${retryAfter === undefined ? 'absent' : JSON.stringify(retryAfter)}, expected delay-seconds or an HTTP-date saying when to retry`,
  );
  t.note(`${sent} requests sent; the last answered 429 with Retry-After: ${retryAfter}`);
});
