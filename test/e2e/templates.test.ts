/**
 * A tenant with rules its schemas cannot express (every userName an e-mail address in its domain, every
 * User with a family name) refuses the harness's Users until the config's templates say so; with them,
 * every suite's Users obey the rules and the whole run passes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { readResults, temporaryFolder } from '../support/cli.js';
import { useCliHosts } from '../support/file-hosts.js';
import { OPT_IN_CHECKS } from '../support/opt-in.js';

/** The CLI, run in a long-lived process of this file's (see CliHosts). */
const scimprobe = useCliHosts();

const DOMAIN = 'probe.example';
const TOKEN = 'templates-test-token';

let server: ReferenceServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
beforeAll(async () => {
  [server, folder] = await Promise.all([
    startReferenceServer({ token: TOKEN, userRules: { userNameDomain: DOMAIN, required: ['name.familyName'] } }),
    temporaryFolder('templates'),
  ]);
});
afterAll(() => Promise.all([server.close(), folder.remove()]));

interface HarEntry {
  request: { method: string; url: string; postData?: { text?: string } };
}

/** The resource bodies the run sent in POST and PUT requests, bulk operations' data included. */
async function sentBodies(reportDir: string): Promise<Array<Record<string, unknown>>> {
  const har = JSON.parse(await readFile(join(reportDir, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
  const bodies: Array<Record<string, unknown>> = [];
  for (const { request } of har.log.entries) {
    if ((request.method !== 'POST' && request.method !== 'PUT') || request.url.includes('.search') || request.postData?.text === undefined) continue;
    let body: unknown;
    try {
      body = JSON.parse(request.postData.text);
    } catch {
      // A body the harness sent malformed on purpose holds no resource.
      continue;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    const operations = (body as { Operations?: unknown }).Operations;
    const data = Array.isArray(operations) ? operations.map((operation) => (operation as { data?: unknown }).data) : [body];
    for (const item of data) {
      if (typeof item === 'object' && item !== null && !Array.isArray(item)) bodies.push(item as Record<string, unknown>);
    }
  }
  return bodies;
}

function schemasOf(body: Record<string, unknown>): unknown[] {
  return Array.isArray(body.schemas) ? body.schemas : [];
}

describe('a tenant with rules beyond its schemas', () => {
  test('refuses the Users of a run without templates', async () => {
    const reportDir = join(folder.path, 'plain');
    const run = await scimprobe(['run', '--url', server.url, '--token', TOKEN, '--suite', 'lifecycle,replace', '--report-dir', reportDir]);
    expect(run.code).toBe(1);
    const results = await readResults(reportDir);
    const refused = results.checks.filter((check) => check.status !== 'passed' && /this tenant requires/.test(check.message ?? ''));
    expect(refused.length).toBeGreaterThan(0);
  }, 120_000);

  test('with templates, every check passes and every User sent obeys the rules', async () => {
    const reportDir = join(folder.path, 'templated');
    const config = join(folder.path, 'scimprobe.yaml');
    await writeFile(config, [
      'target:',
      `  url: ${server.url}`,
      `  token: ${TOKEN}`,
      'templates:',
      '  User:',
      `    userName: "{name}@${DOMAIN}"`,
      '    name: { givenName: Probe, familyName: "{name}" }',
      '  Group:',
      '    externalId: "{name}"',
      '  Credential:',
      '    expires: "2031-01-01T00:00:00Z"',
      '',
    ].join('\n'));
    const run = await scimprobe(['run', '--config', config, '--report-dir', reportDir, '--seed', '11']);
    const results = await readResults(reportDir);
    const notPassed = results.checks.filter((check) => check.status !== 'passed' && !(OPT_IN_CHECKS.has(check.id) && check.status === 'skipped'));
    expect(notPassed.map((check) => `${check.id}: ${check.status} ${check.message ?? ''}`)).toEqual([]);
    expect(run.code).toBe(0);
    const bodies = await sentBodies(reportDir);
    const users = bodies.filter((body) => schemasOf(body).includes(URN.user));
    const groups = bodies.filter((body) => schemasOf(body).includes(URN.group));
    const credentials = bodies.filter((body) => schemasOf(body).includes(CREDENTIAL_SCHEMA));
    expect(users.length).toBeGreaterThan(50);
    expect(groups.length).toBeGreaterThan(5);
    // Case variants upper-case the domain too; create.required-missing-400 sends one User without a userName,
    // and replace.required-missing-400 one PUT without it.
    const userNames = users.flatMap((user) => (user.userName === undefined ? [] : [String(user.userName)]));
    expect(userNames.length).toBe(users.length - 2);
    expect(userNames.filter((name) => !name.toLowerCase().endsWith(`@${DOMAIN}`))).toEqual([]);
    expect(users.filter((user) => typeof (user.name as { familyName?: unknown } | undefined)?.familyName !== 'string')).toEqual([]);
    expect(groups.filter((group) => typeof group.externalId !== 'string' || !group.externalId.startsWith('scimprobe-'))).toEqual([]);
    expect(credentials.length).toBeGreaterThan(0);
    expect(credentials.filter((credential) => credential.expires !== '2031-01-01T00:00:00Z')).toEqual([]);
  }, 180_000);
});
