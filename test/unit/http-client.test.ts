import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { MAX_RESPONSE_BYTES, MAX_RETRY_WAIT_MS, ScimClient, TransportError, WriteRefusedError } from '../../src/http/client.js';
import { OAuthTokenError } from '../../src/http/oauth.js';
import { ExchangeRecorder } from '../../src/http/recorder.js';
import { Redactor } from '../../src/http/redact.js';
import type { Throttle } from '../../src/http/throttle.js';
import { createTestPki, type TestPki } from '../support/tls.js';

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Respond = (request: ReceivedRequest, response: ServerResponse, attempt: number) => void;

interface TestServer {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

async function startServer(respond: Respond): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      respond(request, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
  res.end(JSON.stringify(body));
}

function target(url: string, overrides: Partial<TargetConfig> = {}): TargetConfig {
  return { url, auth: { type: 'none' }, headers: {}, timeoutMs: 5_000, maxRetries: 2, tls: { insecure: false }, ...overrides };
}

/** Everything a test opens, closed after it whatever its outcome. */
const openServers: TestServer[] = [];
const openClients: ScimClient[] = [];

async function server(respond: Respond): Promise<TestServer> {
  const started = await startServer(respond);
  openServers.push(started);
  return started;
}

function client(config: TargetConfig, recorder = new ExchangeRecorder(Redactor.forTarget(config))): ScimClient {
  const created = new ScimClient(config, recorder);
  openClients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(openClients.splice(0).map((c) => c.close()));
  await Promise.all(openServers.splice(0).map((s) => s.close()));
});

const ok: Respond = (_request, res) => sendJson(res, 200, { ok: true });

describe('ScimClient credentials', () => {
  it('sends a bearer token, the target headers and the SCIM Accept header', async () => {
    const srv = await server(ok);
    const scim = client(target(`${srv.url}/scim/v2`, {
      auth: { type: 'bearer', token: 'bearer-token-value' },
      headers: { 'X-Api-Key': 'api-key-value' },
    }));

    const response = await scim.get('/Users');

    expect(response.status).toBe(200);
    expect(srv.received[0]?.url).toBe('/scim/v2/Users');
    expect(srv.received[0]?.headers.authorization).toBe('Bearer bearer-token-value');
    expect(srv.received[0]?.headers['x-api-key']).toBe('api-key-value');
    expect(srv.received[0]?.headers.accept).toBe('application/scim+json');
  });

  it('sends Basic credentials as base64 of user:password', async () => {
    const srv = await server(ok);
    const scim = client(target(srv.url, { auth: { type: 'basic', username: 'alice', password: 'wonder:land' } }));

    await scim.get('/Users');

    const encoded = srv.received[0]?.headers.authorization?.replace(/^Basic /, '') ?? '';
    expect(srv.received[0]?.headers.authorization).toMatch(/^Basic /);
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('alice:wonder:land');
  });

  it('sends no Authorization when the target has no auth, but still its headers', async () => {
    const srv = await server(ok);
    const scim = client(target(srv.url, { headers: { 'X-Tenant': 'tenant-one' } }));

    await scim.get('/Users');

    expect(srv.received[0]?.headers.authorization).toBeUndefined();
    expect(srv.received[0]?.headers['x-tenant']).toBe('tenant-one');
  });

  it('sends neither Authorization nor target headers with authenticate: false', async () => {
    const srv = await server(ok);
    const scim = client(target(srv.url, {
      auth: { type: 'bearer', token: 'bearer-token-value' },
      headers: { 'X-Api-Key': 'api-key-value' },
    }));

    await scim.request({ method: 'GET', path: '/Users', authenticate: false });

    expect(srv.received[0]?.headers.authorization).toBeUndefined();
    expect(srv.received[0]?.headers['x-api-key']).toBeUndefined();
    expect(srv.received[0]?.headers.accept).toBe('application/scim+json');
  });

  it('lets a request header replace a credential of the same name in another case', async () => {
    const srv = await server(ok);
    const scim = client(target(srv.url, { auth: { type: 'bearer', token: 'bearer-token-value' } }));

    await scim.get('/Users', undefined, { headers: { Authorization: 'Bearer wrong-token' } });

    expect(srv.received[0]?.headers.authorization).toBe('Bearer wrong-token');
  });

  it('keeps credentials on the target origin when given an absolute URL', async () => {
    const home = await server(ok);
    const elsewhere = await server(ok);
    const scim = client(target(`${home.url}/scim`, {
      auth: { type: 'bearer', token: 'bearer-token-value' },
      headers: { 'X-Api-Key': 'api-key-value' },
    }));

    const foreign = await scim.get(`${elsewhere.url}/Users/1?attributes=id`);
    await scim.get(`${home.url}/scim/Users/2`);

    expect(foreign.status).toBe(200);
    expect(foreign.exchange.request.url).toBe(`${elsewhere.url}/Users/1?attributes=id`);
    expect(elsewhere.received[0]?.url).toBe('/Users/1?attributes=id');
    expect(elsewhere.received[0]?.headers.authorization).toBeUndefined();
    expect(elsewhere.received[0]?.headers['x-api-key']).toBeUndefined();
    expect(home.received[0]?.url).toBe('/scim/Users/2');
    expect(home.received[0]?.headers.authorization).toBe('Bearer bearer-token-value');
    expect(home.received[0]?.headers['x-api-key']).toBe('api-key-value');
  });

  it('returns a redirect as it is: nothing reaches the origin it points to', async () => {
    const elsewhere = await server(ok);
    const home = await server((request, res) => {
      res.writeHead(request.method === 'POST' ? 307 : 302, { location: `${elsewhere.url}${request.url}` });
      res.end();
    });
    const scim = client(target(`${home.url}/scim`, { auth: { type: 'bearer', token: 'bearer-token-value' } }));

    const read = await scim.get('/Users');
    const write = await scim.post('/Users', { userName: 'bjensen' });

    expect([read.status, write.status]).toEqual([302, 307]);
    expect(read.headers.location).toBe(`${elsewhere.url}/scim/Users`);
    expect(home.received).toHaveLength(2);
    expect(elsewhere.received).toEqual([]);
  });
});

