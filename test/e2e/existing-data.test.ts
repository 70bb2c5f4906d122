/**
 * Never touch what the run did not create: a target already holding 1,000 users (and groups of them) is
 * checked by the full harness, and every one of them reads back byte for byte as before.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';
import { runCli, temporaryFolder } from '../support/cli.js';

const USERS = 1000;
let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
/** Location of each pre-existing resource -> its body as the server answered GET before the run. */
const before = new Map<string, string>();

async function post(endpoint: string, body: object): Promise<string> {
  const answer = await fetch(`${server.url}${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  expect(answer.status).toBe(201);
  return answer.headers.get('location') ?? '';
}

async function read(location: string): Promise<string> {
  return (await fetch(location)).text();
}

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer(), temporaryFolder('existing')]);
  const users: string[] = [];
  for (let batch = 0; batch < USERS; batch += 50) {
    users.push(
      ...(await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          post('/Users', {
            schemas: [URN.user],
            userName: `tenant.user${batch + index}@example.com`,
            displayName: `Tenant User ${batch + index}`,
            emails: [{ value: `tenant.user${batch + index}@example.com`, type: 'work', primary: true }],
          }),
        ),
      )),
    );
  }
  const groups = await Promise.all(
    [0, 1, 2].map((group) =>
      post('/Groups', {
        schemas: [URN.group],
        displayName: `Tenant Group ${group}`,
        members: users.slice(group * 10, group * 10 + 10).map((location) => ({ value: location.split('/').pop() })),
      }),
    ),
  );
  for (const location of [...users, ...groups]) before.set(location, await read(location));
}, 120_000);
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

describe('a tenant with existing data', () => {
  test('comes out of a full run exactly as it went in', async () => {
    const run = await runCli(['run', '--url', server.url, '--report-dir', folder.path]);
    expect(run.stderr).toBe('');
    expect(before.size).toBe(USERS + 3);
    const changed: string[] = [];
    for (const [location, body] of before) {
      if ((await read(location)) !== body) changed.push(location);
    }
    expect(changed).toEqual([]);
    const listed = (await (await fetch(`${server.url}/Users?count=1`)).json()) as { totalResults: number };
    expect(listed.totalResults).toBe(USERS);
  });
});
