/**
 * Every check proven both ways: the clean reference server passes everything (see embedded-run), and
 * under each quirk exactly the checks that name it fail. No other check fails or errors; one may be
 * skipped when the quirk leaves it nothing to judge (it says so in its reason). Opt-in checks, and the
 * quirks that prove only them, are proven where the opt-in is given (see test/support/opt-in.ts).
 *
 * A quirk can change only the answers the server gives after asking about it (QuirkSet.has), and the server
 * answers the same requests the same way. So each suite first runs alone against a clean server that notes
 * the quirks its run asks about: under any other quirk the suite answers as it did there, where it passed.
 * Each quirk then runs against the suites that asked about it, which must hold every check naming it.
 * What a run does around its suites (discovery, learning the tenant's rules, the final clean-up sweep) is
 * part of every clean run, so a quirk it asks about runs with every suite. The run-wide audits judge every
 * exchange of a run, so they run under every quirk.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS, SUITES } from '../../src/checks/catalog.js';
import { RUN_AUDITS } from '../../src/results/run-audits.js';
import { matchingExactly } from '../../src/runner/selection.js';
import { QUIRKS, startReferenceServer, type QuirkName, type ReferenceServerOptions } from '../../src/server/index.js';
import { CliHosts, readResults, statusById, temporaryFolder, type CliRun } from '../support/cli.js';
import { OPT_IN_CHECKS, OPT_IN_QUIRKS } from '../support/opt-in.js';

const quirks = (Object.keys(QUIRKS) as QuirkName[]).filter((quirk) => !OPT_IN_QUIRKS.has(quirk));
/** The servers want a token, so the auth checks judge rather than skip. */
const TOKEN = 'quirk-matrix-token';
/**
 * Property checks draw their cases from the seed. A fixed one makes every verdict of the matrix the same on
 * every run: a quirk that one seed's cases happened to miss would otherwise fail CI once in a long while.
 * The clean runs use it too, so that they send what the runs under the quirks send.
 */
const SEED = '20261122';
/** Checks computed from every exchange of a run (src/results/run-audits.ts) rather than by their suite. */
const AUDITS: ReadonlySet<string> = new Set(RUN_AUDITS.map((audit) => audit.id));
/**
 * A row's time counts its wait for the clean runs and for a free host as well as its own run, and the
 * matrix shares the machine with the other test files: ten minutes still catch a hang.
 */
const RUN_TIMEOUT_MS = 600_000;
/** Runs at once: a run keeps about one core busy between its CLI process and its suites' worker. */
const PARALLEL_RUNS = 3;

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let hosts: CliHosts;

beforeAll(async () => {
  folder = await temporaryFolder('matrix');
  hosts = CliHosts.start(PARALLEL_RUNS);
});
afterAll(async () => {
  await hosts.close();
  await folder.remove();
});

interface ChecksRun {
  cli: CliRun;
  statuses: Map<string, string>;
}

/** Runs exactly the checks `ids` against a reference server started with `options`. */
async function runChecks(options: ReferenceServerOptions, label: string, ids: readonly string[]): Promise<ChecksRun> {
  const server = await startReferenceServer({ ...options, token: TOKEN });
  const reportDir = `${folder.path}/${label}`;
  try {
    const grep = matchingExactly(ids).source;
    const cli = await hosts.run(['run', '--url', server.url, '--token', TOKEN, '--seed', SEED, '--grep', grep, '--report-dir', reportDir]);
    return { cli, statuses: statusById(await readResults(reportDir)) };
  } finally {
    await server.close();
  }
}

function failedOrErrored(statuses: Map<string, string>): string[] {
  return [...statuses].filter(([, status]) => status === 'failed' || status === 'errored').map(([id]) => id).sort();
}

interface CleanRun {
  /** What kept the run from passing: empty when it passed. */
  problems: string[];
  asked: ReadonlySet<QuirkName>;
}

const cleanRuns = new Map<string, Promise<CleanRun>>();

/** The suite's run on a clean server, started by the first test that needs it. */
function cleanRun(suite: string): Promise<CleanRun> {
  let run = cleanRuns.get(suite);
  if (run === undefined) {
    const asked = new Set<QuirkName>();
    run = runChecks({ consultedQuirks: asked }, `clean-${suite}`, CHECKS.filter((check) => check.suite === suite).map((check) => check.id)).then(({ cli, statuses }) => ({
      problems: [
        ...(cli.stderr === '' ? [] : [`stderr: ${cli.stderr}`]),
        ...failedOrErrored(statuses).map((id) => `${id}: ${statuses.get(id) ?? ''}`),
        ...(cli.code === 0 ? [] : [`exit code ${cli.code}`]),
      ],
      asked,
    }));
    cleanRuns.set(suite, run);
  }
  return run;
}

// Defined first, so they start first: every quirk's test waits for all of them.
describe.concurrent('each suite alone on a clean server', () => {
  test.each(SUITES)('%s passes, and the quirks its run asks about are noted', async (suite) => {
    expect((await cleanRun(suite)).problems).toEqual([]);
  }, RUN_TIMEOUT_MS);
});

describe.concurrent('the quirk matrix', () => {
  test.each(quirks)('under %s exactly its checks fail', async (quirk) => {
    const expected = CHECKS.filter((check) => check.provenBy.includes(quirk) && !OPT_IN_CHECKS.has(check.id));
    expect(expected, `no check names the quirk ${quirk}`).not.toEqual([]);
    const clean = await Promise.all(SUITES.map(cleanRun));
    expect(SUITES.filter((_, i) => clean[i]?.problems.length !== 0), 'suites that do not pass alone on a clean server').toEqual([]);
    const asking = SUITES.filter((_, i) => clean[i]?.asked.has(quirk) === true);
    expect(asking, `no suite asks about ${quirk}`).not.toEqual([]);
    // A suite that never asks about the quirk answers under it as on the clean server: its checks cannot fail.
    const unreachable = expected.filter((check) => !AUDITS.has(check.id) && !asking.includes(check.suite)).map((check) => check.id);
    expect(unreachable, `checks naming ${quirk} in suites that never ask about it`).toEqual([]);

    const selected = CHECKS.filter((check) => asking.includes(check.suite) || AUDITS.has(check.id)).map((check) => check.id);
    const { cli, statuses } = await runChecks({ quirks: [quirk] }, quirk, selected);
    expect(cli.stderr).toBe('');
    expect(failedOrErrored(statuses)).toEqual(expected.map((check) => check.id).sort());
    for (const { id } of expected) expect(statuses.get(id), id).toBe('failed');
    expect(cli.code).toBe(expected.some((check) => check.level === 'MUST') ? 1 : 0);
  }, RUN_TIMEOUT_MS);
});
