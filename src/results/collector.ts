/**
 * The one vitest reporter of a run: turns vitest's test cases into CheckResults as they finish, and
 * gathers what no check owns (set-up exchanges, suite files that failed). Reporters of every format
 * are written later from the model it fills, never from vitest's objects.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { SerializedError } from 'vitest';
import { findCheck } from '../checks/catalog.js';
import type { Exchange } from '../http/exchange.js';
import { FAILURE_ERROR_NAMES } from '../runner/failure.js';
import '../runner/suite-input.js';
import type { CheckResult } from './model.js';

export class ResultCollector implements Reporter {
  readonly checks = new Map<string, CheckResult>();
  readonly setupExchanges: Exchange[] = [];
  readonly runErrors: string[] = [];
  /** Why each suite file that could not run failed, by file path. */
  readonly failedModules = new Map<string, string>();

  constructor(
    private readonly selected: ReadonlySet<string>,
    private readonly onCheck: (result: CheckResult) => void,
  ) {}

  /** Checks vitest skipped without a reason of theirs, by module: a failed set-up hook, known at module end. */
  private readonly unexplainedSkips = new Map<string, CheckResult[]>();

  onTestCaseResult(testCase: TestCase): void {
    const result = toCheckResult(testCase);
    if (result === undefined || !this.selected.has(result.id)) return;
    const outcome = testCase.result();
    if (outcome.state === 'skipped' && outcome.note === undefined) {
      const held = this.unexplainedSkips.get(testCase.module.moduleId) ?? [];
      this.unexplainedSkips.set(testCase.module.moduleId, [...held, result]);
      return;
    }
    this.add(result);
  }

  /** Records a check's result: from a test case, or computed by the runner from the finished run. */
  add(result: CheckResult): void {
    if (!this.selected.has(result.id)) return;
    this.checks.set(result.id, result);
    this.onCheck(result);
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.setupExchanges.push(...(testModule.meta().setupExchanges ?? []));
    const errors = testModule.errors();
    const [refusal] = errors.filter(isSetupRefusal);
    const faults = errors.filter((error) => !isSetupRefusal(error));
    const reason = faults.map(describeError).join('; ');
    if (faults.length > 0) {
      this.failedModules.set(testModule.moduleId, reason);
      this.runErrors.push(`${testModule.moduleId}: ${reason}`);
    }
    // vitest skips the checks of a suite whose set-up failed: they reached no verdict, so they are errored,
    // unless the target refused what the set-up asked: then they are skipped as that refusal's consequence.
    for (const held of this.unexplainedSkips.get(testModule.moduleId) ?? []) {
      if (faults.length > 0) this.add({ ...held, status: 'errored', message: `the suite's set-up failed: ${reason}` });
      else if (refusal !== undefined) this.add({ ...held, ...refusedSetupResult(refusal) });
      else this.add(held);
    }
    this.unexplainedSkips.delete(testModule.moduleId);
  }


  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const error of unhandledErrors) this.runErrors.push(`unhandled error: ${describeError(error)}`);
  }
}

function toCheckResult(testCase: TestCase): CheckResult | undefined {
  const meta = testCase.meta();
  const spec = meta.checkId === undefined ? undefined : findCheck(meta.checkId);
  if (spec === undefined) return undefined;
  const result = testCase.result();
  const base = {
    id: spec.id,
    title: spec.title,
    area: spec.area,
    level: spec.level,
    requirements: spec.requirements,
    durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
    exchanges: meta.exchanges ?? [],
  };
  switch (result.state) {
    case 'passed':
      return meta.note === undefined ? { ...base, status: 'passed' } : { ...base, status: 'passed', message: meta.note };
    case 'skipped':
      return { ...base, status: 'skipped', message: result.note ?? 'skipped' };
    case 'failed': {
      const [first] = result.errors;
      if (first !== undefined && isSetupRefusal(first)) return { ...base, ...refusedSetupResult(first) };
      const failed = first !== undefined && FAILURE_ERROR_NAMES.has(first.name ?? '');
      const root: unknown = first?.root;
      return {
        ...base,
        status: failed ? 'failed' : 'errored',
        message: first === undefined ? 'failed without an error' : failed ? first.message : describeError(first),
        ...(failed && typeof root === 'string' && root !== spec.id ? { consequenceOf: root } : {}),
      };
    }
    case 'pending':
      return undefined;
  }
}

function isSetupRefusal(error: SerializedError): boolean {
  return error.name === 'SetupRefused';
}

/** A check the target's answer to its set-up stopped: skipped, with the check whose finding that answer is. */
function refusedSetupResult(error: SerializedError): Pick<CheckResult, 'status' | 'message' | 'consequenceOf'> {
  const owner: unknown = error.owner;
  return { status: 'skipped', message: error.message, ...(typeof owner === 'string' ? { consequenceOf: owner } : {}) };
}

function describeError(error: SerializedError): string {
  const name = error.name ?? 'Error';
  return `${name}: ${error.message}`;
}
