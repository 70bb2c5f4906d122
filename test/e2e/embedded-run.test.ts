/**
 * `scimprobe run` with no target: the embedded reference server is checked, every check passes, and the
 * four reports are written to their contracts.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { PACKAGE_VERSION } from '../../src/package-files.js';
import { readResults, runCli, temporaryFolder, type CliRun, type ResultsJson } from '../support/cli.js';
import { OPT_IN_CHECKS } from '../support/opt-in.js';
import { descendants, parseXml } from '../support/xml.js';

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let run: CliRun;
let results: ResultsJson;

beforeAll(async () => {
  folder = await temporaryFolder('embedded');
  run = await runCli(['run', '--report-dir', folder.path, '--seed', '7']);
  results = await readResults(folder.path);
});
afterAll(() => folder.remove());

describe('a run against the embedded reference server', () => {
  test('exits 0 with every check passed', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const notPassed = results.checks.filter((check) => check.status !== 'passed' && !(OPT_IN_CHECKS.has(check.id) && check.status === 'skipped'));
    expect(notPassed.map((check) => `${check.id}: ${check.status} ${check.message ?? ''}`)).toEqual([]);
  });

  test('writes exactly the four reports', async () => {
    expect((await readdir(folder.path)).sort()).toEqual(['exchanges.har', 'junit.xml', 'report.html', 'results.json']);
  });

  test('results.json follows the contract and lists every check once', () => {
    expect(Object.keys(results)).toEqual(expect.arrayContaining(['tool', 'target', 'seed', 'startedAt', 'durationMs', 'summary', 'checks']));
    expect(results.tool).toEqual({ name: 'scimprobe', version: PACKAGE_VERSION });
    expect(results.seed).toBe(7);
    expect(results.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(Number.isNaN(Date.parse(results.startedAt))).toBe(false);
    expect(results.checks.map((check) => check.id)).toEqual(CHECKS.map((check) => check.id));
    expect(results.summary).toEqual({ passed: CHECKS.length - OPT_IN_CHECKS.size, failed: 0, skipped: OPT_IN_CHECKS.size, errored: 0, consequences: 0 });
    for (const check of results.checks) {
      const spec = CHECKS.find((candidate) => candidate.id === check.id)!;
      expect(check).toMatchObject({ title: spec.title, area: spec.area, level: spec.level, requirements: spec.requirements });
      expect(typeof check.durationMs).toBe('number');
    }
  });

  test('junit.xml is well-formed with one testcase per check', async () => {
    const xml = await readFile(join(folder.path, 'junit.xml'), 'utf8');
    const testcases = descendants(parseXml(xml), 'testcase');
    const names = testcases.map((testcase) => testcase.attributes['name']);
    expect(names.sort()).toEqual(CHECKS.map((check) => check.id).sort());
  });

  test('exchanges.har is HAR 1.2 holding the run’s exchanges', async () => {
    const har = JSON.parse(await readFile(join(folder.path, 'exchanges.har'), 'utf8')) as {
      log: { version: string; entries: Array<{ request: { url: string }; response: { status: number } }> };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBeGreaterThan(CHECKS.length);
    expect(har.log.entries.some((entry) => entry.request.url.endsWith('/ServiceProviderConfig'))).toBe(true);
  });

  test('prints progress per check and a summary naming the report folder', () => {
    for (const check of CHECKS) expect(run.stdout).toContain(check.id);
    expect(run.stdout).toContain(folder.path);
    expect(existsSync(join(folder.path, 'report.html'))).toBe(true);
  });

  test('report.html stays under 1 MB: a page a reviewer opens at once and attaches to a ticket', () => {
    expect(statSync(join(folder.path, 'report.html')).size).toBeLessThanOrEqual(1024 * 1024);
  });
});
