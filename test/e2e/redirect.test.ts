/**
 * A target that redirects: the harness follows no redirect, so its credentials never reach the other
 * origin, and discovery stops with the redirect named and the fix.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli, temporaryFolder } from '../support/cli.js';

const TOKEN = 'redirect-token-71c0e4';

let redirecting: Server;
let elsewhere: Server;
let elsewhereUrl: string;
let redirectingUrl: string;
const reachedElsewhere: IncomingHttpHeaders[] = [];
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  folder = await temporaryFolder('redirect');
  elsewhere = createServer((request, response) => {
    reachedElsewhere.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/scim+json' }).end('{}');
  });
  elsewhereUrl = await listen(elsewhere);
  // Sends every request on to the other origin, as a moved service or a login page would.
  redirecting = createServer((request, response) => {
    response.writeHead(307, { location: `${elsewhereUrl}${request.url ?? '/'}` }).end();
  });
  redirectingUrl = await listen(redirecting);
});
afterAll(async () => {
  await Promise.all([close(redirecting), close(elsewhere), folder.remove()]);
});

test('a redirect to another origin is not followed: exit 3 naming it, and no request reaches that origin', async () => {
  const run = await runCli(['run', '--url', `${redirectingUrl}/scim/v2`, '--token', TOKEN, '--report-dir', folder.path]);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(new RegExp(
    `^scimprobe: GET ${redirectingUrl}/scim/v2/\\w+ answered 307 redirecting to ${elsewhereUrl}/scim/v2/\\w+: ` +
      'scimprobe does not follow redirects, so that credentials never reach another origin; give the final base URL with --url\\n$',
  ));
  expect(run.stderr).not.toContain(TOKEN);
  expect(reachedElsewhere).toEqual([]);
});
