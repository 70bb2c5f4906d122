/** Credentials given by flag, config file or environment appear in no report and no console output. */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, temporaryFolder, type CliRun } from '../support/cli.js';
import { cleanRun } from '../support/clean-run.js';
import { useCliHosts } from '../support/file-hosts.js';
import { startTokenEndpoint } from '../support/token-endpoint.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const TOKEN = 'tok-7f3a9c51d2e84b60';
let guarded: ReferenceServer;
let open: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  [guarded, open, folder] = await Promise.all([startReferenceServer({ token: TOKEN }), startReferenceServer(), temporaryFolder('secrets')]);
});
afterAll(async () => {
  await Promise.all([guarded.close(), open.close(), folder.remove()]);
});

/**
 * Every output of a run goes through one redactor, which replaces the secrets of the configured target
 * wherever they appear: the flag's run shows across every check that a configured token is redacted. The
 * other sources and kinds of credential decide only what the redactor is given, so their runs need only
 * show that theirs is, on every request the discovery and auth checks make with it, without it and with
 * another; the OAuth run shows that the access tokens issued to the run's processes are added as they come.
 */
const SOURCE_SUITES = 'discovery,auth';

/** Every byte the run produced: console output and each report file. */
async function everythingWritten(run: CliRun, reportDir: string): Promise<string> {
  const files = await readdir(reportDir);
  const contents = await Promise.all(files.map((file) => readFile(join(reportDir, file), 'utf8')));
  return [run.stdout, run.stderr, ...contents].join('\n');
}

async function expectNoLeak(run: CliRun, reportDir: string, secrets: string[]): Promise<void> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect((await readResults(reportDir)).summary.failed).toBe(0);
  const written = await everythingWritten(run, reportDir);
  for (const secret of secrets) expect(written.includes(secret), `"${secret}" leaked`).toBe(false);
  expect(written).toContain('[redacted]');
}

describe('secrets stay out of every output', () => {
  test('a bearer token given by flag', async () => {
    // The shared clean run is a run of every check with its token given by flag.
    const { run, reportDir, token } = await cleanRun();
    await expectNoLeak(run, reportDir, [token]);
  });

  test('a bearer token interpolated into the config file from the environment', async () => {
    const reportDir = join(folder.path, 'config');
    const config = join(folder.path, 'scimprobe.yaml');
    await writeFile(config, `target:\n  url: ${guarded.url}\n  token: \${SCIM_TEST_TOKEN}\nrun:\n  reportDir: ${reportDir}\n  suites: [${SOURCE_SUITES}]\n`);
    const run = await scimprobe(['run', '--config', config], { env: { SCIM_TEST_TOKEN: TOKEN } });
    await expectNoLeak(run, reportDir, [TOKEN]);
  });

  test('a bearer token from SCIMPROBE_TOKEN', async () => {
    const reportDir = join(folder.path, 'environment');
    const run = await scimprobe(['run', '--url', guarded.url, '--suite', SOURCE_SUITES, '--report-dir', reportDir], { env: { SCIMPROBE_TOKEN: TOKEN } });
    await expectNoLeak(run, reportDir, [TOKEN]);
  });

  test('an OAuth client secret from the environment, and every access token issued with it', async () => {
    const clientSecret = 'oauth-secret-8e4b0f27';
    const tokens = await startTokenEndpoint({ clientId: 'probe', clientSecret, expiresIn: 3600 });
    const server = await startReferenceServer({ acceptsToken: tokens.accepts });
    try {
      const reportDir = join(folder.path, 'oauth');
      const config = join(folder.path, 'oauth.yaml');
      await writeFile(config, [
        'target:',
        `  url: ${server.url}`,
        '  oauth:',
        `    tokenUrl: ${tokens.url}`,
        '    clientId: probe',
        '    clientSecret: ${SCIM_TEST_CLIENT_SECRET}',
        `run:\n  reportDir: ${reportDir}\n  suites: [${SOURCE_SUITES}]\n`,
      ].join('\n'));
      const run = await scimprobe(['run', '--config', config], { env: { SCIM_TEST_CLIENT_SECRET: clientSecret } });
      expect(tokens.issued.length).toBeGreaterThan(0);
      await expectNoLeak(run, reportDir, [clientSecret, ...tokens.issued]);
    } finally {
      await Promise.all([tokens.close(), server.close()]);
    }
  });

  test('a basic password and a custom header value', async () => {
    const reportDir = join(folder.path, 'basic');
    const password = 'pw-c0ffee-91b2';
    const apiKey = 'key-5e1d-77aa-0b3c';
    const run = await scimprobe(['run', '--url', open.url, '--basic', `probe:${password}`, '--header', `X-Api-Key: ${apiKey}`, '--suite', SOURCE_SUITES, '--report-dir', reportDir]);
    await expectNoLeak(run, reportDir, [password, apiKey, Buffer.from(`probe:${password}`).toString('base64')]);
  });
});
