/**
 * target.queryParameters: a vendor parameter (Oracle IDCS's attributeSets) reaches the target with every GET
 * of a resource endpoint, lists and reads by id alike, and never with discovery requests. The reference
 * server ignores the parameter it does not know, so the checks still pass.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, statusById, temporaryFolder } from '../support/cli.js';
import { startProxy, type Proxy } from '../support/proxy.js';

let server: ReferenceServer;
let proxy: Proxy;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
/** Method and path (with query) of every request the proxy forwarded. */
const seen: string[] = [];

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('query-parameters')]);
  proxy = await startProxy(server.url, {
    rewriteUrls: true,
    answer: (method, path) => {
      seen.push(`${method} ${path}`);
      return undefined;
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([server.close(), folder.remove()]);
});

function withParameter(requests: string[]): string[] {
  return requests.filter((request) => new URL(request.split(' ')[1] ?? '', 'http://x').searchParams.get('attributeSets') === 'all');
}

describe('configured query parameters', () => {
  test('arrive on list and by-id GETs of resource endpoints, not on discovery or other methods', async () => {
    const config = join(folder.path, 'scimprobe.yaml');
    await writeFile(config, `target:\n  url: ${proxy.url}\n  queryParameters:\n    attributeSets: all\n`);
    const reportDir = join(folder.path, 'reports');
    const run = await runCli(['run', '--config', config, '--suite', 'lifecycle,list', '--report-dir', reportDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect([...statusById(await readResults(reportDir)).values()]).not.toContain('failed');

    const gets = seen.filter((request) => request.startsWith('GET '));
    const discovery = gets.filter((request) => /\/(ServiceProviderConfig|ResourceTypes|Schemas)\b/.test(request));
    const resourceGets = gets.filter((request) => !discovery.includes(request) && /\/(Users|Groups)\b/.test(request));
    const lists = resourceGets.filter((request) => /\/(Users|Groups)(\?|$)/.test(request));
    const byId = resourceGets.filter((request) => /\/(Users|Groups)\/[^/?]+/.test(request));
    expect(discovery.length).toBeGreaterThan(0);
    expect(lists.length).toBeGreaterThan(0);
    expect(byId.length).toBeGreaterThan(0);
    expect(withParameter(resourceGets)).toEqual(resourceGets);
    expect(withParameter(discovery)).toEqual([]);
    expect(withParameter(seen.filter((request) => !request.startsWith('GET ')))).toEqual([]);
  }, 120_000);
});
