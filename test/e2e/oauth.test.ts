/**
 * OAuth 2.0 client credentials end to end: the harness gets its bearer token from a token endpoint,
 * renews it before it expires and when the target stops accepting it, and stops with exit 3 and the
 * endpoint's answer when the client is refused.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startTokenEndpoint, type TokenEndpoint, type TokenEndpointOptions } from '../support/token-endpoint.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const CLIENT = { clientId: 'scimprobe-e2e', clientSecret: 'oauth-e2e-secret-3c9d71' };

let folder: Awaited<ReturnType<typeof temporaryFolder>>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  folder = await temporaryFolder('oauth');
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await folder.remove();
});

interface ProtectedTarget {
  tokens: TokenEndpoint;
  server: ReferenceServer;
  /** How often the server was shown a token the endpoint issued but no longer holds valid. */
  staleTokensSeen(): number;
}

/** A token endpoint and a reference server that accepts exactly the tokens it issued and still holds valid. */
async function protectedTarget(options: Omit<TokenEndpointOptions, 'clientId' | 'clientSecret'>): Promise<ProtectedTarget> {
  const tokens = await startTokenEndpoint({ ...CLIENT, ...options });
  let stale = 0;
  const server = await startReferenceServer({
    acceptsToken: (token) => {
      const valid = tokens.accepts(token);
      if (!valid && tokens.issued.includes(token)) stale++;
      return valid;
    },
  });
  closers.push(tokens.close, server.close);
  return { tokens, server, staleTokensSeen: () => stale };
}

/** A config file for the target, the client secret read from the environment; returns its path. */
async function writeConfig(name: string, server: ReferenceServer, tokenUrl: string): Promise<string> {
  const path = join(folder.path, `${name}.yaml`);
  await writeFile(path, [
    'target:',
    `  url: ${server.url}`,
    '  oauth:',
    `    tokenUrl: ${tokenUrl}`,
    `    clientId: ${CLIENT.clientId}`,
    '    clientSecret: ${OAUTH_CLIENT_SECRET}',
    'run:',
    `  reportDir: ${join(folder.path, name)}`,
    '',
  ].join('\n'));
  return path;
}

describe('a target protected by OAuth client credentials', () => {
  test('a token the target stops accepting is replaced after its 401: the whole run passes', async () => {
    // Announced for an hour, accepted for half a second: only the renewal after a 401 keeps the run going.
    const { tokens, server, staleTokensSeen } = await protectedTarget({ expiresIn: 3600, validForMs: 500 });
    const run = await scimprobe(['run', '--config', await writeConfig('rejected', server, tokens.url)], { env: { OAUTH_CLIENT_SECRET: CLIENT.clientSecret } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = await readResults(join(folder.path, 'rejected'));
    expect(results.summary).toMatchObject({ failed: 0, errored: 0 });
    expect(results.summary.passed).toBeGreaterThan(0);
    // The run met stale tokens and still passed every check: each 401 was answered with a new token.
    expect(staleTokensSeen()).toBeGreaterThan(0);
    expect(tokens.refused).toBe(0);
  });

  test('a short-lived token is renewed before it expires (client credentials given by flags)', async () => {
    // Accepted a little longer than announced, so that a request on its way when the token is renewed is not refused.
    const { tokens, server, staleTokensSeen } = await protectedTarget({ expiresIn: 1, validForMs: 1500 });
    const run = await scimprobe([
      'run', '--url', server.url, '--oauth-token-url', tokens.url, '--oauth-client-id', CLIENT.clientId,
      '--suite', 'discovery,auth,list', '--report-dir', join(folder.path, 'expiring'),
    ], { env: { SCIMPROBE_OAUTH_CLIENT_SECRET: CLIENT.clientSecret } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await readResults(join(folder.path, 'expiring'))).summary).toMatchObject({ failed: 0, errored: 0 });
    // Renewed ahead of time: no request went out with a token the endpoint had let expire.
    expect(tokens.issued.length).toBeGreaterThan(1);
    expect(staleTokensSeen()).toBe(0);
  });

  test('a refused client stops the run at discovery: exit 3 with the endpoint\'s error', async () => {
    const { tokens, server } = await protectedTarget({ expiresIn: 3600 });
    const run = await scimprobe(['run', '--config', await writeConfig('refused', server, tokens.url)], { env: { OAUTH_CLIENT_SECRET: 'not-the-secret' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `scimprobe: no access token: the OAuth token endpoint ${tokens.url} answered 401: invalid_client (client authentication failed); check target.oauth clientId, clientSecret and scope\n`,
    );
    expect(tokens.issued).toEqual([]);
  });
});
