import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConformanceFailure, failWithAll, verify } from '../../src/runner/failure.js';
import { batchArbitrary, checkProperty, MAX_DEFECTS, propertySeed } from '../../src/runner/property.js';
import type { CheckContext } from '../../src/runner/suite.js';

/** Only what checkProperty reads of a check's context; the rest belongs to live runs. */
function context(overrides: Partial<CheckContext> = {}): CheckContext & { restarts: number } {
  const fake = {
    checkId: 'filter.example',
    seed: 1234,
    numRuns: 100,
    restarts: 0,
    restartEvidence() {
      fake.restarts += 1;
    },
    ...overrides,
  };
  return fake as unknown as CheckContext & { restarts: number };
}

describe('checkProperty', () => {
  test('passes when every case holds', async () => {
    const seen: number[] = [];
    await checkProperty(context(), fc.integer({ min: 0, max: 10 }), async (value) => {
      seen.push(value);
      verify(value <= 10, 'never');
    });
    expect(seen).toHaveLength(100);
  });

  test('fails with the shrunk case, the seed and the replay command, evidence restarted', async () => {
    const t = context();
    const replayed: number[] = [];
    const failure = await checkProperty(t, fc.integer({ min: 0, max: 1000 }), async (value) => {
      replayed.push(value);
      verify(value < 37, `the server lost case ${value}`);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConformanceFailure);
    const message = (failure as Error).message;
    expect(message).toMatch(/^the server lost case 37\n/);
    expect(message).toContain('smallest failing case (');
    expect(message).toContain(': 37\n');
    expect(message).toContain("--seed 1234 --num-runs 100 --grep '^filter\\.example$'");
    expect(t.restarts).toBe(1);
    expect(replayed.at(-1)).toBe(37);
  });

  test('an error that is not a conformance failure errors the check instead of failing it', async () => {
    const outcome = await checkProperty(context(), fc.integer(), async () => {
      throw new TypeError('connection reset');
    }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(TypeError);
  });

  test('such an error is not shrunk: the cases after it send nothing', async () => {
    let calls = 0;
    const outcome = await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async (value) => {
      calls += 1;
      if (value > 10) throw new TypeError(`no answer for case ${value}`);
    }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(TypeError);
    expect(calls).toBeLessThan(100);
    expect((outcome as Error).message).not.toBe('no answer for case 11');
  });

  test('an error while a failure is being shrunk only rules that candidate out', async () => {
    const failure = await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async (value) => {
      if (value === 40) throw new TypeError('no answer');
      verify(value < 37, `the server lost case ${value}`);
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConformanceFailure);
    expect((failure as Error).message).toMatch(/^the server lost case 37\n/);
  });

  test('the same seed draws the same cases; another check id draws others', async () => {
    const draw = async (checkId: string): Promise<number[]> => {
      const values: number[] = [];
      await checkProperty(context({ checkId, numRuns: 20 }), fc.integer(), async (value) => {
        values.push(value);
      });
      return values;
    };
    expect(await draw('a.one')).toEqual(await draw('a.one'));
    expect(await draw('a.one')).not.toEqual(await draw('a.two'));
    expect(propertySeed(1, 'x')).not.toBe(propertySeed(2, 'x'));
  });

  test('a batch shrinks to the one probe that fails', () => {
    const details = fc.check(fc.property(batchArbitrary(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (values) => values.every((value) => value < 50)), { seed: 3 });
    expect(details.counterexample).toEqual([[50]]);
  });
});

describe('checkProperty with classified failures', () => {
  /** Two defects: values above 600, and values ending in 3; a value can show both. */
  const twoDefects = async (value: number): Promise<void> => {
    const failures: ConformanceFailure[] = [];
    if (value > 600) failures.push(new ConformanceFailure(`too large: ${value}`));
    if (value % 10 === 3) failures.push(new ConformanceFailure(`ends in 3: ${value}`));
    failWithAll(failures);
  };
  const byPrefix = (_value: number, failure: ConformanceFailure): string => (failure.message.startsWith('too large') ? 'above 600' : 'a last digit 3');

  test('reports every defect with its own smallest case, and replays each for the evidence', async () => {
    const t = context();
    const replayed: number[] = [];
    const failure = await checkProperty(t, fc.integer({ min: 0, max: 1000 }), async (value) => {
      replayed.push(value);
      await twoDefects(value);
    }, { classify: byPrefix }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConformanceFailure);
    const lines = (failure as Error).message.split('\n');
    expect(lines[0]).toMatch(/^2 distinct defects: (above 600; a last digit 3|a last digit 3; above 600)$/);
    expect(lines).toContain('above 600: too large: 601');
    const endsIn3 = lines.findIndex((line) => line.startsWith('a last digit 3: ends in 3: '));
    const shrunk = lines[endsIn3]?.slice('a last digit 3: ends in 3: '.length);
    expect(shrunk).toMatch(/^\d*3$/);
    expect(lines[endsIn3 + 1]).toMatch(new RegExp(`^smallest failing case \\(\\d+ cases tried, \\d+ shrinks\\): ${shrunk}$`));
    expect(lines.at(-1)).toContain("--seed 1234 --num-runs 100 --grep '^filter\\.example$'");
    expect(t.restarts).toBe(1);
    expect(replayed.slice(-2).map(String).sort()).toEqual([shrunk, '601'].sort());
  });

  test('one defect is named before its message', async () => {
    const failure = await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async (value) => {
      verify(value <= 600, `too large: ${value}`);
    }, { classify: byPrefix }).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/^above 600: too large: 601\nsmallest failing case \(/);
  });

  test('a passing property runs its cases once', async () => {
    let calls = 0;
    await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async () => {
      calls += 1;
    }, { classify: byPrefix });
    expect(calls).toBe(100);
  });

  test(`the search stops at ${MAX_DEFECTS} defects`, async () => {
    const failure = await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async (value) => {
      verify(value < 10, `${value} has two digits or more`);
    }, { classify: (value) => `last digit ${value % 10}` }).catch((error: unknown) => error);
    const first = (failure as Error).message.split('\n')[0];
    expect(first).toMatch(new RegExp(`^${MAX_DEFECTS} distinct defects \\(the most one run searches for\\): `));
    expect(first?.split('; ')).toHaveLength(MAX_DEFECTS);
  });

  test('an error after a defect was found ends the search but keeps the defect', async () => {
    const failure = await checkProperty(context(), fc.integer({ min: 0, max: 1000 }), async (value) => {
      verify(value <= 600, `too large: ${value}`);
      if (value % 10 === 3) throw new TypeError('connection reset');
    }, { classify: byPrefix }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConformanceFailure);
    const message = (failure as Error).message;
    expect(message).toMatch(/^above 600: too large: 601\n/);
    expect(message).toContain('the search for further defects stopped: connection reset');
  });
});
