/** Which checks a run executes: the --suite entries (areas or suite names) narrowed by --grep. */
import { CHECKS } from '../checks/catalog.js';
import type { CheckSpec } from '../checks/types.js';

export interface Selection {
  checks: CheckSpec[];
  /** Suite names (suites/<name>.ts) that hold at least one selected check. */
  suites: string[];
  /** For vitest: matches exactly the selected check ids. */
  testNamePattern: RegExp;
}

export function selectChecks(suites: readonly string[], grep: string | undefined): Selection {
  const wanted = new Set(suites);
  const pattern = grep === undefined ? undefined : new RegExp(grep);
  const checks = CHECKS.filter(
    (check) =>
      (wanted.size === 0 || wanted.has(check.area) || wanted.has(check.suite)) &&
      (pattern === undefined || pattern.test(check.id)),
  );
  const escaped = checks.map((check) => check.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    checks,
    suites: [...new Set(checks.map((check) => check.suite))],
    testNamePattern: new RegExp(`^(?:${escaped.join('|')})$`),
  };
}
