import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import type { Exchange } from '../../src/http/exchange.js';
import { ExchangeRecorder } from '../../src/http/recorder.js';
import { REDACTED, Redactor } from '../../src/http/redact.js';

function rawExchange(overrides: Partial<Omit<Exchange, 'seq'>> = {}): Omit<Exchange, 'seq'> {
  return {
    startedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 3,
    request: { method: 'GET', url: 'https://scim.example.com/Users', headers: { accept: 'application/scim+json' } },
    response: { status: 200, headers: {}, body: '{}' },
    retries: 0,
    ...overrides,
  };
}

describe('Redactor.text', () => {
  it('replaces every occurrence of every secret, the longest first', () => {
    const redactor = new Redactor(['s3cret-token', 's3cret-token-extended']);

    expect(redactor.text('a s3cret-token-extended b s3cret-token c s3cret-token')).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
    );
  });

  it('finds a secret as it appears escaped in JSON and percent-encoded in a URL', () => {
    const secret = 'pa ss"wo/rd\\x';
    const redactor = new Redactor([secret]);

    expect(redactor.text(JSON.stringify({ v: secret }))).toBe(`{"v":"${REDACTED}"}`);
    expect(redactor.text(`/Users?filter=${encodeURIComponent(secret)}`)).toBe(`/Users?filter=${REDACTED}`);
  });

  it('treats regular-expression characters in a secret literally', () => {
    const redactor = new Redactor(['a.b*c(d)']);

    expect(redactor.text('axb*c(d) a.b*c(d)')).toBe(`axb*c(d) ${REDACTED}`);
  });

  it('leaves text alone when there are no secrets, or only very short ones', () => {
    expect(new Redactor([]).text('http://127.0.0.1:8080/v2')).toBe('http://127.0.0.1:8080/v2');
    expect(new Redactor(['', '1', 'v2']).text('http://127.0.0.1:8080/v2')).toBe('http://127.0.0.1:8080/v2');
  });
});

describe('Redactor.headers', () => {
  it('redacts credential headers and named headers in any case, and secrets in the others', () => {
    const redactor = new Redactor(['token-value-123'], { headerNames: ['X-Api-Key'] });

    expect(redactor.headers({
      Authorization: 'Bearer anything',
      'proxy-authorization': 'Basic abc',
      cookie: 'a=b',
      'Set-Cookie': 'c=d',
      'x-api-key': 'k',
      'x-debug': 'saw token-value-123',
      etag: 'W/"1"',
    })).toEqual({
      Authorization: REDACTED,
      'proxy-authorization': REDACTED,
      cookie: REDACTED,
      'Set-Cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-debug': `saw ${REDACTED}`,
      etag: 'W/"1"',
    });
  });
});

describe('Redactor.body', () => {
  const redactor = new Redactor(['known-secret-value']);

  it('redacts password-like attributes at any depth and in any case', () => {
    const body = JSON.stringify({
      userName: 'bjensen',
      PassWord: 'p1',
      'urn:example:ext': { clientSecret: 's', accessToken: 't', x509Credential: 'c', display: 'shown' },
      emails: [{ value: 'b@example.com', recoveryPasscode: 12345 }],
    });

    expect(JSON.parse(redactor.body(body))).toEqual({
      userName: 'bjensen',
      PassWord: REDACTED,
      'urn:example:ext': { clientSecret: REDACTED, accessToken: REDACTED, x509Credential: REDACTED, display: 'shown' },
      emails: [{ value: 'b@example.com', recoveryPasscode: REDACTED }],
    });
  });

  it('redacts every string and number under a password-like attribute but keeps flags', () => {
    const body = JSON.stringify({
      changePassword: { supported: true },
      credentials: [{ type: 'key', value: 'v', expires: 1700000000, primary: false, note: null }],
    });

    expect(JSON.parse(redactor.body(body))).toEqual({
      changePassword: { supported: true },
      credentials: [{ type: REDACTED, value: REDACTED, expires: REDACTED, primary: false, note: null }],
    });
  });

  it('redacts the value of a PATCH operation on a password-like path', () => {
    const body = JSON.stringify({
      Operations: [
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'new-pw' },
        { op: 'replace', path: 'displayName', value: 'Babs' },
        { op: 'add', value: { password: 'other-pw', nickName: 'B' } },
      ],
    });

    expect(JSON.parse(redactor.body(body))).toEqual({
      Operations: [
        { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: REDACTED },
        { op: 'replace', path: 'displayName', value: 'Babs' },
        { op: 'add', value: { password: REDACTED, nickName: 'B' } },
      ],
    });
  });

  it('redacts known secrets in JSON strings, keys and numbers', () => {
    const opaque = new Redactor(['ab12cd34ef']);
    const numeric = new Redactor(['98765432']);

    expect(JSON.parse(opaque.body('{"note":"has ab12cd34ef inside","ab12cd34ef":1}'))).toEqual({
      note: `has ${REDACTED} inside`,
      [REDACTED]: 1,
    });
    expect(JSON.parse(numeric.body('{"pin":98765432,"other":1}'))).toEqual({ pin: REDACTED, other: 1 });
  });

  it('keeps the exact text of a JSON body that holds nothing to redact', () => {
    const body = '{ "userName" : "bjensen",\n  "userName": "duplicate", "n": 1.50 }';

    expect(redactor.body(body)).toBe(body);
  });

  it('keeps a member named __proto__ as an ordinary member when re-serialising', () => {
    const body = '{"__proto__":{"x":1},"password":"p"}';

    expect(redactor.body(body)).toBe(`{"__proto__":{"x":1},"password":"${REDACTED}"}`);
  });

  it('gives a body that is not JSON the secret-string pass only', () => {
    expect(redactor.body('password=hunter2&token=known-secret-value')).toBe(`password=hunter2&token=${REDACTED}`);
  });
});

