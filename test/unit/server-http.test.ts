import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonValue } from '../../src/scim/json.js';
import { paddedBulkRequest, paddedSearchRequest } from '../../src/scim/padded-body.js';
import { URN } from '../../src/scim/urns.js';
import { object } from '../support/json-values.js';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: JsonValue | undefined;
}

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
});

afterAll(async () => {
  await server.close();
});

async function send(url: string, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body;
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parseJson(text) };
}

function expectError(reply: Reply, status: number, scimType?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  const body = object(reply.body);
  expect(body).toMatchObject({ schemas: [URN.error], status: String(status), detail: expect.any(String) });
  if (scimType === undefined) expect(body).not.toHaveProperty('scimType');
  else expect(body.scimType).toBe(scimType);
}

const SCIM_JSON = { 'Content-Type': 'application/scim+json' };
const userBody = (userName: string): string => JSON.stringify({ schemas: [URN.user], userName });

describe('routing', () => {
  it('has no trailing slash in its base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
  });

  it('answers 404 with a SCIM error for an unknown endpoint, under the base or outside it', async () => {
    expectError(await send(`${server.url}/NoSuchEndpoint`), 404);
    expectError(await send(`${new URL(server.url).origin}/elsewhere`), 404);
  });

  it('answers 405 with an Allow header for a method the endpoint lacks', async () => {
    const reply = await send(`${server.url}/Users`, 'DELETE');
    expectError(reply, 405);
    expect(reply.headers.get('allow')).toBe('GET, POST');
    expect((await send(`${server.url}/Users/.search`)).headers.get('allow')).toBe('POST');
  });

  it('answers 429 with Retry-After and a SCIM Error over its rate limit, and serves again the next second', async () => {
    const limited = await startReferenceServer({ rateLimit: 2 });
    try {
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(await send(`${limited.url}/ServiceProviderConfig`));
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 429]);
      expectError(replies[2] as Reply, 429);
      expect(replies[2]?.headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await send(`${limited.url}/ServiceProviderConfig`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 501 for /Me', async () => {
    expectError(await send(`${server.url}/Me`), 501);
  });

  it('serves a path with a trailing slash like the one without', async () => {
    const reply = await send(`${server.url}/ServiceProviderConfig/`);
    expect(reply.status).toBe(200);
  });
});

describe('request bodies', () => {
  it('accepts application/json as well as application/scim+json', async () => {
    const reply = await send(`${server.url}/Users`, 'POST', userBody('json-typed'), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(reply.status).toBe(201);
  });

  it('answers 415 to another media type', async () => {
    expectError(await send(`${server.url}/Users`, 'POST', userBody('form'), { 'Content-Type': 'text/plain' }), 415);
  });

  it('answers 400 invalidSyntax to a body that does not parse', async () => {
    expectError(await send(`${server.url}/Users`, 'POST', '{"schemas":', SCIM_JSON), 400, 'invalidSyntax');
    expectError(await send(`${server.url}/Users`, 'POST', '', SCIM_JSON), 400, 'invalidSyntax');
    expectError(await send(`${server.url}/Users`, 'POST', '[1, 2]', SCIM_JSON), 400, 'invalidSyntax');
  });

  it('answers 413 to a body larger than maxPayloadSize', async () => {
    const small = await startReferenceServer({ maxPayloadSize: 200 });
    try {
      const reply = await send(`${small.url}/Users`, 'POST', JSON.stringify({ schemas: [URN.user], userName: 'x'.repeat(300) }), SCIM_JSON);
      expectError(reply, 413);
      expect(String(object(reply.body).detail)).toContain('maxPayloadSize');
      expect((await send(`${small.url}/Users`, 'POST', userBody('fits'), SCIM_JSON)).status).toBe(201);
      // The limit is inclusive: a body of exactly maxPayloadSize bytes is read.
      expect((await send(`${small.url}/Users/.search`, 'POST', paddedSearchRequest('edge').ofSize(200), SCIM_JSON)).status).toBe(200);
      expectError(await send(`${small.url}/Users/.search`, 'POST', paddedSearchRequest('edge').ofSize(201), SCIM_JSON), 413);
      expect((await send(`${small.url}/Bulk`, 'POST', paddedBulkRequest('/Users', 'edge').ofSize(200), SCIM_JSON)).status).toBe(200);
      expectError(await send(`${small.url}/Bulk`, 'POST', paddedBulkRequest('/Users', 'edge').ofSize(201), SCIM_JSON), 413);
    } finally {
      await small.close();
    }
  });

  it('round-trips non-ASCII text as UTF-8', async () => {
    const displayName = 'Zoë Ünïcødé 日本 😀';
    const created = await send(`${server.url}/Users`, 'POST', JSON.stringify({ schemas: [URN.user], userName: 'unicode', displayName }), SCIM_JSON);
    const read = await send(`${server.url}/Users/${String(object(created.body).id)}`);
    expect(object(read.body).displayName).toBe(displayName);
  });
});

describe('responses', () => {
  it('are application/scim+json in UTF-8, errors included', async () => {
    for (const path of ['/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Users', '/Groups', '/Nope']) {
      const reply = await send(`${server.url}${path}`, 'GET', undefined, { Accept: 'application/json' });
      expect(reply.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(reply.body).toBeDefined();
    }
  });
});

describe('bearer token', () => {
  let guarded: ReferenceServer;

  beforeAll(async () => {
    guarded = await startReferenceServer({ token: 's3cret' });
  });

  afterAll(async () => {
    await guarded.close();
  });

  it('refuses requests without it or with another one: 401, a SCIM error and WWW-Authenticate', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: 'Basic czNjcmV0' }];
    for (const headers of attempts) {
      const reply = await send(`${guarded.url}/Users`, 'GET', undefined, headers);
      expectError(reply, 401);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="scimprobe"');
    }
    expectError(await send(`${guarded.url}/NoSuchEndpoint`), 401);
  });

  it('lets anyone read the service provider configuration', async () => {
    expect((await send(`${guarded.url}/ServiceProviderConfig`)).status).toBe(200);
    expectError(await send(`${guarded.url}/Schemas`), 401);
  });

  it('accepts the token', async () => {
    const reply = await send(`${guarded.url}/Users`, 'GET', undefined, { Authorization: 'Bearer s3cret' });
    expect(reply.status).toBe(200);
  });
});

describe('close', () => {
  it('ends keep-alive connections', async () => {
    const transient = await startReferenceServer();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${transient.url}/ServiceProviderConfig`, { headers: { Connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    await transient.close();
    await expect(fetch(`${transient.url}/ServiceProviderConfig`)).rejects.toThrow();
  });
});
