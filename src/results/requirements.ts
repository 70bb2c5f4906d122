/** What a run says about each requirement: broken, upheld, or not judged and why. */
import { REQUIREMENTS } from '../checks/requirements.js';
import type { Level } from '../checks/types.js';
import type { CheckResult } from './model.js';

export type RequirementStatus = 'broken' | 'upheld' | 'not judged';

export interface RequirementVerdict {
  id: string;
  level: Level;
  summary: string;
  status: RequirementStatus;
  /** The run's checks that cite the requirement. */
  checks: string[];
  /** For a requirement not judged: why each citing check reached no verdict. */
  reasons: string[];
}

/**
 * Verdicts for every registry requirement the run's checks cite, in registry order: broken when a citing
 * check failed, upheld when one passed and none failed, otherwise not judged (skipped or errored).
 * Citations outside the registry (HTTP semantics, vendor documentation) are left out.
 */
export function requirementVerdicts(checks: readonly CheckResult[]): RequirementVerdict[] {
  const verdicts: RequirementVerdict[] = [];
  for (const requirement of REQUIREMENTS.values()) {
    const citing = checks.filter((check) => check.requirements.includes(requirement.id));
    if (citing.length === 0) continue;
    const status: RequirementStatus = citing.some((check) => check.status === 'failed')
      ? 'broken'
      : citing.some((check) => check.status === 'passed')
        ? 'upheld'
        : 'not judged';
    verdicts.push({
      id: requirement.id,
      level: requirement.level,
      summary: requirement.summary,
      status,
      checks: citing.map((check) => check.id),
      reasons: status === 'not judged' ? citing.map((check) => `${check.id}: ${check.message ?? check.status}`) : [],
    });
  }
  return verdicts;
}
