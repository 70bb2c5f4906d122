import { describe, expect, test } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { discover } from '../../src/discovery/discover.js';
import { readEndpoint, resolveEndpoints, type PROBE_QUERY } from '../../src/discovery/endpoints.js';
import { ScimClient, type ScimResponse } from '../../src/http/client.js';
import { ExchangeRecorder } from '../../src/http/recorder.js';
import { Redactor } from '../../src/http/redact.js';
import type { JsonValue } from '../../src/scim/json.js';
import type { ResourceTypeDefinition } from '../../src/scim/schema.js';
import { URN } from '../../src/scim/urns.js';
import { startReferenceServer } from '../../src/server/index.js';
import { sampleExchange } from '../support/sample-result.js';

const BASE = 'http://127.0.0.1:1/scim/v2';

describe('reading an advertised endpoint against the base URL', () => {
  test('a relative endpoint, with or without its leading slash, is taken as it is', () => {
    expect(readEndpoint('/Users', BASE)).toEqual({ form: 'relative', relative: '/Users' });
    expect(readEndpoint('Users', BASE)).toEqual({ form: 'relative', relative: '/Users' });
    // Only the whole base path counts: /scim/v2x is another endpoint.
    expect(readEndpoint('/scim/v2x/Users', BASE)).toEqual({ form: 'relative', relative: '/scim/v2x/Users' });
  });

  test("an endpoint carrying the base URL's path stands for the relative one, and keeps its literal path", () => {
    expect(readEndpoint('/scim/v2/Users', BASE)).toEqual({ form: 'base-path', relative: '/Users', literal: '/scim/v2/Users' });
    expect(readEndpoint('scim/v2/Users', BASE)).toEqual({ form: 'base-path', relative: '/Users', literal: '/scim/v2/Users' });
    expect(readEndpoint('/Users', 'http://127.0.0.1:1')).toEqual({ form: 'relative', relative: '/Users' });
  });

  test('an absolute URL under the base URL stands for the path below it', () => {
    expect(readEndpoint(`${BASE}/Users`, BASE)).toEqual({ form: 'absolute', relative: '/Users' });
    expect(readEndpoint(`${BASE}/Users`, `${BASE}/`)).toEqual({ form: 'absolute', relative: '/Users' });
  });

  test('an absolute URL elsewhere stands for its path below the base path, or for its whole path', () => {
    expect(readEndpoint('http://scim-backend.internal:8080/scim/v2/Users', BASE)).toEqual({ form: 'elsewhere', relative: '/Users' });
    expect(readEndpoint('https://127.0.0.1:1/scim/v2/Users', BASE)).toEqual({ form: 'elsewhere', relative: '/Users' });
    expect(readEndpoint('http://scim-backend.internal:8080/Users', BASE)).toEqual({ form: 'elsewhere', relative: '/Users' });
    expect(readEndpoint('http://127.0.0.1:1/Users', BASE)).toEqual({ form: 'elsewhere', relative: '/Users' });
  });
});

function reply(status: number, body: JsonValue): ScimResponse {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {},
    text,
    json: body,
    exchange: sampleExchange({ startedAt: '2026-01-01T00:00:00.000Z', method: 'GET', url: BASE, status, responseBody: text }),
  };
}

const LIST = { schemas: [URN.listResponse], totalResults: 0, Resources: [] };

function userType(endpoint: string): ResourceTypeDefinition {
  return { name: 'User', endpoint, schema: URN.user };
}

/** resolveEndpoints with a server that answers `answers[path]` (else 404), and the paths it was sent. */
async function resolved(endpoint: string, answers: Record<string, ScimResponse> = {}): Promise<{ type: ResourceTypeDefinition | undefined; sent: string[] }> {
  const sent: string[] = [];
  const get = async (path: string, query: typeof PROBE_QUERY): Promise<ScimResponse> => {
    sent.push(`${path}?startIndex=${query.startIndex}&count=${query.count}`);
    return answers[path] ?? reply(404, { schemas: [URN.error], status: '404' });
  };
  const [type] = await resolveEndpoints([userType(endpoint)], BASE, get);
  return { type, sent };
}

describe('resolving the endpoints the harness addresses', () => {
  test('a relative endpoint is addressed as advertised, with no request', async () => {
    expect(await resolved('Users')).toEqual({ type: userType('/Users'), sent: [] });
  });

  test("an endpoint carrying the base URL's path is read as the relative one when its literal path lists nothing", async () => {
    expect(await resolved('/scim/v2/Users')).toEqual({
      type: { ...userType('/Users'), advertisedEndpoint: '/scim/v2/Users' },
      sent: ['/scim/v2/Users?startIndex=1&count=1'],
    });
    const notAList = await resolved('/scim/v2/Users', { '/scim/v2/Users': reply(200, { schemas: [URN.user] }) });
    expect(notAList.type?.endpoint).toBe('/Users');
  });

  test('it is kept when its literal path below the base URL answers a ListResponse', async () => {
    expect((await resolved('scim/v2/Users', { '/scim/v2/Users': reply(200, LIST) })).type).toEqual(userType('/scim/v2/Users'));
  });

  test('an absolute URL is read as the relative endpoint, and nothing is sent to it or to another origin', async () => {
    expect(await resolved(`${BASE}/Users`)).toEqual({ type: { ...userType('/Users'), advertisedEndpoint: `${BASE}/Users` }, sent: [] });
    const internal = 'http://scim-backend.internal:8080/scim/v2/Users';
    expect(await resolved(internal)).toEqual({ type: { ...userType('/Users'), advertisedEndpoint: internal }, sent: [] });
  });
});

describe('discovery of a server advertising endpoints with its base path', () => {
  test('addresses every type at its relative endpoint and records what was advertised', async () => {
    const server = await startReferenceServer({ quirks: ['endpoint-with-base-path'] });
    const target: TargetConfig = { url: server.url, auth: { type: 'none' }, headers: {}, timeoutMs: 5_000, maxRetries: 0, tls: { insecure: false } };
    const client = new ScimClient(target, new ExchangeRecorder(Redactor.forTarget(target)));
    try {
      const { resourceTypes } = await discover(client);
      expect(resourceTypes.map(({ endpoint, advertisedEndpoint }) => [endpoint, advertisedEndpoint])).toEqual([
        ['/Users', '/scim/v2/Users'], ['/Groups', '/scim/v2/Groups'], ['/Credentials', '/scim/v2/Credentials'],
      ]);
      expect((await client.get('/Users', { count: 1 })).status).toBe(200);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