describe('ScimClient requests and responses', () => {
  it('percent-encodes query parameters and leaves out undefined ones', async () => {
    const srv = await server(ok);
    const scim = client(target(`${srv.url}/scim/v2/`));
    const filter = 'userName eq "bjensen@example.com" and name.familyName sw "O\'Ma&lley"';

    const response = await scim.get('/Users', { filter, startIndex: 1, count: 10, excludedAttributes: undefined, x: true });

    const received = new URL(srv.received[0]?.url ?? '', srv.url);
    expect(scim.baseUrl).toBe(`${srv.url}/scim/v2`);
    expect(received.pathname).toBe('/scim/v2/Users');
    expect(received.search).not.toMatch(/[ "]/);
    expect([...received.searchParams]).toEqual([
      ['filter', filter],
      ['startIndex', '1'],
      ['count', '10'],
      ['x', 'true'],
    ]);
    expect(response.exchange.request.url).toBe(`${srv.url}${srv.received[0]?.url}`);
  });

  it('appends the query to a path that already has one', async () => {
    const srv = await server(ok);
    const scim = client(target(srv.url));

    await scim.get('/Users?attributes=userName', { count: 2 });

    expect(srv.received[0]?.url).toBe('/Users?attributes=userName&count=2');
  });

  it('adds the configured query parameters to GETs of resource endpoints only, a request\'s own parameter winning', async () => {
    const srv = await server(ok);
    const scim = client(target(`${srv.url}/scim/v2`, { queryParameters: { attributeSets: 'all', Count: '7' } }));

    await scim.get('/Users', { filter: 'userName pr', count: 2 });
    await scim.get('/Users/42');
    await scim.get(`${srv.url}/scim/v2/Groups/7?attributeSets=never`);
    await scim.get('/Users?ATTRIBUTESETS=request');
    await scim.get('/ServiceProviderConfig');
    await scim.get('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
    await scim.get('/ResourceTypes');
    await scim.get('/Bulk');
    await scim.get('/');
    await scim.post('/Users/.search', { schemas: [] });
    await scim.delete('/Users/42');

    expect(srv.received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /scim/v2/Users?attributeSets=all&filter=userName%20pr&count=2',
      'GET /scim/v2/Users/42?attributeSets=all&Count=7',
      'GET /scim/v2/Groups/7?attributeSets=never&Count=7',
      'GET /scim/v2/Users?ATTRIBUTESETS=request&Count=7',
      'GET /scim/v2/ServiceProviderConfig',
      'GET /scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
      'GET /scim/v2/ResourceTypes',
      'GET /scim/v2/Bulk',
      'GET /scim/v2/',
      'POST /scim/v2/Users/.search',
      'DELETE /scim/v2/Users/42',
    ]);
  });

  it('adds no configured query parameter to a GET of another origin', async () => {
    const srv = await server(ok);
    const other = await server(ok);
    const scim = client(target(`${srv.url}/scim/v2`, { queryParameters: { attributeSets: 'all' } }));

    await scim.get(`${other.url}/scim/v2/Users/1`);

    expect(other.received.map((request) => request.url)).toEqual(['/scim/v2/Users/1']);
  });

  it('serialises a JSON body as application/scim+json', async () => {
    const srv = await server((request, res) => sendJson(res, 201, JSON.parse(request.body)));
    const scim = client(target(srv.url));
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'zoë' };

    const response = await scim.post('/Users', user);

    expect(srv.received[0]?.method).toBe('POST');
    expect(srv.received[0]?.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    expect(JSON.parse(srv.received[0]?.body ?? '')).toEqual(user);
    expect(response.status).toBe(201);
    expect(response.json).toEqual(user);
  });

  it('sends a string body as is, with the content type a request header gives', async () => {
    const srv = await server((_request, res) => sendJson(res, 400, { status: '400' }));
    const scim = client(target(srv.url));

    const response = await scim.put('/Users/1', '{"userName": ', { headers: { 'Content-Type': 'text/plain' } });

    expect(srv.received[0]?.method).toBe('PUT');
    expect(srv.received[0]?.body).toBe('{"userName": ');
    expect(srv.received[0]?.headers['content-type']).toBe('text/plain');
    expect(response.status).toBe(400);
    expect(response.exchange.request.body).toBe('{"userName": ');
  });

  it('sends PATCH and DELETE with their methods, and a DELETE without a body', async () => {
    const srv = await server((request, res) => {
      if (request.method === 'DELETE') {
        res.writeHead(204).end();
      } else {
        sendJson(res, 200, {});
      }
    });
    const scim = client(target(srv.url));

    await scim.patch('/Users/1', { Operations: [] });
    const deleted = await scim.delete('/Users/1', { headers: { 'If-Match': 'W/"1"' } });

    expect(srv.received.map((r) => r.method)).toEqual(['PATCH', 'DELETE']);
    expect(srv.received[1]?.headers['if-match']).toBe('W/"1"');
    expect(srv.received[1]?.headers['content-type']).toBeUndefined();
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(deleted.json).toBeUndefined();
    expect(deleted.exchange.request.body).toBeUndefined();
  });

  it('returns lower-case headers, joins repeated ones, and parses JSON whatever the content type', async () => {
    const srv = await server((_request, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.setHeader('X-Repeated', ['one', 'two']);
      res.setHeader('ETag', 'W/"abc"');
      res.end('{"id":"1"}');
    });
    const scim = client(target(srv.url));

    const response = await scim.get('/Users/1');

    expect(response.headers['x-repeated']).toBe('one, two');
    expect(response.headers.etag).toBe('W/"abc"');
    expect(response.headers['content-type']).toBe('text/html');
    expect(response.json).toEqual({ id: '1' });
  });

  it('gives text and no json for a body that is not JSON', async () => {
    const srv = await server((_request, res) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error – naïve');
    });
    const scim = client(target(srv.url));

    const response = await scim.get('/Users');

    expect(response.status).toBe(500);
    expect(response.text).toBe('Internal error – naïve');
    expect(response.json).toBeUndefined();
    expect(srv.received).toHaveLength(1);
  });

  it('records each request once with its request, response and timing', async () => {
    const srv = await server((_request, res) => sendJson(res, 201, { id: '7' }, { Location: '/Users/7' }));
    const config = target(srv.url);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);
    const before = Date.now();

    const response = await scim.post('/Users', { userName: 'u' }, { headers: { 'X-Request-Id': 'r-1' } });

    expect(recorder.all()).toEqual([response.exchange]);
    const exchange = response.exchange;
    expect(exchange.seq).toBe(1);
    expect(exchange.request).toEqual({
      method: 'POST',
      url: `${srv.url}/Users`,
      headers: {
        accept: 'application/scim+json',
        'content-type': 'application/scim+json; charset=utf-8',
        'x-request-id': 'r-1',
      },
      body: '{"userName":"u"}',
    });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.headers.location).toBe('/Users/7');
    expect(exchange.response?.body).toBe('{"id":"7"}');
    expect(exchange.retries).toBe(0);
    expect(exchange.error).toBeUndefined();
    expect(Date.parse(exchange.startedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(new Date(exchange.startedAt).toISOString()).toBe(exchange.startedAt);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records the refusal a check expects with the exchange, and nothing for other requests', async () => {
    const srv = await server((_request, res) => sendJson(res, 500, { detail: 'failed' }));
    const scim = client(target(srv.url));
    const refusal = { status: 400, scimType: 'invalidFilter', requirement: 'P-3.4.2.2-6' };

    const refused = await scim.get('/Users', { filter: 'userName eq' }, { refusal });
    const plain = await scim.get('/Users');

    expect(refused.exchange.refusal).toEqual(refusal);
    expect(plain.exchange.refusal).toBeUndefined();
  });
});

describe('ScimClient failures without a response', () => {
  it('reports a timeout when no headers arrive, and records it', async () => {
    const srv = await server(() => {
      // Never answers.
    });
    const config = target(srv.url, { timeoutMs: 200 });
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    const transport = error as TransportError;
    expect(transport.message).toContain('no response within 200 ms');
    expect(transport.message).toContain(`GET ${srv.url}/Users`);
    expect(recorder.all()).toEqual([transport.exchange]);
    expect(transport.exchange.response).toBeUndefined();
    expect(transport.exchange.error).toBe(transport.message);
    expect(transport.exchange.request.url).toBe(`${srv.url}/Users`);
  });

  it('bounds a body that trickles in, however short the gaps between its chunks', async () => {
    const srv = await server((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      const drip = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(drip));
    });
    const scim = client(target(srv.url, { timeoutMs: 300 }));

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toContain('no response within 300 ms');
    expect((error as TransportError).message).toContain('body stopped arriving');
  });

  it('cuts off a body larger than any SCIM response, with a message saying so', async () => {
    const srv = await server((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x20));
    });
    const scim = client(target(srv.url));

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toBe(`the response to GET ${srv.url}/Users was cut off: its body is larger than ${MAX_RESPONSE_BYTES} bytes`);
  });

  it('reports a timeout when the body stalls after the headers', async () => {
    const srv = await server((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.write('{"Resources": [');
    });
    const scim = client(target(srv.url, { timeoutMs: 200 }));

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toContain('no response within 200 ms');
    expect((error as TransportError).message).toContain('body stopped arriving');
  });

  it('reports a refused connection with the URL, and records it', async () => {
    const closed = await startServer(ok);
    const url = closed.url;
    await closed.close();
    const config = target(url);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const error = await scim.delete('/Users/1').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    const transport = error as TransportError;
    expect(transport.message).toContain('connection refused');
    expect(transport.message).toContain(`DELETE ${url}/Users/1`);
    expect(recorder.all()).toHaveLength(1);
    expect(recorder.all()[0]?.error).toBe(transport.message);
    expect(transport.exchange.retries).toBe(0);
  });

  it('reports a connection closed before the response', async () => {
    const srv = await server((_request, res) => {
      res.socket?.destroy();
    });
    const scim = client(target(srv.url));

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toBe(
      `connection closed by the server before a complete response to GET ${srv.url}/Users`,
    );
    expect((error as TransportError).exchange.response).toBeUndefined();
  });
});

