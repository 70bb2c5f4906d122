/** A run's failures compared with a baseline of known ones: what a CI gate acts on. */
import type { Baseline } from '../config/baseline-file.js';
import type { CheckResult } from './model.js';
import { isRootFailure } from './verdict.js';

export interface BaselineOutcome {
  file: string;
  /** Failing checks the baseline accepts: reported, not blocking. */
  known: string[];
  /** Failing checks the baseline does not list. */
  new: string[];
  /** Failing checks whose entry has expired: they block again. */
  expired: string[];
  /** Entries whose check now passes: they can be dropped. */
  fixed: string[];
}

/** An entry holds through the whole of its expiry day, in UTC. */
function hasExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && now.toISOString().slice(0, 10) > expires;
}

export function compareWithBaseline(checks: readonly CheckResult[], baseline: Baseline, now: Date): BaselineOutcome {
  const entries = new Map(baseline.entries.map((entry) => [entry.check, entry]));
  const outcome: BaselineOutcome = { file: baseline.file, known: [], new: [], expired: [], fixed: [] };
  for (const check of checks) {
    const entry = entries.get(check.id);
    if (isRootFailure(check)) {
      if (entry === undefined) outcome.new.push(check.id);
      else if (hasExpired(entry.expires, now)) outcome.expired.push(check.id);
      else outcome.known.push(check.id);
    } else if (entry !== undefined && check.status === 'passed') {
      outcome.fixed.push(check.id);
    }
  }
  return outcome;
}
