/**
 * A suite whose set-up the target refuses reaches no verdict: when the check that judges the refusal is
 * not in the run, its checks are errored with the reason, never skipped or passed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder } from '../support/cli.js';
import { startProxy, type Proxy } from '../support/proxy.js';

let server: ReferenceServer;
let proxy: Proxy;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('setup-failure')]);
  // Creating a user fails, so the list suite cannot create the users its set-up needs.
  const error = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'store offline' });
  proxy = await startProxy(server.url, { answer: (method, path) => (method === 'POST' && path.endsWith('/Users') ? { status: 500, body: error } : undefined) });
});
afterAll(async () => {
  await Promise.all([proxy.close(), server.close(), folder.remove()]);
});

describe('a suite whose set-up fails', () => {
  test('has every check errored with the set-up failure, and the run exits 1', async () => {
    const run = await runCli(['run', '--url', proxy.url, '--suite', 'list', '--report-dir', folder.path]);
    expect(run.code).toBe(1);
    const results = await readResults(folder.path);
    expect(results.checks.length).toBeGreaterThan(0);
    for (const check of results.checks) {
      expect(check.status, check.id).toBe('errored');
      expect(check.message, check.id).toMatch(/^set-up: POST \/scim\/v2\/Users answered 500: "store offline".*errors\.no-other-server-errors, which judges that answer, was not run/);
    }
  });
});
