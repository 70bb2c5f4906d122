import type { CheckSpec } from './types.js';

/** The fields every check of one suite file shares are filled in once. */
export function defineSuiteChecks(
  suite: string,
  specs: ReadonlyArray<Omit<CheckSpec, 'suite' | 'readOnly'> & { readOnly?: boolean }>,
): CheckSpec[] {
  return specs.map((spec) => ({ ...spec, suite, readOnly: spec.readOnly ?? true }));
}
