import { defineSuiteChecks } from './define.js';

// Opt-in (probes.rateLimit.enabled): the probe loads the target on purpose. RFC 6585 §4 lets a 429 carry
// Retry-After (MAY), so a missing one is reported at that level; the 429's body is judged with every other
// error of the run by errors.every-error-body, which sees the raw 429 because the probe is not retried.
// The quirk matrix runs without the opt-in: test/e2e/rate-limit.test.ts proves this check.
export const RATE_LIMIT_CHECKS = defineSuiteChecks('rate-limit', [
  {
    id: 'errors.rate-limit-retry-after',
    title: 'A 429 Too Many Requests says when to retry with a Retry-After header',
    area: 'errors', level: 'MAY', requirements: ['RFC6585-4', 'RFC9110-10.2.3'], provenBy: ['rate-limit-no-retry-after'],
  },
]);
