import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { MAX_RESPONSE_BYTES, ScimClient, TransportError, WriteRefusedError } from '../../src/http/client.js';
import { ExchangeRecorder } from '../../src/http/recorder.js';
import { Redactor } from '../../src/http/redact.js';

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
  return { url, auth: { type: 'none' }, headers: {}, timeoutMs: 5_000, maxRetries: 2, ...overrides };
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

    await scim.get('/Users', undefined, { Authorization: 'Bearer wrong-token' });

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

    const response = await scim.put('/Users/1', '{"userName": ', { 'Content-Type': 'text/plain' });

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
    const deleted = await scim.delete('/Users/1', { 'If-Match': 'W/"1"' });

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

    const response = await scim.post('/Users', { userName: 'u' }, { 'X-Request-Id': 'r-1' });

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
    }, { Cookie: 'session=cookie-request-value' });
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
