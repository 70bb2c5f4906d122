/**
 * A service whose /ServiceProviderConfig advertises no filter.maxResults leaves the pagination checks
 * nothing to bound a page by, so they skip; the page limit its documentation states, given as
 * target.maxResults, lets them judge it. A tenant with fewer users than one page holds gets users of the
 * check's own only within limits.maxCreatedForPaging, and none in a read-only run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, statusById, temporaryFolder } from '../support/cli.js';
import { startProxy, type Proxy } from '../support/proxy.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let server: ReferenceServer;
let proxy: Proxy;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('limits')]);
  proxy = await startProxy(server.url, {
    rewrite: (method, path, body) =>
      method === 'GET' && path.endsWith('/ServiceProviderConfig') && isObject(body) ? { ...body, filter: { supported: true } } : undefined,
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([server.close(), folder.remove()]);
});

const PAGINATION_CHECKS = ['pagination.window-slice', 'pagination.walk-all-pages'];

async function paginationStatuses(reportDir: string, config?: string): Promise<string[]> {
  const args = ['run', '--suite', 'pagination', '--num-runs', '10', '--report-dir', reportDir];
  if (config === undefined) args.push('--url', proxy.url);
  else {
    await writeFile(join(folder.path, 'scimprobe.yaml'), config);
    args.push('--config', join(folder.path, 'scimprobe.yaml'));
  }
  const run = await runCli(args);
  expect(run.stderr).toBe('');
  const statuses = statusById(await readResults(reportDir));
  return PAGINATION_CHECKS.map((id) => `${id}: ${statuses.get(id) ?? 'absent'}`);
}

describe('a page limit the service documents but does not advertise', () => {
  test('without it the pagination checks skip, with it they pass', async () => {
    expect(await paginationStatuses(join(folder.path, 'unconfigured'))).toEqual(PAGINATION_CHECKS.map((id) => `${id}: skipped`));
    expect(await paginationStatuses(join(folder.path, 'configured'), `target:\n  url: ${proxy.url}\n  maxResults: 50\n`)).toEqual(
      PAGINATION_CHECKS.map((id) => `${id}: passed`),
    );
  }, 120_000);
});

describe('a count above maxResults on a tenant with too few users', () => {
  async function countCapped(name: string, extraArgs: string[], config: string): Promise<{ status: string | undefined; message: string | undefined }> {
    const path = join(folder.path, `${name}.yaml`);
    await writeFile(path, `target:\n  url: ${server.url}\n${config}`);
    const reportDir = join(folder.path, name);
    const run = await runCli(['run', '--config', path, '--grep', '^pagination\\.count-capped$', '--report-dir', reportDir, ...extraArgs]);
    expect(run.stderr).toBe('');
    const check = (await readResults(reportDir)).checks.find((candidate) => candidate.id === 'pagination.count-capped');
    return { status: check?.status, message: check?.message };
  }

  test('creates users only within limits.maxCreatedForPaging, and none in a read-only run', async () => {
    const bounded = await countCapped('bounded', [], 'limits:\n  maxCreatedForPaging: 10\n');
    expect(bounded.status).toBe('skipped');
    expect(bounded.message).toContain('takes 201 users of the check\'s own, more than limits.maxCreatedForPaging (10): raise it to 201');
    const readOnly = await countCapped('read-only', ['--read-only'], '');
    expect(readOnly.status).toBe('skipped');
    expect(readOnly.message).toContain('--read-only creates none');
    expect(await countCapped('created', [], '')).toEqual({ status: 'passed', message: undefined });
  }, 120_000);
});
