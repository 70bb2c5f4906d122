/**
 * Checks that run only when the config opts in (they load the target), and the quirks that prove them.
 * Runs without the opt-in skip them; test/e2e/rate-limit.test.ts runs them with it.
 */
import type { QuirkName } from '../../src/server/index.js';

export const OPT_IN_CHECKS: ReadonlySet<string> = new Set(['errors.rate-limit-retry-after']);
export const OPT_IN_QUIRKS: ReadonlySet<QuirkName> = new Set<QuirkName>(['rate-limit-no-retry-after']);
