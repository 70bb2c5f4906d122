import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ConformanceFailure, verify } from '../../src/runner/failure.js';
import { checkProperty, propertySeed } from '../../src/runner/property.js';
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
});
