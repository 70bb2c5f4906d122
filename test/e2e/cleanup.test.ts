/** Never leave anything behind: suites clean up, an interrupted run sweeps its ledger, `cleanup` finishes the job. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { CLI_PATH, readResults, runCli, temporaryFolder } from '../support/cli.js';
import { startProxy } from '../support/proxy.js';

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('cleanup')]);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

/** Every resource on the server whose name carries the harness's prefix. */
async function harnessResourcesLeft(): Promise<number> {
  const count = async (endpoint: string, attribute: string): Promise<number> => {
    const answer = await fetch(`${server.url}${endpoint}?filter=${encodeURIComponent(`${attribute} sw "scimprobe-"`)}`);
    return ((await answer.json()) as { totalResults: number }).totalResults;
  };
  return (await count('/Users', 'userName')) + (await count('/Groups', 'displayName'));
}

async function createUser(userName: string): Promise<string> {
  const answer = await fetch(`${server.url}/Users`, {
    method: 'POST',
    headers: { 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
  });
  return answer.headers.get('location') ?? '';
}

describe('clean-up', () => {
  test('a finished run leaves no resource on the target and no ledger', async () => {
    const reportDir = join(folder.path, 'finished');
    const run = await runCli(['run', '--url', server.url, '--report-dir', reportDir]);
    expect(run.code).toBe(0);
    expect(await harnessResourcesLeft()).toBe(0);
    expect((await readdir(reportDir)).filter((file) => file.includes('ledger'))).toEqual([]);
  });

  test('SIGINT mid-run stops the checks, deletes what the run created, writes the reports and exits 130', async () => {
    const proxy = await startProxy(server.url, { delayMs: 60 });
    const reportDir = join(folder.path, 'interrupted');
    try {
      const child = spawn(process.execPath, [CLI_PATH, 'run', '--url', proxy.url, '--report-dir', reportDir], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          // The first verdict: suites are running and have created resources.
          if (/^[✓✗!↓] /m.test(stdout)) resolve();
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

    const run = await runCli(['cleanup', '--ledger', ledger, '--url', server.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`2 of 2 resources listed in ${ledger} deleted (or already gone)\n`);
    expect((await fetch(listed)).status).toBe(404);
    expect((await fetch(alreadyDeleted)).status).toBe(200);
    expect((await fetch(notListed)).status).toBe(200);
    expect((await readdir(folder.path)).includes('scimprobe-ledger-0badc0de.jsonl')).toBe(false);
    await Promise.all([fetch(alreadyDeleted, { method: 'DELETE' }), fetch(notListed, { method: 'DELETE' })]);
  });

  test('cleanup without a ledger or a target is a usage error', async () => {
    expect(await runCli(['cleanup', '--url', server.url])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^scimprobe: cleanup needs --ledger FILE/) });
    const missing = await runCli(['cleanup', '--ledger', join(folder.path, 'none.jsonl'), '--url', server.url]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/does not exist; a run removes its ledger/) });
  });
});
