/** Runs suite files through vitest's Node API, with the collector as the only reporter. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT, RUNNING_COMPILED } from '../package-files.js';
import type { ResultCollector } from '../results/collector.js';
import type { SuiteInput } from './suite-input.js';

/** Where the suite files are: compiled beside the CLI, or the TypeScript sources in a checkout. */
export const SUITES_DIR = join(PACKAGE_ROOT, RUNNING_COMPILED ? 'dist/suites' : 'suites');
const SUITE_EXTENSION = RUNNING_COMPILED ? '.js' : '.ts';

/**
 * The compiled harness the suites import is plain ESM, so the workers load it with Node's own import rather
 * than through vite's transform and module runner: a run then spends less CPU and memory getting started.
 * Sources (.ts) still go through vite, and node_modules are external anyway.
 */
const COMPILED_HARNESS = new RegExp(`${escapeRegExp(join(PACKAGE_ROOT, 'dist/src/'))}`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

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
  stop: AbortSignal,
): Promise<void> {
  // Loaded here rather than with the CLI: vitest and vite are most of its start-up, which commands and
  // runs that stop before the suites do not need.
  const { createVitest } = await import('vitest/node');
  // A cache of its own: runs of other users, or concurrent runs, never share one.
  const cacheDir = await mkdtemp(join(tmpdir(), 'scimprobe-vite-'));
  const ownListeners = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
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
      // Suite files keep no state of their own beyond what useScim() creates per file, so they can share one
      // module graph per worker: loading vitest and the harness once, not once per file, makes a run 3-4x faster.
      isolate: false,
      ...(RUNNING_COMPILED ? { server: { deps: { external: [COMPILED_HARNESS] } } } : {}),
    },
    { logLevel: 'silent', cacheDir },
  );
  // vitest's logger exits the process on SIGINT/SIGTERM; the run stops the suites itself (see `stop`) so it
  // can still delete what it created and write its reports.
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!ownListeners.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  // After a cancel, vitest.start() may never settle, so the run waits for whichever comes first.
  const stopped = new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  const cancel = (): Promise<void> => vitest.cancelCurrentRun('keyboard-input');
  try {
    if (!stop.aborted) await Promise.race([vitest.start(), stopped.then(cancel)]);
  } finally {
    await vitest.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
