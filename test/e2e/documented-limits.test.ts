/**
 * A service whose /ServiceProviderConfig advertises no filter.maxResults leaves the pagination checks
 * nothing to bound a page by, so they skip; the page limit its documentation states, given as
 * target.maxResults, lets them judge it. A tenant with fewer users than one page holds gets users of the
 * check's own only within limits.maxCreatedForPaging, and none in a read-only run. A payload limit the
 * service documents for every request (limits.maxPayloadBytes) is judged on queries, the advertised
 * bulk.maxPayloadSize on BulkRequests only: neither is applied where it does not hold.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, statusById, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startProxy, type Proxy } from '../support/proxy.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

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
  const run = await scimprobe(args);
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
    const run = await scimprobe(['run', '--config', path, '--grep', '^pagination\\.count-capped$', '--report-dir', reportDir, ...extraArgs]);
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

describe('payload limits', () => {
  /** Qase documents this limit for every request; the server here enforces it on every body too. */
  const DOCUMENTED = 800_000;
  const PAYLOAD = '^payload\\.';

  async function payloadStatuses(name: string, url: string, config: string): Promise<Map<string, string>> {
    const path = join(folder.path, `${name}.yaml`);
    await writeFile(path, `target:\n  url: ${url}\n${config}`);
    const reportDir = join(folder.path, name);
    const run = await scimprobe(['run', '--config', path, '--grep', PAYLOAD, '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    return statusById(await readResults(reportDir));
  }

  async function withServer<T>(options: Parameters<typeof startReferenceServer>[0], use: (url: string) => Promise<T>): Promise<T> {
    const limited = await startReferenceServer(options);
    try {
      return await use(limited.url);
    } finally {
      await limited.close();
    }
  }

  const documented = `limits:\n  maxPayloadBytes: ${DOCUMENTED}\n`;

  test('a documented limit is judged on SearchRequests, the advertised bulk limit on BulkRequests, each proven by its quirk', async () => {
    const clean = await withServer({ maxPayloadSize: DOCUMENTED }, (url) => payloadStatuses('payload-clean', url, documented));
    expect([...clean.values()]).toEqual(Array(5).fill('passed'));
    const notEnforced = await withServer({ maxPayloadSize: DOCUMENTED, quirks: ['payload-limit-not-enforced'] }, (url) => payloadStatuses('payload-not-enforced', url, documented));
    expect(notEnforced.get('payload.documented-limit-413')).toBe('failed');
    expect(notEnforced.get('payload.over-limit-413')).toBe('failed');
    const exclusive = await withServer({ maxPayloadSize: DOCUMENTED, quirks: ['payload-limit-exclusive'] }, (url) => payloadStatuses('payload-exclusive', url, documented));
    expect(exclusive.get('payload.documented-limit-accepted')).toBe('failed');
    expect(exclusive.get('payload.at-limit-accepted')).toBe('failed');
  }, 120_000);

  test('without bulk support and without a documented limit, no payload check judges anything', async () => {
    const withoutBulk = await startProxy(server.url, {
      rewrite: (method, path, body) =>
        method === 'GET' && path.endsWith('/ServiceProviderConfig') && isObject(body) ? { ...body, bulk: { supported: false, maxOperations: 0, maxPayloadSize: 1_048_576 } } : undefined,
    });
    try {
      const statuses = await payloadStatuses('payload-no-bulk', withoutBulk.url, '');
      expect([...statuses.values()]).toEqual(Array(5).fill('skipped'));
    } finally {
      await withoutBulk.close();
    }
  }, 60_000);
});
