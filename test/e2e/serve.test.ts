/**
 * `scimprobe serve` runs the reference server on its own, and `run --url` checks it like any target: the
 * shared clean run (test/support/clean-run.ts) is that run against a serve process of its own.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI_PATH, readResults, runCli, temporaryFolder } from '../support/cli.js';
import { cleanRun } from '../support/clean-run.js';
import { childElements, descendants, parseXml } from '../support/xml.js';

/** A run that stopped at discovery leaves results.json and junit.xml a CI step can publish, each naming the cause. */
async function expectStoppedReports(reportDir: string, cause: RegExp): Promise<void> {
  const results = await readResults(reportDir);
  expect(results).toMatchObject({ verdict: 'error', exitCode: 3, checks: [] });
  expect(results.stopped).toMatch(cause);
  const junit = parseXml(await readFile(join(reportDir, 'junit.xml'), 'utf8'));
  const cases = descendants(junit, 'testcase');
  expect(cases.map((element) => element.attributes.name)).toEqual(['discovery']);
  expect(childElements(cases[0] as NonNullable<(typeof cases)[0]>, 'error')[0]?.attributes.message).toMatch(cause);
  expect(await readFile(join(reportDir, 'report.html'), 'utf8')).toContain('data-verdict="error" data-exit-code="3"');
}

const TOKEN = 'serve-token-4b1e';
let serve: ChildProcessWithoutNullStreams;
let url: string;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder('serve');
  serve = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--token', TOKEN]);
  const [firstLine] = (await once(createInterface({ input: serve.stdout }), 'line')) as [string];
  url = firstLine.trim();
});
afterAll(async () => {
  if (serve.exitCode === null) {
    serve.kill('SIGTERM');
    await once(serve, 'exit');
  }
  await folder.remove();
});

describe('scimprobe serve', () => {
  test('prints its base URL first', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
  });

  test('is checked by run --url with the token, and every check passes', async () => {
    const { url: served, run, results } = await cleanRun();
    expect(served).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(results.target.url).toBe(served);
    expect(results.summary.failed + results.summary.errored).toBe(0);
  });

  test('rejects a run without the token during discovery: exit 3, one clear line, and reports saying so', async () => {
    const reportDir = join(folder.path, 'rejected');
    const run = await runCli(['run', '--url', url, '--report-dir', reportDir]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/credentials rejected: GET .*\/ResourceTypes answered 401/);
    await expectStoppedReports(reportDir, /credentials rejected: GET .*\/ResourceTypes answered 401/);
  });

  test('an unreachable target is exit 3 too, and leaves the reports', async () => {
    const reportDir = join(folder.path, 'unreachable');
    const run = await runCli(['run', '--url', 'http://127.0.0.1:9/scim/v2', '--report-dir', reportDir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^scimprobe: target unreachable: /);
    await expectStoppedReports(reportDir, /^target unreachable: /);
  });

  test('stops cleanly on SIGTERM', async () => {
    serve.kill('SIGTERM');
    const [code] = (await once(serve, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
