/** Never leave anything behind: suites clean up, an interrupted run sweeps its ledger, `cleanup` finishes the job. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { CLI_PATH, readResults, temporaryFolder } from '../support/cli.js';
import { cleanRun } from '../support/clean-run.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('cleanup')]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

/** Every resource on a server (this file's, unless given) whose name carries the harness's prefix. */
async function harnessResourcesLeft(target: { url: string; token?: string } = server): Promise<number> {
  const headers: Record<string, string> = target.token === undefined ? {} : { authorization: `Bearer ${target.token}` };
  const count = async (endpoint: string, attribute: string): Promise<number> => {
    const answer = await fetch(`${target.url}${endpoint}?filter=${encodeURIComponent(`${attribute} sw "scimprobe-"`)}`, { headers });
    return ((await answer.json()) as { totalResults: number }).totalResults;
  };
  return (await count('/Users', 'userName')) + (await count('/Groups', 'displayName'));
}

async function createResource(endpoint: '/Users' | '/Groups', name: string): Promise<string> {
  const body = endpoint === '/Users'
    ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name }
    : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name };
  const answer = await fetch(`${server.url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
  return answer.headers.get('location') ?? '';
}

const createUser = (userName: string): Promise<string> => createResource('/Users', userName);

/** The run prefix of a run that never finished, and resources of others that must survive its clean-up. */
const PREFIX = 'scimprobe-0badc0de';
const OTHERS: ReadonlyArray<['/Users' | '/Groups', string]> = [
  ['/Users', 'alice'],
  ['/Users', 'scimprobe-feedf00d-list-1'],
  ['/Users', `${PREFIX}f-not-this-run`],
  ['/Users', `prefix-${PREFIX}-inside`],
  ['/Groups', 'Engineering'],
  ['/Groups', `${PREFIX}`],
];

async function seedLeftoversAndOthers(): Promise<{ leftovers: string[]; others: string[] }> {
  const leftovers = [
    await createResource('/Users', `${PREFIX}-patch-1`),
    await createResource('/Users', `${PREFIX}-uniqueness-7`),
    await createResource('/Groups', `${PREFIX}-group-3`),
  ];
  const others: string[] = [];
  for (const [endpoint, name] of OTHERS) others.push(await createResource(endpoint, name));
  return { leftovers, others };
}

async function expectCleanedUp(leftovers: readonly string[], others: readonly string[]): Promise<void> {
  for (const location of leftovers) expect((await fetch(location)).status, location).toBe(404);
  for (const location of others) expect((await fetch(location)).status, location).toBe(200);
  await Promise.all(others.map((location) => fetch(location, { method: 'DELETE' })));
}

describe('clean-up', () => {
  test('a finished run leaves no resource on the target and no ledger', async () => {
    // The shared clean run: every check, against a server that nothing else writes to.
    const { run, reportDir, url, token } = await cleanRun();
    expect(run.code).toBe(0);
    expect(await harnessResourcesLeft({ url, token })).toBe(0);
    expect((await readdir(reportDir)).filter((file) => file.includes('ledger'))).toEqual([]);
  });

  test('SIGINT mid-run stops the checks, deletes what the run created, writes the reports and exits 130', async () => {
    const proxy = await startProxy(server.url, { delayMs: 60 });
    const reportDir = join(folder.path, 'interrupted');
    try {
      // Few property cases: the first suite to run may open with a property check, and each of its cases
      // takes several slowed requests before the first verdict, which is all this waits for.
      const child = spawn(process.execPath, [CLI_PATH, 'run', '--url', proxy.url, '--num-runs', '5', '--report-dir', reportDir], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          // The first verdict: suites are running and have created resources.
          if (/^\[\d+\/\d+\] [✓✗!↓] /m.test(stdout)) resolve();
        });
      });
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(130);
      expect(stderr).toContain('scimprobe: SIGINT: stopping the checks');
      const results = await readResults(reportDir);
      expect(results.checks.some((check) => check.message === 'the check did not run: the run was stopped by SIGINT')).toBe(true);
      expect(await harnessResourcesLeft()).toBe(0);
      expect((await readdir(reportDir)).filter((file) => file.includes('ledger'))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  test('cleanup --ledger deletes exactly what the ledger lists as not yet deleted', async () => {
    const listed = await createUser('scimprobe-0badc0de-left-1');
    const alreadyDeleted = await createUser('scimprobe-0badc0de-left-2');
    const notListed = await createUser('someone-else');
    const ledger = join(folder.path, 'scimprobe-ledger-0badc0de.jsonl');
    const lines = [{ created: listed }, { created: alreadyDeleted }, { deleted: alreadyDeleted }, { created: `${server.url}/Users/gone-already` }];
    await writeFile(ledger, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"created":"${server.url}/Users/cut-sh`);

    const run = await scimprobe(['cleanup', '--ledger', ledger, '--url', server.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`2 of 2 resources listed in ${ledger} deleted (or already gone)\n`);
    expect((await fetch(listed)).status).toBe(404);
    expect((await fetch(alreadyDeleted)).status).toBe(200);
    expect((await fetch(notListed)).status).toBe(200);
    expect((await readdir(folder.path)).includes('scimprobe-ledger-0badc0de.jsonl')).toBe(false);
    await Promise.all([fetch(alreadyDeleted, { method: 'DELETE' }), fetch(notListed, { method: 'DELETE' })]);
  });

  test('cleanup --prefix deletes the resources of that run in every resource type, and nothing else', async () => {
    const { leftovers, others } = await seedLeftoversAndOthers();
    const run = await scimprobe(['cleanup', '--prefix', PREFIX, '--url', server.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`3 of 3 resources with the prefix ${PREFIX} deleted (or already gone)\n`);
    await expectCleanedUp(leftovers, others);
  });

  test('cleanup --prefix deletes nothing else when the server ignores the filter and lists everything', async () => {
    const { leftovers, others } = await seedLeftoversAndOthers();
    const everything = async (endpoint: string): Promise<string> => (await fetch(`${server.url}${endpoint}`)).text();
    const listed = { '/Users': await everything('/Users'), '/Groups': await everything('/Groups') };
    const proxy = await startProxy(server.url, {
      answer: (method, path) => {
        const endpoint = /\/(Users|Groups)\?filter=/.exec(path)?.[1];
        return method === 'GET' && endpoint !== undefined ? { status: 200, body: listed[`/${endpoint}` as keyof typeof listed] } : undefined;
      },
    });
    try {
      const run = await scimprobe(['cleanup', '--prefix', PREFIX, '--url', proxy.url]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`3 of 3 resources with the prefix ${PREFIX} deleted (or already gone)\n`);
      await expectCleanedUp(leftovers, others);
    } finally {
      await proxy.close();
    }
  });

  test.each(['a', 'scimprobe-', 'scimprobe', 'scimprobe-0badc0d', 'scimprobe-0BADC0DE', 'scimprobe-0badc0de-', '*'])(
    'cleanup --prefix %j is refused in one line, before anything is sent',
    async (prefix) => {
      const run = await scimprobe(['cleanup', `--prefix=${prefix}`, '--url', 'http://127.0.0.1:9/scim/v2']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^scimprobe: --prefix ".*" is not a run prefix: give the full prefix of one run, scimprobe- and its 8-hex-digit run id \(e\.g\. scimprobe-0badc0de, as in its ledger's name\)\n$/);
    },
  );

  test('cleanup without a ledger or a target is a usage error', async () => {
    expect(await scimprobe(['cleanup', '--url', server.url])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^scimprobe: cleanup needs --ledger FILE/) });
    const missing = await scimprobe(['cleanup', '--ledger', join(folder.path, 'none.jsonl'), '--url', server.url]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/does not exist; a run removes its ledger/) });
  });
});