describe('Redactor.forTarget', () => {
  const basicTarget: TargetConfig = {
    url: 'https://scim.example.com/v2',
    auth: { type: 'basic', username: 'admin', password: 'basic-pass-value' },
    headers: { 'X-Tenant-Key': 'tenant-key-value' },
    timeoutMs: 1000,
    maxRetries: 0,
    tls: { insecure: false },
  };

  it('collects the password, the Basic credentials as sent and the header values', () => {
    const redactor = Redactor.forTarget(basicTarget);
    const encoded = Buffer.from('admin:basic-pass-value').toString('base64');

    expect(redactor.text(`basic-pass-value ${encoded} tenant-key-value admin`)).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED} admin`,
    );
    expect(redactor.headers({ 'x-tenant-key': 'k' })).toEqual({ 'x-tenant-key': REDACTED });
  });

  it('collects a bearer token', () => {
    const redactor = Redactor.forTarget({ ...basicTarget, auth: { type: 'bearer', token: 'the-bearer-token' }, headers: {} });

    expect(redactor.text('echo the-bearer-token')).toBe(`echo ${REDACTED}`);
  });

  it('collects an OAuth client secret, and each access token added later, in every form', () => {
    const redactor = Redactor.forTarget({
      ...basicTarget,
      headers: {},
      auth: { type: 'oauth', tokenUrl: 'https://login.example.com/token', clientId: 'probe', clientSecret: 'client-secret-value', clientAuthentication: 'client_secret_basic' },
    });
    expect(redactor.text('client-secret-value access/token+1 probe')).toBe(`${REDACTED} access/token+1 probe`);

    redactor.addSecret('access/token+1');
    redactor.addSecret('access/token+1');
    expect(redactor.text('client-secret-value access/token+1 access%2Ftoken%2B1 probe')).toBe(`${REDACTED} ${REDACTED} ${REDACTED} probe`);
  });
});

describe('Redactor.exchange', () => {
  it('redacts the URL, headers, bodies and error of an exchange and keeps the rest', () => {
    const redactor = new Redactor(['tok-123456']);
    const raw = rawExchange({
      request: {
        method: 'POST',
        url: 'https://scim.example.com/Users?access=tok-123456',
        headers: { authorization: 'Bearer tok-123456' },
        body: '{"password":"pw"}',
      },
      response: { status: 201, headers: { 'set-cookie': 's=1' }, body: '{"seen":"tok-123456"}' },
      error: 'failed at https://scim.example.com/Users?access=tok-123456',
      retries: 2,
    });

    expect(redactor.exchange(raw)).toEqual({
      startedAt: raw.startedAt,
      durationMs: raw.durationMs,
      request: {
        method: 'POST',
        url: `https://scim.example.com/Users?access=${REDACTED}`,
        headers: { authorization: REDACTED },
        body: `{"password":"${REDACTED}"}`,
      },
      response: { status: 201, headers: { 'set-cookie': REDACTED }, body: `{"seen":"${REDACTED}"}` },
      error: `failed at https://scim.example.com/Users?access=${REDACTED}`,
      retries: 2,
    });
  });
});

describe('ExchangeRecorder', () => {
  it('numbers exchanges in order, redacts them, and returns those since a mark', () => {
    const recorder = new ExchangeRecorder(new Redactor(['secret-in-url']));

    const first = recorder.record(rawExchange());
    const mark = recorder.mark();
    const second = recorder.record(rawExchange({
      request: { method: 'DELETE', url: 'https://scim.example.com/Users/secret-in-url', headers: {} },
    }));
    const third = recorder.record(rawExchange({ response: undefined, error: 'refused' }));

    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
    expect(mark).toBe(1);
    expect(recorder.since(mark)).toEqual([second, third]);
    expect(recorder.since(recorder.mark())).toEqual([]);
    expect(recorder.all()).toEqual([first, second, third]);
    expect(second.request.url).toBe(`https://scim.example.com/Users/${REDACTED}`);
    expect(third.response).toBeUndefined();
    expect(third.error).toBe('refused');
  });

  it('hands out copies, so a caller cannot change what was recorded', () => {
    const recorder = new ExchangeRecorder(new Redactor([]));
    recorder.record(rawExchange());

    recorder.all().pop();
    recorder.since(0).pop();

    expect(recorder.all()).toHaveLength(1);
  });
});

describe('Redactor on hostile bodies', () => {
  it('a body nested deeper than the stack allows is redacted as text instead of crashing', () => {
    const redactor = new Redactor(['tok-deep-secret-1']);
    const deep = `${'['.repeat(200_000)}"tok-deep-secret-1"${']'.repeat(200_000)}`;
    const redacted = redactor.body(deep);
    expect(redacted).not.toContain('tok-deep-secret-1');
    expect(redacted.length).toBe(deep.length - 'tok-deep-secret-1'.length + '[redacted]'.length);
  });
});