describe('ScimClient retries', () => {
  it('retries a 429 that says Retry-After: 0 and returns the next response as one exchange', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, { status: '429' }, { 'Retry-After': '0' });
      else sendJson(res, 201, { id: '1' });
    });
    const config = target(srv.url);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const response = await scim.post('/Users', { userName: 'retried' });

    expect(response.status).toBe(201);
    expect(response.json).toEqual({ id: '1' });
    expect(srv.received).toHaveLength(2);
    expect(srv.received.map((r) => r.body)).toEqual(['{"userName":"retried"}', '{"userName":"retried"}']);
    expect(recorder.all()).toHaveLength(1);
    expect(response.exchange.retries).toBe(1);
    expect(response.exchange.response?.status).toBe(201);
  });

  it('returns the 429 itself, unretried, for a request with retry: false', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, { status: '429' }, { 'Retry-After': '0' });
      else sendJson(res, 200, {});
    });
    const config = target(srv.url);
    const scim = client(config, new ExchangeRecorder(Redactor.forTarget(config)));

    const response = await scim.request({ method: 'GET', path: '/Users', retry: false });

    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('0');
    expect(srv.received).toHaveLength(1);
    expect(response.exchange.retries).toBe(0);
    expect((await scim.get('/Users')).status).toBe(200);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 503, {}, { 'Retry-After': new Date().toUTCString() });
      else sendJson(res, 200, {});
    });
    const scim = client(target(srv.url));

    const response = await scim.patch('/Users/1', { Operations: [] });

    expect(response.status).toBe(200);
    expect(response.exchange.retries).toBe(1);
  });

  it('does not count the wait for Retry-After against the request timeout', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, {}, { 'Retry-After': '1' });
      else sendJson(res, 200, { after: 'wait' });
    });
    const scim = client(target(srv.url, { timeoutMs: 300 }));

    const response = await scim.get('/Users');

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ after: 'wait' });
  });

  it('records how long it waited before its retries', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, {}, { 'Retry-After': '1' });
      else sendJson(res, 200, {});
    });
    const response = await client(target(srv.url)).get('/Users');
    expect(response.exchange.retries).toBe(1);
    expect(response.exchange.retryWaitMs).toBe(1000);
  });

  it('does not sleep a Retry-After longer than a request may wait: it fails at once, saying so', async () => {
    const srv = await server((_request, res) => sendJson(res, 503, { detail: 'maintenance' }, { 'Retry-After': '3600' }));
    const started = performance.now();
    const failure = await client(target(srv.url)).get('/Users').catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(MAX_RETRY_WAIT_MS);
    expect(srv.received).toHaveLength(1);
    expect(failure).toBeInstanceOf(TransportError);
    const { message, exchange } = failure as TransportError;
    expect(message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/Users answered 503 and asked to wait 3600000 ms before a retry, more than the 30000 ms/);
    expect(exchange.response?.status).toBe(503);
  });

  it('keeps every request and resend to the throttle', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, {}, { 'Retry-After': '0' });
      else sendJson(res, 200, {});
    });
    const calls: string[] = [];
    const throttle: Throttle = {
      start: async () => {
        calls.push('start');
        return () => calls.push('end');
      },
      resend: async () => {
        calls.push('resend');
      },
    };
    const config = target(srv.url);
    const scim = new ScimClient(config, new ExchangeRecorder(Redactor.forTarget(config)), { throttle });
    openClients.push(scim);
    await scim.get('/Users');
    expect(calls).toEqual(['start', 'resend', 'end']);
  });

  it('returns the last 503, with its headers and body, once maxRetries is spent', async () => {
    const srv = await server((_request, res, attempt) =>
      sendJson(res, 503, { detail: `attempt ${attempt}` }, { 'Retry-After': '0' }));
    const config = target(srv.url, { maxRetries: 2 });
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const response = await scim.delete('/Users/1');

    expect(srv.received).toHaveLength(3);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('0');
    expect(response.json).toEqual({ detail: 'attempt 3' });
    expect(response.exchange.retries).toBe(2);
    expect(response.exchange.response?.body).toBe('{"detail":"attempt 3"}');
    expect(recorder.all()).toHaveLength(1);
  });

  it('does not retry when maxRetries is 0', async () => {
    const srv = await server((_request, res) => sendJson(res, 429, { detail: 'slow down' }, { 'Retry-After': '0' }));
    const scim = client(target(srv.url, { maxRetries: 0 }));

    const response = await scim.get('/Users');

    expect(srv.received).toHaveLength(1);
    expect(response.status).toBe(429);
    expect(response.json).toEqual({ detail: 'slow down' });
    expect(response.exchange.retries).toBe(0);
  });

  it('does not retry other error statuses', async () => {
    const srv = await server((_request, res) => sendJson(res, 500, { detail: 'boom' }, { 'Retry-After': '0' }));
    const scim = client(target(srv.url));

    const response = await scim.put('/Users/1', { userName: 'x' });

    expect(srv.received).toHaveLength(1);
    expect(response.status).toBe(500);
    expect(response.exchange.retries).toBe(0);
  });

  it('retries methods outside the common set too', async () => {
    const srv = await server((_request, res, attempt) => {
      if (attempt === 1) sendJson(res, 429, {}, { 'Retry-After': '0' });
      else sendJson(res, 200, {});
    });
    const scim = client(target(srv.url));

    const response = await scim.request({ method: 'PROPFIND', path: '/Users' });

    expect(srv.received.map((r) => r.method)).toEqual(['PROPFIND', 'PROPFIND']);
    expect(response.status).toBe(200);
    expect(response.exchange.retries).toBe(1);
  });
});

