/** Which requirements of the registry the checks cover, and why the others are not covered. */
import { CHECKS } from './catalog.js';
import { REQUIREMENTS, type Requirement } from './requirements.js';
import type { CheckSpec } from './types.js';

export interface RequirementCoverage {
  requirement: Requirement;
  checks: CheckSpec[];
  /** Why no check covers the requirement; absent when one does. */
  uncovered?: string;
}

/** Requirements a black-box run against one base URL with one credential cannot observe, by what their gate needs. */
const UNOBSERVABLE: ReadonlyArray<[RegExp, string]> = [
  [/2nd credential/, 'needs a second credential with fewer rights'],
  [/https base|deployment/, 'depends on the deployment (TLS, the plain-http variant of the base URL), not on the SCIM base URL'],
  [/SP policy/, 'depends on which attributes the service provider deems sensitive'],
];

export function requirementCoverage(checks: readonly CheckSpec[] = CHECKS): RequirementCoverage[] {
  return [...REQUIREMENTS.values()].map((requirement) => {
    const covering = checks.filter((check) => check.requirements.includes(requirement.id));
    if (covering.length > 0) return { requirement, checks: covering };
    const unobservable = UNOBSERVABLE.find(([gate]) => gate.test(requirement.gate));
    return { requirement, checks: covering, uncovered: unobservable?.[1] ?? 'no check written yet' };
  });
}
