/**
 * Checks that run only when the config opts in (they load the target), gives what they judge (a payload
 * limit the service documents) or the target leaves out what they judge the absence of (PATCH), and the
 * quirks that prove only such checks. Runs without that config, or against the complete reference server,
 * skip them; test/e2e/rate-limit.test.ts, test/e2e/documented-limits.test.ts and
 * test/e2e/patch-unsupported.test.ts run them where they judge.
 */
import type { QuirkName } from '../../src/server/index.js';

export const OPT_IN_CHECKS: ReadonlySet<string> = new Set([
  'errors.rate-limit-retry-after', 'payload.documented-limit-413', 'payload.documented-limit-accepted', 'patch.unsupported-501',
]);
export const OPT_IN_QUIRKS: ReadonlySet<QuirkName> = new Set<QuirkName>(['rate-limit-no-retry-after', 'patch-unsupported-400']);