describe('ScimClient redaction', () => {
  it('stores no secret anywhere in the recording, while the caller sees the real response', async () => {
    // A careless server: it returns the password it was sent, echoes credentials and sets a cookie.
    const careless: Respond = (request, res) => {
      res.setHeader('Set-Cookie', ['session=cookie-session-value; HttpOnly']);
      if (request.method === 'GET' && request.url.includes('filter')) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(`rejected ${request.headers.authorization} with key ${request.headers['x-api-key']}`);
        return;
      }
      const sent: unknown = request.body === '' ? {} : JSON.parse(request.body);
      sendJson(res, 200, { ...(sent as object), id: '1', seenAuthorization: request.headers.authorization });
    };
    const srv = await server(careless);
    const secrets = {
      token: 'bearer-token-0123456789',
      apiKey: 'api-key-abcdef',
      password: 'user-password-Xy9!',
      basicPassword: 'basic-password-42',
    };
    const bearerTarget = target(srv.url, {
      auth: { type: 'bearer', token: secrets.token },
      headers: { 'X-Api-Key': secrets.apiKey },
    });
    const basicTarget = target(srv.url, { auth: { type: 'basic', username: 'admin', password: secrets.basicPassword } });
    const recorder = new ExchangeRecorder(new Redactor([
      secrets.token,
      secrets.apiKey,
      secrets.basicPassword,
      Buffer.from(`admin:${secrets.basicPassword}`).toString('base64'),
    ], { headerNames: ['X-Api-Key'] }));
    const bearer = client(bearerTarget, recorder);
    const basic = client(basicTarget, recorder);

    const created = await bearer.post('/Users', {
      userName: 'bjensen',
      password: secrets.password,
      credentials: { kind: 'api', value: 'nested-credential-value' },
    }, { headers: { Cookie: 'session=cookie-request-value' } });
    await bearer.patch('/Users/1', {
      Operations: [{ op: 'replace', path: 'password', value: 'patched-password-value' }],
    });
    await bearer.get('/Users', { filter: `externalId eq "${secrets.token}"` });
    await basic.get('/Users');

    const stored = JSON.stringify(recorder.all());
    for (const secret of [
      ...Object.values(secrets),
      'nested-credential-value',
      'patched-password-value',
      'cookie-session-value',
      'cookie-request-value',
      'YWRtaW46YmFzaWMtcGFzc3dvcmQtNDI=',
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(recorder.all()).toHaveLength(4);
    const [post] = recorder.all();
    expect(post?.request.headers.authorization).toBe('[redacted]');
    expect(post?.request.headers['x-api-key']).toBe('[redacted]');
    expect(post?.request.headers.cookie).toBe('[redacted]');
    expect(post?.response?.headers['set-cookie']).toBe('[redacted]');
    expect(JSON.parse(post?.request.body ?? '')).toEqual({
      userName: 'bjensen',
      password: '[redacted]',
      credentials: { kind: '[redacted]', value: '[redacted]' },
    });
    expect(JSON.parse(post?.response?.body ?? '')).toEqual({
      userName: 'bjensen',
      password: '[redacted]',
      credentials: { kind: '[redacted]', value: '[redacted]' },
      id: '1',
      seenAuthorization: 'Bearer [redacted]',
    });
    expect(recorder.all()[2]?.response?.body).toBe('rejected Bearer [redacted] with key [redacted]');

    // The check itself reads what the server really said.
    expect(created.json).toMatchObject({ password: secrets.password, seenAuthorization: `Bearer ${secrets.token}` });
  });

  it('redacts a secret in the URL of a request that got no response', async () => {
    const closed = await startServer(ok);
    await closed.close();
    const config = target(closed.url, { auth: { type: 'bearer', token: 'bearer-token-in-url' } });
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const error = await scim.get('/Users', { token: 'bearer-token-in-url' }).catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).not.toContain('bearer-token-in-url');
    expect(JSON.stringify(recorder.all())).not.toContain('bearer-token-in-url');
    expect(recorder.all()[0]?.request.url).toBe(`${closed.url}/Users?token=[redacted]`);
  });
});

