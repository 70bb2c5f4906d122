/** --read-only runs only the checks that change nothing, reports the rest as skipped, and sends no write. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/catalog.js';
import { URN } from '../../src/scim/urns.js';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { readResults, runCli, temporaryFolder, type CliRun, type ResultsJson } from '../support/cli.js';
import { OPT_IN_CHECKS } from '../support/opt-in.js';

/** With a token, so the auth checks apply and every read-only check can pass. */
const TOKEN = 'read-only-test-token';
/** The tenant's page limit: small, so that it holds more users than one page without many creates. */
const MAX_RESULTS = 3;
let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
let run: CliRun;
let results: ResultsJson;

beforeAll(async () => {
  [server, folder] = await Promise.all([startReferenceServer({ token: TOKEN, maxResults: MAX_RESULTS }), temporaryFolder('read-only')]);
  // A tenant with data, as read-only runs meet them: the list pages then hold resources to judge, more than
  // one page of them, so that the capping of a count above maxResults is judged without creating any.
  for (let index = 0; index <= MAX_RESULTS; index += 1) {
    const seeded = await fetch(`${server.url}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [URN.user], userName: `existing-user-${index}` }),
    });
    expect(seeded.status).toBe(201);
  }
  run = await runCli(['run', '--url', server.url, '--token', TOKEN, '--read-only', '--report-dir', folder.path]);
  results = await readResults(folder.path);
});
afterAll(async () => {
  await Promise.all([server.close(), folder.remove()]);
});

describe('a read-only run', () => {
  test('passes the read-only checks and skips the others with the reason', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const spec of CHECKS) {
      const result = results.checks.find((check) => check.id === spec.id);
      if (OPT_IN_CHECKS.has(spec.id)) expect(result?.status, spec.id).toBe('skipped');
      // It judges the ids of resources the run creates and then reads by id, which a read-only run does neither of.
      else if (spec.id === 'read.ids-unique-and-stable') expect(result, spec.id).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^no response of the run held a created, read, replaced or patched resource with an id/) });
      else if (spec.readOnly) expect(result?.status, spec.id).toBe('passed');
      else expect(result, spec.id).toMatchObject({ status: 'skipped', message: '--read-only: this check changes the target' });
    }
  });

  test('sends no request that could change the target', async () => {
    const har = JSON.parse(await readFile(join(folder.path, 'exchanges.har'), 'utf8')) as {
      log: { entries: Array<{ request: { method: string; url: string } }> };
    };
    expect(har.log.entries.length).toBeGreaterThan(0);
    const writes = har.log.entries.filter((entry) => entry.request.method !== 'GET');
    expect(writes.map((entry) => `${entry.request.method} ${entry.request.url}`)).toEqual([]);
  });
});
