/** What a conformance check is, independent of how it runs. */

export const AREAS = [
  'discovery', 'auth', 'media-types', 'payload', 'create', 'read', 'projection', 'list', 'filter', 'sort',
  'pagination', 'search', 'replace', 'patch', 'delete', 'errors', 'uniqueness', 'etag', 'bulk', 'me', 'schema',
  'profile',
] as const;
export type Area = (typeof AREAS)[number];

/** How much a failure weighs: only MUST failures make a run exit 1. */
export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

export interface CheckSpec {
  /** Stable dotted name (`area.what-it-checks`): baselines and CI gates refer to it. */
  id: string;
  title: string;
  area: Area;
  level: Level;
  /** Requirement ids from the registry (src/checks/requirements.ts), or `RFC9110-…` / `vendor:…`. */
  requirements: string[];
  /** The suite file (suites/<suite>.ts) that implements the check. */
  suite: string;
  /** Reference-server quirks under which this check must fail: the proof that it can. */
  provenBy: string[];
  /** True when the check sends no request that changes the target. */
  readOnly: boolean;
  /**
   * Checks whose failure, on the same defective answer, explains this one's: this check is then reported
   * as their consequence (src/results/consequences.ts).
   */
  causedBy?: string[];
}