describe('ScimClient configuration', () => {
  it('rejects a base URL that is not http(s), naming the URL', () => {
    const recorder = new ExchangeRecorder(new Redactor([]));
    expect(() => new ScimClient(target('ftp://example.com/scim'), recorder)).toThrow(/ftp:\/\/example.com\/scim.*http or https/);
    expect(() => new ScimClient(target('example.com/scim'), recorder)).toThrow(/"example.com\/scim" is not an absolute URL/);
  });
});

describe('ScimClient in a read-only run', () => {
  it('sends reads and /.search queries, and refuses every write before it reaches the server', async () => {
    const backend = await server(ok);
    const config = target(`${backend.url}/scim/v2`);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const readOnly = new ScimClient(config, recorder, { readOnly: true });
    openClients.push(readOnly);

    expect((await readOnly.get('/Users')).status).toBe(200);
    expect((await readOnly.post('/Users/.search', { schemas: [] })).status).toBe(200);
    await expect(readOnly.post('/Users', { userName: 'x' })).rejects.toThrow(WriteRefusedError);
    await expect(readOnly.put('/Users/1', {})).rejects.toThrow(/read-only run: refused to send PUT .*\/Users\/1/);
    await expect(readOnly.patch('/Users/1', {})).rejects.toThrow(WriteRefusedError);
    await expect(readOnly.delete('/Users/1')).rejects.toThrow(WriteRefusedError);
    await expect(readOnly.post('/Users/.searching', {})).rejects.toThrow(WriteRefusedError);

    expect(backend.received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /scim/v2/Users', 'POST /scim/v2/Users/.search']);
  });
});

describe('ScimClient with OAuth client credentials', () => {
  const CLIENT_SECRET = 'client-secret-9f2e71';

  interface TokenEndpoint {
    url: string;
    received: ReceivedRequest[];
    /** Every token issued, in order. */
    issued: string[];
  }

  /** Issues token-1, token-2, ... with the given lifetime; `refuse` answers every request with an OAuth error instead. */
  async function tokenEndpoint(options: { expiresIn?: number | string; refuse?: { status: number; body: unknown } } = {}): Promise<TokenEndpoint> {
    const issued: string[] = [];
    const srv = await server((_request, res) => {
      if (options.refuse !== undefined) {
        sendJson(res, options.refuse.status, options.refuse.body);
        return;
      }
      const token = `access-token-${issued.length + 1}`;
      issued.push(token);
      sendJson(res, 200, { access_token: token, token_type: 'Bearer', ...(options.expiresIn === undefined ? {} : { expires_in: options.expiresIn }) });
    });
    return { url: `${srv.url}/oauth/token`, received: srv.received, issued };
  }

  function oauthTarget(url: string, tokenUrl: string, overrides: Partial<Extract<TargetConfig['auth'], { type: 'oauth' }>> = {}): TargetConfig {
    return target(url, {
      auth: { type: 'oauth', tokenUrl, clientId: 'probe client', clientSecret: CLIENT_SECRET, clientAuthentication: 'client_secret_basic', ...overrides },
    });
  }

  /** A target that accepts only the tokens `accepted` lists, and echoes the Authorization it got. */
  function acceptingOnly(accepted: (token: string) => boolean): Respond {
    return (request, res) => {
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      sendJson(res, accepted(token) ? 200 : 401, { seen: request.headers.authorization ?? null });
    };
  }

  it('fetches a token with client_secret_basic, sends it as a bearer token, and reuses it', async () => {
    const tokens = await tokenEndpoint({ expiresIn: 3600 });
    const srv = await server(ok);
    const scim = client(oauthTarget(srv.url, tokens.url, { scope: 'scim.read scim.write' }));

    await Promise.all([scim.get('/Users'), scim.get('/Groups')]);
    await scim.get('/Users');

    expect(tokens.received).toHaveLength(1);
    const [tokenRequest] = tokens.received;
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.url).toBe('/oauth/token');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({ grant_type: 'client_credentials', scope: 'scim.read scim.write' });
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined, so the space becomes "+".
    expect(tokenRequest?.headers.authorization).toBe(`Basic ${Buffer.from(`probe+client:${CLIENT_SECRET}`).toString('base64')}`);
    expect(srv.received.map((request) => request.headers.authorization)).toEqual(Array(3).fill('Bearer access-token-1'));
  });

  it('sends the client credentials in the form body with client_secret_post', async () => {
    const tokens = await tokenEndpoint();
    const srv = await server(ok);
    await client(oauthTarget(srv.url, tokens.url, { clientAuthentication: 'client_secret_post' })).get('/Users');

    expect(tokens.received[0]?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(tokens.received[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'probe client',
      client_secret: CLIENT_SECRET,
    });
    expect(srv.received[0]?.headers.authorization).toBe('Bearer access-token-1');
  });

  it('renews the token before it expires', async () => {
    const tokens = await tokenEndpoint({ expiresIn: 0.05 });
    const srv = await server(ok);
    const scim = client(oauthTarget(srv.url, tokens.url));

    await scim.get('/Users');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await scim.get('/Users');

    expect(tokens.issued).toEqual(['access-token-1', 'access-token-2']);
    expect(srv.received.map((request) => request.headers.authorization)).toEqual(['Bearer access-token-1', 'Bearer access-token-2']);
  });

  it('reads an expires_in sent as a numeric string, and keeps a token without a usable one', async () => {
    const stringLifetime = await tokenEndpoint({ expiresIn: '0.05' });
    const noLifetime = await tokenEndpoint({ expiresIn: 'soon' });
    const srv = await server(ok);
    const renewing = client(oauthTarget(srv.url, stringLifetime.url));
    const keeping = client(oauthTarget(srv.url, noLifetime.url));

    await Promise.all([renewing.get('/Users'), keeping.get('/Users')]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await Promise.all([renewing.get('/Users'), keeping.get('/Users')]);

    expect(stringLifetime.issued).toEqual(['access-token-1', 'access-token-2']);
    // Kept until the target refuses it.
    expect(noLifetime.issued).toEqual(['access-token-1']);
  });

  it('replaces a token the target answers 401 to, and sends the request once more', async () => {
    const tokens = await tokenEndpoint({ expiresIn: 3600 });
    const srv = await server(acceptingOnly((token) => token === 'access-token-2'));
    const config = oauthTarget(srv.url, tokens.url);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const response = await scim.post('/Users', { userName: 'bjensen' });

    expect(response.status).toBe(200);
    expect(srv.received.map((request) => request.headers.authorization)).toEqual(['Bearer access-token-1', 'Bearer access-token-2']);
    expect(srv.received[1]?.body).toBe('{"userName":"bjensen"}');
    expect(recorder.all().map((exchange) => exchange.response?.status)).toEqual([401, 200]);
  });

  it('tries a new token only once, and never for a request that brings its own Authorization or none', async () => {
    const tokens = await tokenEndpoint({ expiresIn: 3600 });
    const srv = await server(acceptingOnly(() => false));
    const scim = client(oauthTarget(srv.url, tokens.url));

    expect((await scim.get('/Users')).status).toBe(401);
    expect((await scim.get('/Users', undefined, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await scim.request({ method: 'GET', path: '/Users', authenticate: false })).status).toBe(401);

    expect(tokens.issued).toEqual(['access-token-1', 'access-token-2']);
    expect(srv.received.map((request) => request.headers.authorization)).toEqual(['Bearer access-token-1', 'Bearer access-token-2', 'Bearer wrong', undefined]);
  });

  it('keeps the client secret and the access tokens out of the recording', async () => {
    const tokens = await tokenEndpoint({ expiresIn: 3600 });
    const srv = await server(acceptingOnly(() => true));
    const config = oauthTarget(srv.url, tokens.url);
    const recorder = new ExchangeRecorder(Redactor.forTarget(config));
    const scim = client(config, recorder);

    const response = await scim.get('/Users', { filter: `userName eq "${CLIENT_SECRET}"` });

    expect(response.json).toEqual({ seen: 'Bearer access-token-1' });
    const stored = JSON.stringify(recorder.all());
    expect(stored).not.toContain('access-token-1');
    expect(stored).not.toContain(CLIENT_SECRET);
    expect(recorder.all()[0]?.response?.body).toBe('{"seen":"Bearer [redacted]"}');
  });

  it('rejects with the token endpoint\'s OAuth error, and no secret, when the client is refused', async () => {
    const tokens = await tokenEndpoint({
      refuse: { status: 401, body: { error: 'invalid_client', error_description: `unknown client, secret ${CLIENT_SECRET}` } },
    });
    const srv = await server(ok);
    const scim = client(oauthTarget(srv.url, tokens.url));

    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);

    expect(error).toBeInstanceOf(OAuthTokenError);
    expect((error as Error).message).toBe(
      `no access token: the OAuth token endpoint ${tokens.url} answered 401: invalid_client (unknown client, secret [redacted]); check target.oauth clientId, clientSecret and scope`,
    );
    expect(srv.received).toHaveLength(0);
  });

  it('rejects a token response without a bearer access token', async () => {
    const srv = await server(ok);
    const noToken = await server((_request, res) => sendJson(res, 200, { token_type: 'Bearer' }));
    const macToken = await server((_request, res) => sendJson(res, 200, { access_token: 'mac-token-value', token_type: 'mac' }));

    await expect(client(oauthTarget(srv.url, `${noToken.url}/token`)).get('/Users')).rejects.toThrow(
      `no access token: the OAuth token endpoint ${noToken.url}/token answered 200 without an access_token string`,
    );
    await expect(client(oauthTarget(srv.url, `${macToken.url}/token`)).get('/Users')).rejects.toThrow(
      `no access token: the OAuth token endpoint ${macToken.url}/token issued a token of type "mac"; only Bearer tokens can be sent`,
    );
  });

  it('rejects naming the token endpoint when it cannot be reached', async () => {
    const gone = await startServer(ok);
    await gone.close();
    const srv = await server(ok);

    await expect(client(oauthTarget(srv.url, `${gone.url}/token`)).get('/Users')).rejects.toThrow(
      new RegExp(`^no access token: the OAuth token endpoint ${gone.url}/token could not be reached: `),
    );
  });
});

describe('ScimClient over TLS', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await createTestPki();
  });
  afterAll(async () => {
    await pki.remove();
  });

  /** clientCa: require a client certificate issued by the test CA. */
  async function httpsServer(cert: 'server' | 'elsewhere', clientCa = false): Promise<string> {
    const srv = createHttpsServer({
      cert: readFileSync(pki.file(`${cert}.pem`)),
      key: readFileSync(pki.file(`${cert}.key`)),
      ...(clientCa ? { ca: readFileSync(pki.file('ca.pem')), requestCert: true, rejectUnauthorized: true } : {}),
    }, (_req, res) => sendJson(res, 200, {}));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    openServers.push({
      url: '',
      received: [],
      close: () => new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
    });
    return `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  }

  async function failureOf(scim: ScimClient): Promise<string> {
    const error = await scim.get('/Users').catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(TransportError);
    return (error as TransportError).message;
  }

  it('trusts a private CA given as ca, besides the built-in roots', async () => {
    const url = await httpsServer('server');
    const trusting = client(target(url, { tls: { ca: readFileSync(pki.file('ca.pem'), 'utf8'), insecure: false } }));
    expect((await trusting.get('/Users')).status).toBe(200);
    expect(await failureOf(client(target(url)))).toMatch(/\(UNABLE_TO_VERIFY_LEAF_SIGNATURE: .*\) not trusted: give the CA that issued it with --ca FILE/);
  });

  it('names a certificate issued for another host name', async () => {
    const url = await httpsServer('elsewhere');
    const scim = client(target(url, { tls: { ca: readFileSync(pki.file('ca.pem'), 'utf8'), insecure: false } }));
    expect(await failureOf(scim)).toMatch(
      new RegExp(`^TLS certificate of 127\\.0\\.0\\.1:\\d+ for GET ${url}/Users \\(ERR_TLS_CERT_ALTNAME_INVALID: .*\\) not issued for this host name: use a name the certificate lists in --url, or skip verification with --insecure$`),
    );
  });

  it('skips verification only with insecure', async () => {
    const url = await httpsServer('elsewhere');
    expect((await client(target(url, { tls: { insecure: true } })).get('/Users')).status).toBe(200);
  });

  it('names the TLS alert of a server that requires a client certificate it trusts', async () => {
    const url = await httpsServer('server', true);
    const ca = readFileSync(pki.file('ca.pem'), 'utf8');
    const withCert: TargetConfig['tls'] = {
      ca,
      cert: readFileSync(pki.file('client.pem'), 'utf8'),
      key: readFileSync(pki.file('client.key'), 'utf8'),
      insecure: false,
    };

    expect((await client(target(url, { tls: withCert })).get('/Users')).status).toBe(200);
    expect(await failureOf(client(target(url, { tls: { ca, insecure: false } })))).toBe(
      `TLS handshake refused by ${url.slice('https://'.length)} for GET ${url}/Users (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): ` +
        'the server wants a client certificate it trusts: give --cert FILE and --key FILE',
    );
  });

  it('names a server that answers https with plain http', async () => {
    const plain = await server(ok);
    const url = plain.url.replace('http:', 'https:');
    expect(await failureOf(client(target(url)))).toBe(
      `no TLS handshake for GET ${url}/Users: the server does not speak https on that port; if it serves plain http, write the URL with http://`,
    );
  });
});
