import { describe, expect, test } from 'vitest';
import type { TargetConfig } from '../../src/config/types.js';
import { transportNotes } from '../../src/http/transport-notes.js';
import { answered } from '../../src/runner/failure.js';

function target(url: string, overrides: Partial<TargetConfig> = {}): TargetConfig {
  return { url, auth: { type: 'none' }, headers: {}, timeoutMs: 1000, maxRetries: 0, tls: { insecure: false }, ...overrides };
}

describe('transportNotes', () => {
  test.each([
    'https://scim.example.com/v2',
    'http://127.0.0.1:8080/scim',
    'http://127.3.2.1/scim',
    'http://localhost:8080/scim',
    'http://tenant.localhost/scim',
    'http://[::1]:8080/scim',
  ])('has nothing to say about %s', (url) => {
    expect(transportNotes(target(url))).toEqual({ insecure: false, warnings: [] });
  });

  test.each([
    ['http://scim.example.com/v2', 'scim.example.com'],
    ['http://10.0.0.7:8080/scim', '10.0.0.7:8080'],
    ['http://127.example.com/scim', '127.example.com'],
    ['http://[fe80::1]/scim', '[fe80::1]'],
  ])('warns that %s is reached over plain http', (url, host) => {
    expect(transportNotes(target(url)).warnings).toEqual([
      `the target ${host} is reached over plain http: credentials and data cross the network unencrypted; use https`,
    ]);
  });

  test('states skipped verification, and a token endpoint over plain http', () => {
    const notes = transportNotes(target('https://scim.example.com/v2', {
      tls: { insecure: true },
      auth: { type: 'oauth', tokenUrl: 'http://login.example.com/token', clientId: 'c', clientSecret: 's', clientAuthentication: 'client_secret_basic' },
    }));
    expect(notes).toEqual({
      insecure: true,
      warnings: [
        'TLS certificate verification is off (--insecure): the identity of the target was not checked',
        'the OAuth token endpoint login.example.com is reached over plain http: the client secret crosses the network unencrypted; use https',
      ],
    });
  });
});

describe('answered', () => {
  const response = (status: number, headers: Record<string, string>) => ({
    status,
    exchange: { request: { method: 'GET', url: 'https://scim.example.com/v2/Users' }, response: { headers } },
  });

  test('names where a redirect points, and that it was not followed', () => {
    expect(answered(response(302, { location: 'https://login.example.com/' }))).toBe(
      'GET /v2/Users answered 302 redirecting to https://login.example.com/ (redirects are not followed)',
    );
    expect(answered(response(304, { location: 'https://login.example.com/' }))).toBe('GET /v2/Users answered 304');
    expect(answered(response(200, {}))).toBe('GET /v2/Users answered 200');
  });
});
