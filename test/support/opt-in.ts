/**
 * Checks that run only when the config opts in (they load the target) or gives what they judge (a payload
 * limit the service documents), and the quirks that prove only such checks. Runs without that config skip
 * them; test/e2e/rate-limit.test.ts and test/e2e/documented-limits.test.ts run them with it.
 */
import type { QuirkName } from '../../src/server/index.js';

export const OPT_IN_CHECKS: ReadonlySet<string> = new Set([
  'errors.rate-limit-retry-after', 'payload.documented-limit-413', 'payload.documented-limit-accepted',
]);
export const OPT_IN_QUIRKS: ReadonlySet<QuirkName> = new Set<QuirkName>(['rate-limit-no-retry-after']);
