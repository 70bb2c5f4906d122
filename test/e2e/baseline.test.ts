/** --baseline turns a run into a CI gate on what is new: known failures pass, new and expired ones fail. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { descendants, parseXml } from '../support/xml.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

interface BaselineJson {
  baseline?: { file: string; known: string[]; new: string[]; expired: string[]; fixed: string[] };
}

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  // Two broken rules: create.location (MUST) and delete.status-204 (MUST) fail.
  [server, folder] = await Promise.all([
    startReferenceServer({ quirks: ['create-omits-location', 'delete-200'] }),
    temporaryFolder('baseline'),
  ]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

async function runWith(name: string, baseline: string): Promise<{ code: number; stderr: string; outcome: BaselineJson['baseline'] }> {
  const file = join(folder.path, `${name}.yaml`);
  await writeFile(file, baseline);
  const reportDir = join(folder.path, name);
  const run = await scimprobe(['run', '--url', server.url, '--baseline', file, '--report-dir', reportDir, '--suite', 'lifecycle']);
  const results = JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8')) as BaselineJson;
  return { code: run.code, stderr: run.stderr, outcome: results.baseline };
}

describe('baselines', () => {
  test('--write-baseline records the failures; that baseline makes the same run exit 0', async () => {
    const written = join(folder.path, 'written.yaml');
    const first = await scimprobe(['run', '--url', server.url, '--write-baseline', written, '--report-dir', join(folder.path, 'first'), '--suite', 'lifecycle']);
    expect(first.code).toBe(1);
    const text = await readFile(written, 'utf8');
    expect(text).toMatch(/- check: create\.location\n\s+reason: POST .* without a Location header/);
    expect(text).toContain('- check: delete.status-204');

    const again = await scimprobe(['run', '--url', server.url, '--baseline', written, '--report-dir', join(folder.path, 'again'), '--suite', 'lifecycle']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('known, not blocking (2): create.location, delete.status-204');
    // Every report agrees with the exit code: the known failures are no <failure> a CI tool would fail on.
    const results = await readResults(join(folder.path, 'again'));
    expect(results).toMatchObject({ verdict: 'pass', exitCode: 0, gate: { blocking: [], known: ['create.location', 'delete.status-204'] } });
    const junit = parseXml(await readFile(join(folder.path, 'again', 'junit.xml'), 'utf8'));
    expect(descendants(junit, 'failure')).toEqual([]);
    expect(descendants(junit, 'skipped').map((element) => element.attributes.message).filter((message) => message?.startsWith('known deviation (baseline): '))).toHaveLength(2);
  });

  test('a failure the baseline does not list is new and fails the run', async () => {
    const { code, outcome } = await runWith('partial', 'known:\n  - check: create.location\n    reason: vendor ticket 12\n');
    expect(code).toBe(1);
    expect(outcome).toMatchObject({ known: ['create.location'], new: ['delete.status-204'], expired: [], fixed: [] });
  });

  test('an expired entry fails the run again; a listed check that passes is reported fixed', async () => {
    const { code, outcome } = await runWith(
      'expired',
      'known:\n  - check: create.location\n    reason: r\n  - check: delete.status-204\n    reason: r\n    expires: 2020-01-31\n  - check: read.by-id\n    reason: r\n',
    );
    expect(code).toBe(1);
    expect(outcome).toMatchObject({ known: ['create.location'], new: [], expired: ['delete.status-204'], fixed: ['read.by-id'] });
  });

  test.each([
    ['an unknown check id', 'known:\n  - check: create.nope\n    reason: r\n', /known\[0\]: no check has the id "create\.nope"/],
    ['a duplicate entry', 'known:\n  - check: read.by-id\n    reason: r\n  - check: read.by-id\n    reason: s\n', /known\[1\]: read\.by-id is listed twice/],
    ['a missing reason', 'known:\n  - check: read.by-id\n', /known\[0\]\.reason is required/],
    ['a bad date', 'known:\n  - check: read.by-id\n    reason: r\n    expires: 2027-13-45\n', /expires "2027-13-45" is not a date/],
  ])('a baseline with %s is a config error: exit 2, one line', async (_label, text, message) => {
    const file = join(folder.path, 'bad.yaml');
    await writeFile(file, text);
    const run = await scimprobe(['run', '--url', server.url, '--baseline', file, '--report-dir', join(folder.path, 'bad')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
