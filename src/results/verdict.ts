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

/** The root failures of a run, as the gate sorts them. */
export interface Gate {
  /** What fails the run: errored checks, and failures at the gate's level or above, that no baseline accepts. */
  blocking: CheckResult[];
  /** Failures the baseline accepts (known, not expired). */
  known: CheckResult[];
  /** Failures below the gate's level: SHOULD and MAY by default, MAY under --fail-on should. */
  warnings: CheckResult[];
  passed: boolean;
}

/**
 * The one definition of what fails a run, which the exit code, results.json, the console, report.html and
 * junit.xml all read. An errored check blocks whatever its level, and so does a suite that could not run:
 * a gate must not pass on checks that never judged. Consequences of another check's finding are that
 * finding, already counted.
 */
export function gateOf(result: Pick<RunResult, 'checks' | 'baseline' | 'runErrors' | 'failOn'>): Gate {
  const accepted = new Set(result.baseline?.known);
  const gating = (check: CheckResult): boolean =>
    check.status === 'errored' || check.level === 'MUST' || (result.failOn === 'should' && check.level === 'SHOULD');
  const roots = result.checks.filter(isRootFailure);
  const known = roots.filter((check) => accepted.has(check.id));
  const blocking = roots.filter((check) => !accepted.has(check.id) && gating(check));
  const warnings = roots.filter((check) => !accepted.has(check.id) && !gating(check));
  return { blocking, known, warnings, passed: blocking.length === 0 && result.runErrors.length === 0 };
}

export function exitCodeFor(result: Pick<RunResult, 'checks' | 'baseline' | 'runErrors' | 'failOn'>): number {
  return gateOf(result).passed ? EXIT.ok : EXIT.failures;
}

/** What the exit code says of the gate: it passed or failed, or the run could not decide it. */
export type Verdict = 'pass' | 'fail' | 'error';

export function verdictOf(exitCode: number): Verdict {
  return exitCode === EXIT.ok ? 'pass' : exitCode === EXIT.failures ? 'fail' : 'error';
}

/**
 * The gate in one line, as every report puts it: passed or failed, with how many failures block it, are
 * known, or are warnings below its level; or why the run could not decide it.
 */
export function describeGate(result: Pick<RunResult, 'checks' | 'baseline' | 'runErrors' | 'failOn' | 'exitCode' | 'stopped'>): string {
  if (result.stopped !== undefined) return `Gate not decided: nothing was checked (exit code ${result.exitCode}): ${result.stopped}`;
  if (verdictOf(result.exitCode) === 'error') return `Gate not decided: the run was stopped (exit code ${result.exitCode})`;
  const gate = gateOf(result);
  const below = result.failOn === 'should' ? 'MAY' : 'SHOULD/MAY';
  const counts = `${gate.blocking.length} blocking ${gate.blocking.length === 1 ? 'failure' : 'failures'}; ${gate.known.length} known; ` +
    `${gate.warnings.length} ${below} ${gate.warnings.length === 1 ? 'warning' : 'warnings'}` +
    (result.runErrors.length > 0 ? `; ${result.runErrors.length} run ${result.runErrors.length === 1 ? 'error' : 'errors'}` : '');
  return `Gate ${gate.passed ? 'passed' : 'failed'}: ${counts}`;
}
