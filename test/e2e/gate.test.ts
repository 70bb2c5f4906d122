/**
 * One gate, read the same by every report: a SHOULD-level failure alone passes the run (exit 0, verdict
 * pass, no <failure> in junit.xml) unless --fail-on should makes it block, and then it is the one <failure>.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder } from '../support/cli.js';
import { descendants, parseXml } from '../support/xml.js';

const TOKEN = 'gate-token';
/** discovery.filter-forbidden is SHOULD-level (RFC 7644 §4), and the quirk breaks it alone. */
const SHOULD_CHECK = 'discovery.filter-forbidden';

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer({ token: TOKEN, quirks: ['discovery-filter-ignored'] }), temporaryFolder('gate')]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

async function run(name: string, extra: string[]): Promise<{ code: number; failures: string[]; skipped: string[]; jobSummary: string }> {
  const reportDir = join(folder.path, name);
  const jobSummaryPath = join(folder.path, `${name}-summary.md`);
  const cli = await runCli(['run', '--url', server.url, '--token', TOKEN, '--suite', 'discovery', '--report-dir', reportDir, ...extra], {
    env: { GITHUB_STEP_SUMMARY: jobSummaryPath },
  });
  const results = await readResults(reportDir);
  expect(results.exitCode).toBe(cli.code);
  expect(results.verdict).toBe(cli.code === 0 ? 'pass' : 'fail');
  expect(cli.stdout.trim().split('\n').at(-1)).toBe(results.gate.summary);
  const junit = parseXml(await readFile(join(reportDir, 'junit.xml'), 'utf8'));
  const named = (element: string): string[] =>
    descendants(junit, 'testcase').filter((testcase) => descendants(testcase, element).length > 0).map((testcase) => testcase.attributes.name ?? '');
  return { code: cli.code, failures: named('failure'), skipped: named('skipped'), jobSummary: await readFile(jobSummaryPath, 'utf8') };
}

test('a SHOULD failure alone passes the gate, and junit.xml holds no <failure>', async () => {
  const outcome = await run('default', []);
  expect(outcome.code).toBe(0);
  expect(outcome.failures).toEqual([]);
  expect(outcome.skipped).toContain(SHOULD_CHECK);
  // Under GitHub Actions the job summary says the same.
  expect(outcome.jobSummary).toMatch(/^## scimprobe: Gate passed: 0 blocking failures; 0 known; 1 SHOULD\/MAY warning\n/);
  expect(outcome.jobSummary).toContain(`- **below the gate** \`${SHOULD_CHECK}\` (SHOULD)`);
});

test('--fail-on should makes it block: exit 1, and it is the one <failure>', async () => {
  const outcome = await run('should', ['--fail-on', 'should']);
  expect(outcome.code).toBe(1);
  expect(outcome.failures).toEqual([SHOULD_CHECK]);
});
