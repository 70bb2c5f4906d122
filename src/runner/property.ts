/**
 * Property-based checks against a live target: fast-check generates cases from a seed derived from the
 * run's seed and the check id, shrinks a failing case to the smallest one that still fails, and the
 * failure names that case, the seed and the command that replays it. A property that classifies its
 * failures reports each distinct defect it finds, each with its own smallest case.
 */
import fc from 'fast-check';
import { commonRoot, ConformanceFailure, ConformanceFailures } from './failure.js';
import type { CheckContext } from './suite.js';

export interface PropertyOptions<T> {
  /** How a case is shown in the failure message (default: fast-check's stringify). */
  describe?: (value: T) => string;
  /**
   * Names the defect a failure of a case shows (for a filter, its operator and attribute type). With it, a
   * property that fails searches on for failures of the defects not yet found, and reports each defect
   * with its own smallest case.
   */
  classify?: (value: T, failure: ConformanceFailure) => string;
}

/** The most defects one property reports: each one after the first costs a further round of cases. */
export const MAX_DEFECTS = 4;

/** Checks of one run draw different cases from one --seed, and each check's cases do not depend on which others ran. */
export function propertySeed(runSeed: number, checkId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < checkId.length; index += 1) {
    hash = Math.imul(hash ^ checkId.charCodeAt(index), 0x01000193);
  }
  return (runSeed ^ hash) | 0;
}

/**
 * Cases that are several independent probes judged side by side (filters sent at once): a failing batch
 * shrinks first to each of its probes alone, then shrinks its probes in place.
 */
export function batchArbitrary<T>(item: fc.Arbitrary<T>, constraints: { minLength: number; maxLength: number }): fc.Arbitrary<T[]> {
  return new BatchArbitrary(item, constraints.minLength, constraints.maxLength);
}

