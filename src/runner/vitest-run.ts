/** Runs suite files through vitest's Node API, with the collector as the only reporter. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVitest } from 'vitest/node';
import { PACKAGE_ROOT, RUNNING_COMPILED } from '../package-files.js';
import type { ResultCollector } from '../results/collector.js';
import type { SuiteInput } from './suite-input.js';

/** Where the suite files are: compiled beside the CLI, or the TypeScript sources in a checkout. */
export const SUITES_DIR = join(PACKAGE_ROOT, RUNNING_COMPILED ? 'dist/suites' : 'suites');
const SUITE_EXTENSION = RUNNING_COMPILED ? '.js' : '.ts';

/** A check's own deadline; each request inside it has the per-request timeout too. */
const CHECK_TIMEOUT_MS = 300_000;

export function suiteFile(suite: string): string {
  return join(SUITES_DIR, `${suite}${SUITE_EXTENSION}`);
}

export async function runSuites(
  suites: readonly string[],
  testNamePattern: RegExp,
  input: SuiteInput,
  collector: ResultCollector,
): Promise<void> {
  const vitest = await createVitest(
    'test',
    {
      watch: false,
      config: false,
      root: SUITES_DIR,
      dir: SUITES_DIR,
      // Suites may live under node_modules when scimprobe is installed as a package: nothing is excluded.
      include: suites.map((suite) => `${suite}${SUITE_EXTENSION}`),
      exclude: [],
      reporters: [collector],
      provide: { scimprobe: input },
      testNamePattern,
      testTimeout: CHECK_TIMEOUT_MS,
      hookTimeout: CHECK_TIMEOUT_MS,
      passWithNoTests: true,
    },
    { logLevel: 'silent', cacheDir: join(tmpdir(), 'scimprobe-vite-cache') },
  );
  try {
    await vitest.start();
  } finally {
    await vitest.close();
  }
}
