import { describe, expect, test } from 'vitest';
import { discover } from '../../src/discovery/discover.js';
import { ScimClient } from '../../src/http/client.js';
import { ExchangeRecorder } from '../../src/http/recorder.js';
import { Redactor } from '../../src/http/redact.js';
import type { TargetConfig } from '../../src/config/types.js';
import { deleteByPrefix, findByPrefix, RUN_PREFIX, runPrefixOf } from '../../src/runner/prefix-sweep.js';
import { namingAttributes } from '../../src/scim/schema.js';
import { startReferenceServer } from '../../src/server/index.js';
import { startProxy, type ProxyBehaviour } from '../support/proxy.js';
import type { SchemaDefinition } from '../../src/scim/schema.js';
import { URN } from '../../src/scim/urns.js';

const DEVICE_SCHEMA: SchemaDefinition = {
  id: 'urn:example:schemas:Device',
  attributes: [
    { name: 'serial', type: 'string', multiValued: false, uniqueness: 'server' },
    { name: 'label', type: 'string', multiValued: false, uniqueness: 'none' },
    { name: 'aliases', type: 'string', multiValued: true, uniqueness: 'global' },
    { name: 'slot', type: 'integer', multiValued: false, uniqueness: 'server' },
  ],
};

describe('namingAttributes', () => {
  test('userName for Users and displayName for Groups, whatever the case of the schema URN', () => {
    expect(namingAttributes({ name: 'User', endpoint: '/Users', schema: URN.user.toUpperCase() }, [])).toEqual(['userName']);
    expect(namingAttributes({ name: 'Group', endpoint: '/Groups', schema: URN.group }, [])).toEqual(['displayName']);
  });

  test('the unique single-valued strings of another type\'s core schema, and none when it is not advertised', () => {
    expect(namingAttributes({ name: 'Device', endpoint: '/Devices', schema: DEVICE_SCHEMA.id }, [DEVICE_SCHEMA])).toEqual(['serial']);
    expect(namingAttributes({ name: 'Device', endpoint: '/Devices', schema: DEVICE_SCHEMA.id }, [])).toEqual([]);
  });
});

describe('run prefixes', () => {
  test('only scimprobe- and a run id of 8 lower-case hex digits is one', () => {
    expect(RUN_PREFIX.test(runPrefixOf('0badc0de'))).toBe(true);
    for (const prefix of ['', 'a', 'scimprobe-', 'scimprobe-0badc0d', 'scimprobe-0badc0de0', 'scimprobe-0BADC0DE', ' scimprobe-0badc0de', 'scimprobe-0badc0de-']) {
      expect(RUN_PREFIX.test(prefix), prefix).toBe(false);
    }
  });
});

const PREFIX = runPrefixOf('0badc0de');

/** A reference server holding one user with the prefix, reached through a proxy with the given faults. */
async function withLeftUser(fault: NonNullable<ProxyBehaviour['fault']>, use: (client: ScimClient, id: string, serverUrl: string) => Promise<void>): Promise<void> {
  const server = await startReferenceServer();
  const created = await fetch(`${server.url}/Users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [URN.user], userName: `${PREFIX}-left-1` }),
  });
  const { id } = (await created.json()) as { id: string };
  const proxy = await startProxy(server.url, { fault });
  const target: TargetConfig = { url: proxy.url, auth: { type: 'none' }, headers: {}, timeoutMs: 5_000, maxRetries: 0, tls: { insecure: false } };
  const client = new ScimClient(target, new ExchangeRecorder(Redactor.forTarget(target)));
  try {
    await use(client, id, server.url);
  } finally {
    await client.close();
    await Promise.all([proxy.close(), server.close()]);
  }
}

describe('findByPrefix', () => {
  test('asks again when a search answers with no ListResponse, so one lost answer leaves nothing behind', async () => {
    let searches = 0;
    await withLeftUser(({ path }) => (path.includes('filter=') && ++searches === 1 ? { kind: 'answer', status: 502, body: '<html>Bad Gateway</html>' } : undefined), async (client, id) => {
      expect(await findByPrefix(client, await discover(client), PREFIX)).toEqual({ paths: [`/Users/${id}`], problems: [], declined: [] });
      expect(searches).toBeGreaterThan(1);
    });
  });
});

describe('deleteByPrefix', () => {
  test('reads each resource back after its DELETE, and deletes once more what a forged 2xx left', async () => {
    let deletes = 0;
    // The first DELETE never reaches the server, yet is answered 200.
    await withLeftUser(({ method }) => (method === 'DELETE' && ++deletes === 1 ? { kind: 'answer', status: 200, body: 'this is not JSON {' } : undefined), async (client, id, serverUrl) => {
      expect(await deleteByPrefix(client, await discover(client), PREFIX)).toEqual({ found: 1, deleted: 1, problems: [], declined: [] });
      expect(deletes).toBe(2);
      expect((await fetch(`${serverUrl}/Users/${id}`)).status).toBe(404);
    });
  });

  test('names what is still there when every DELETE is answered but none happens', async () => {
    await withLeftUser(({ method }) => (method === 'DELETE' ? { kind: 'answer', status: 204, body: '' } : undefined), async (client, id) => {
      expect(await deleteByPrefix(client, await discover(client), PREFIX)).toEqual({
        found: 1, deleted: 0, problems: [`/Users/${id} (still readable after its DELETE was answered as done)`], declined: [],
      });
    });
  });
});
