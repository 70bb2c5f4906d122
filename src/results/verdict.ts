/** What a run's results mean for its exit code and summary. */
import type { Exchange } from '../http/exchange.js';
import type { CheckResult, RunResult, RunSummary, Throttling } from './model.js';

export const EXIT = {
  ok: 0,
  failures: 1,
  usage: 2,
  unreachable: 3,
  /** A bug in scimprobe itself: no verdict either way. */
  internal: 4,
  /** 128 + the signal's number, as shells report a process a signal ended. */
  interrupted: { SIGINT: 130, SIGTERM: 143 },
} as const;

/** Failed (a broken requirement) or errored (no verdict): what a reader and a gate must look at. */
export function isFailing(check: Pick<CheckResult, 'status'>): boolean {
  return check.status === 'failed' || check.status === 'errored';
}

/** A failure of its own: failed or errored, and not another check's finding repeated. */
export function isRootFailure(check: Pick<CheckResult, 'status' | 'consequenceOf'>): boolean {
  return isFailing(check) && check.consequenceOf === undefined;
}

export function summarize(checks: readonly CheckResult[]): RunSummary {
  const summary: RunSummary = { passed: 0, failed: 0, skipped: 0, errored: 0, consequences: 0 };
  for (const check of checks) {
    if (check.consequenceOf === undefined) summary[check.status] += 1;
    else summary.consequences += 1;
  }
  return summary;
}

/**
 * The 429/503 retries among the run's exchanges. A set-up exchange may be evidence of several checks, so
 * each recorded request counts once.
 */
export function throttlingOf(exchanges: readonly Exchange[]): Pick<Throttling, 'retries' | 'waitMs'> {
  const counted = new Set<string>();
  const tally = { retries: 0, waitMs: 0 };
  for (const exchange of exchanges) {
    if (!exchange.retries) continue;
    const key = `${exchange.startedAt} ${exchange.request.method} ${exchange.request.url} ${exchange.durationMs}`;
    if (counted.has(key)) continue;
    counted.add(key);
    tally.retries += exchange.retries;
    tally.waitMs += exchange.retryWaitMs ?? 0;
  }
  return tally;
}

/**
 * 1 when a MUST-level check failed, or when any check could not reach a verdict (errored) or a suite
 * could not run: a gate must not pass on checks that never judged. SHOULD and MAY failures are reported
 * but leave the exit code at 0, and so do the failures a baseline accepts (known, not expired) and the
 * consequences of another check's finding, which that finding already counts.
 */
export function exitCodeFor(result: RunResult): number {
  const accepted = new Set(result.baseline?.known);
  const blocking = result.checks.some(
    (check) => !accepted.has(check.id) && isRootFailure(check) && (check.status === 'errored' || check.level === 'MUST'),
  );
  return blocking || result.runErrors.length > 0 ? EXIT.failures : EXIT.ok;
}
