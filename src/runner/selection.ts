/** Which checks a run executes: the --suite entries (areas or suite names) narrowed by --grep. */
import { CHECKS } from '../checks/catalog.js';
import type { CheckSpec } from '../checks/types.js';

export interface Selection {
  /** Every selected check, in catalog order: these are reported. */
  checks: CheckSpec[];
  /** Selected checks that write to the target, left out of a read-only run (reported as skipped). */
  writing: CheckSpec[];
  /** The selected checks that run: all of them, less `writing`. */
  running: CheckSpec[];
  /** Suite names (suites/<name>.ts) that hold at least one selected check. */
  suites: string[];
  /** For vitest: matches exactly the selected check ids. */
  testNamePattern: RegExp;
}

export function selectChecks(suites: readonly string[], grep: string | undefined, readOnly: boolean): Selection {
  const wanted = new Set(suites);
  const pattern = grep === undefined ? undefined : new RegExp(grep);
  const checks = CHECKS.filter(
    (check) =>
      (wanted.size === 0 || wanted.has(check.area) || wanted.has(check.suite)) &&
      (pattern === undefined || pattern.test(check.id)),
  );
  const writing = readOnly ? checks.filter((check) => !check.readOnly) : [];
  const running = checks.filter((check) => !writing.includes(check));
  return {
    checks,
    writing,
    running,
    suites: [...new Set(running.map((check) => check.suite))],
    testNamePattern: matchingExactly(running.map((check) => check.id)),
  };
}

/** Matches exactly these check ids. */
export function matchingExactly(ids: readonly string[]): RegExp {
  return new RegExp(`^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}
