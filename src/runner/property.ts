/**
 * Property-based checks against a live target: fast-check generates cases from a seed derived from the
 * run's seed and the check id, shrinks a failing case to the smallest one that still fails, and the
 * failure names that case, the seed and the command that replays it.
 */
import fc from 'fast-check';
import { ConformanceFailure, fail } from './failure.js';
import type { CheckContext } from './suite.js';

export interface PropertyOptions<T> {
  /** How a case is shown in the failure message (default: fast-check's stringify). */
  describe?: (value: T) => string;
}

/** Checks of one run draw different cases from one --seed, and each check's cases do not depend on which others ran. */
export function propertySeed(runSeed: number, checkId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < checkId.length; index += 1) {
    hash = Math.imul(hash ^ checkId.charCodeAt(index), 0x01000193);
  }
  return (runSeed ^ hash) | 0;
}

/**
 * Runs `predicate` on t.numRuns generated cases. The predicate signals a broken requirement by throwing a
 * ConformanceFailure (verify/fail); any other error stops the property, unshrunk, and errors the check. On failure the
 * check's evidence is the exchanges of the shrunk case alone.
 */
export async function checkProperty<T>(
  t: CheckContext,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  // An error that is not a broken requirement (no answer, a failed set-up) says nothing about the case, so
  // it is not shrunk: the first one before any failure ends the check, and the remaining cases send nothing.
  // Once a case has failed, shrinking is under way, and a candidate that errors is simply not a smaller case.
  let stopped: { error: unknown } | undefined;
  let failedOnce = false;
  const guarded = async (value: T): Promise<void> => {
    if (stopped !== undefined) return;
    try {
      await predicate(value);
    } catch (error) {
      if (error instanceof ConformanceFailure || fc.PreconditionFailure.isFailure(error)) {
        failedOnce ||= error instanceof ConformanceFailure;
        throw error;
      }
      if (!failedOnce) stopped = { error };
    }
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, guarded), {
    seed: propertySeed(t.seed, t.checkId),
    numRuns: t.numRuns,
  });
  if (stopped !== undefined) throw stopped.error instanceof Error ? stopped.error : new Error(`property stopped: ${String(stopped.error)}`);
  if (!details.failed) return;
  const { errorInstance, counterexample } = details;
  if (!(errorInstance instanceof ConformanceFailure) || counterexample === null) {
    throw errorInstance instanceof Error ? errorInstance : new Error(`property stopped: ${String(errorInstance)}`);
  }
  const [smallest] = counterexample;
  t.restartEvidence();
  try {
    // Run once more so the evidence holds exactly the smallest case's requests; it is expected to fail again.
    await predicate(smallest);
  } catch (replayError) {
    if (!(replayError instanceof ConformanceFailure)) throw replayError;
  }
  const shown = options.describe?.(smallest) ?? fc.stringify(smallest);
  fail(
    `${errorInstance.message}\n` +
      `smallest failing case (${details.numRuns} cases tried, ${details.numShrinks} shrinks): ${shown}\n` +
      `replay: the same scimprobe run with --seed ${t.seed} --num-runs ${t.numRuns} --grep '^${t.checkId.replace(/\./g, '\\.')}$'`,
  );
}