class BatchArbitrary<T> extends fc.Arbitrary<T[]> {
  constructor(
    private readonly item: fc.Arbitrary<T>,
    private readonly minLength: number,
    private readonly maxLength: number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T[]> {
    const items = Array.from({ length: mrng.nextInt(this.minLength, this.maxLength) }, () => this.item.generate(mrng, biasFactor));
    return batchValue(items);
  }

  canShrinkWithoutContext(_value: unknown): _value is T[] {
    return false;
  }

  shrink(_value: T[], context: unknown): fc.Stream<fc.Value<T[]>> {
    const items = context as Array<fc.Value<T>>;
    const { item } = this;
    return new fc.Stream(
      (function* shrinks(): Generator<fc.Value<T[]>> {
        if (items.length > 1) for (const alone of items) yield batchValue([alone]);
        for (let index = 0; index < items.length; index += 1) {
          const current = items[index] as fc.Value<T>;
          for (const smaller of item.shrink(current.value_, current.context)) yield batchValue(items.with(index, smaller));
        }
      })(),
    );
  }
}

function batchValue<T>(items: Array<fc.Value<T>>): fc.Value<T[]> {
  return new fc.Value(items.map((item) => item.value_), items);
}

interface Defect<T> {
  name: string;
  failure: ConformanceFailure;
  smallest: T;
  numRuns: number;
  numShrinks: number;
}

type Round<T> = { defect: Defect<T> } | { passed: true } | { stopped: Error };

/**
 * Runs `predicate` on t.numRuns generated cases. The predicate signals a broken requirement by throwing a
 * ConformanceFailure (verify/fail), or ConformanceFailures for several at once; any other error stops the
 * property, unshrunk, and errors the check. On failure the check's evidence is the exchanges of the shrunk
 * cases alone.
 *
 * With `classify`, a failure starts a round's defect: shrinking keeps only candidates that fail with the
 * same defect, and each next round runs the same cases again, a case failing only with defects already
 * found counting as a pass, until a round finds nothing new or MAX_DEFECTS are found.
 */
export async function checkProperty<T>(
  t: CheckContext,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  const defects: Array<Defect<T>> = [];
  let stopped: Error | undefined;
  while (defects.length < (options.classify === undefined ? 1 : MAX_DEFECTS)) {
    const round = await searchRound(t, arbitrary, predicate, options.classify, new Set(defects.map((defect) => defect.name)));
    if ('passed' in round) break;
    if ('stopped' in round) {
      // Before any failure the check has no verdict; after one, the defects found stand.
      if (defects.length === 0) throw round.stopped;
      stopped = round.stopped;
      break;
    }
    defects.push(round.defect);
  }
  if (defects.length === 0) return;
  t.restartEvidence();
  for (const defect of defects) {
    try {
      // Run once more so the evidence holds exactly the smallest cases' requests; each is expected to fail again.
      await predicate(defect.smallest);
    } catch (replayError) {
      if (!(replayError instanceof ConformanceFailure)) throw replayError;
    }
  }
  // Defects that all repeat one other check's finding (a list without Resources, say) are that finding.
  throw new ConformanceFailure(propertyMessage(t, defects, options, stopped), commonRoot(defects.map((defect) => defect.failure)));
}

async function searchRound<T>(
  t: CheckContext,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  classify: PropertyOptions<T>['classify'],
  found: ReadonlySet<string>,
): Promise<Round<T>> {
  // An error that is not a broken requirement (no answer, a failed set-up) says nothing about the case, so
  // it is not shrunk: the first one before any failure ends the round, and the remaining cases send nothing.
  // Once a case has failed, shrinking is under way, and a candidate that errors is simply not a smaller case.
  let stopped: { error: unknown } | undefined;
  let defect: string | undefined;
  const guarded = async (value: T): Promise<void> => {
    if (stopped !== undefined) return;
    try {
      await predicate(value);
    } catch (error) {
      if (fc.PreconditionFailure.isFailure(error)) throw error;
      if (error instanceof ConformanceFailure) {
        if (classify === undefined) {
          defect = '';
          throw error;
        }
        const failures = error instanceof ConformanceFailures ? error.failures : [error];
        const named = failures.map((failure) => ({ failure, name: classify(value, failure) }));
        // Within a round only its own defect fails a case: shrinking must not drift to another one.
        const wanted = named.find(({ name }) => (defect === undefined ? !found.has(name) : name === defect));
        if (wanted === undefined) return;
        defect ??= wanted.name;
        throw wanted.failure;
      }
      if (defect === undefined) stopped = { error };
    }
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, guarded), {
    seed: propertySeed(t.seed, t.checkId),
    numRuns: t.numRuns,
  });
  if (stopped !== undefined) return { stopped: asError(stopped.error) };
  if (!details.failed) return { passed: true };
  const { errorInstance, counterexample } = details;
  if (!(errorInstance instanceof ConformanceFailure) || counterexample === null || defect === undefined) return { stopped: asError(errorInstance) };
  return { defect: { name: defect, failure: errorInstance, smallest: counterexample[0], numRuns: details.numRuns, numShrinks: details.numShrinks } };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`property stopped: ${String(error)}`);
}

function propertyMessage<T>(t: CheckContext, defects: ReadonlyArray<Defect<T>>, options: PropertyOptions<T>, stopped: Error | undefined): string {
  const lines: string[] = [];
  if (defects.length > 1) {
    const most = defects.length === MAX_DEFECTS ? ' (the most one run searches for)' : '';
    lines.push(`${defects.length} distinct defects${most}: ${defects.map((defect) => defect.name).join('; ')}`);
  }
  for (const defect of defects) {
    lines.push(
      options.classify === undefined ? defect.failure.message : `${defect.name}: ${defect.failure.message}`,
      `smallest failing case (${defect.numRuns} cases tried, ${defect.numShrinks} shrinks): ${options.describe?.(defect.smallest) ?? fc.stringify(defect.smallest)}`,
    );
  }
  if (stopped !== undefined) lines.push(`the search for further defects stopped: ${stopped.message}`);
  lines.push(`replay: the same scimprobe run with --seed ${t.seed} --num-runs ${t.numRuns} --grep '^${t.checkId.replace(/\./g, '\\.')}$'`);
  return lines.join('\n');
}
