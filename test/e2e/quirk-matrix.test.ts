/**
 * Every check proven both ways: the clean reference server passes everything (see embedded-run), and
 * under each quirk exactly the checks that name it fail. No other check fails or errors; one may be
 * skipped when the quirk leaves it nothing to judge (it says so in its reason). Opt-in checks, and the
 * quirks that prove only them, are proven where the opt-in is given (see test/support/opt-in.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { QUIRKS, startReferenceServer, type QuirkName } from '../../src/server/index.js';
import { readResults, runCli, statusById, temporaryFolder } from '../support/cli.js';
import { OPT_IN_CHECKS, OPT_IN_QUIRKS } from '../support/opt-in.js';

const quirks = (Object.keys(QUIRKS) as QuirkName[]).filter((quirk) => !OPT_IN_QUIRKS.has(quirk));
/** The servers want a token, so the auth checks judge rather than skip. */
const TOKEN = 'quirk-matrix-token';
/**
 * Property checks draw their cases from the seed. A fixed one makes every verdict of the matrix the same on
 * every run: a quirk that one seed's cases happened to miss would otherwise fail CI once in a long while.
 */
const SEED = '20261122';
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder('matrix');
});
afterAll(() => folder.remove());

describe.concurrent('the quirk matrix', () => {
  test.each(quirks)('under %s exactly its checks fail', async (quirk) => {
    const expected = CHECKS.filter((check) => check.provenBy.includes(quirk) && !OPT_IN_CHECKS.has(check.id)).map((check) => check.id);
    expect(expected, `no check names the quirk ${quirk}`).not.toEqual([]);

    const server = await startReferenceServer({ quirks: [quirk], token: TOKEN });
    const reportDir = `${folder.path}/${quirk}`;
    try {
      const run = await runCli(['run', '--url', server.url, '--token', TOKEN, '--seed', SEED, '--report-dir', reportDir]);
      expect(run.stderr).toBe('');
      const statuses = statusById(await readResults(reportDir));
      const failed = [...statuses].filter(([, status]) => status === 'failed' || status === 'errored').map(([id]) => id).sort();
      expect(failed).toEqual([...expected].sort());
      for (const id of expected) expect(statuses.get(id), id).toBe('failed');
      const mustFail = CHECKS.some((check) => expected.includes(check.id) && check.level === 'MUST');
      expect(run.code).toBe(mustFail ? 1 : 0);
    } finally {
      await server.close();
    }
    // Every quirk runs the whole catalog, property checks included, at once with the others.
  }, 180_000);
});
