import { describe, expect, test } from 'vitest';
import type { ScimResponse } from '../../src/http/client.js';
import { createdResource, resourceAddress } from '../../src/runner/resource-tracker.js';
import { parseJson } from '../../src/scim/json.js';
import { sampleExchange } from '../support/sample-result.js';

const BASE = 'http://127.0.0.1:1/scim/v2';
const INTERNAL = 'http://scim-backend.internal:8080/scim/v2';

function created(location: string | undefined, body: string): ScimResponse {
  return {
    status: 201,
    headers: location === undefined ? {} : { location },
    text: body,
    json: parseJson(body),
    exchange: sampleExchange({ startedAt: '2026-01-01T00:00:00.000Z', method: 'POST', url: `${BASE}/Users`, status: 201, responseBody: body }),
  };
}

describe('the address of a created resource', () => {
  test('is its Location when that is under the base URL, resolved against it when relative', () => {
    expect(createdResource(BASE, '/Users', created(`${BASE}/Users/a1`, '{"id":"a1"}'))?.path).toBe(`${BASE}/Users/a1`);
    expect(createdResource(BASE, '/Users', created('/scim/v2/Users/a1', '{"id":"a1"}'))?.path).toBe(`${BASE}/Users/a1`);
    expect(createdResource(BASE, '/Users', created('Users/a1', '{"id":"a1"}'))?.path).toBe(`${BASE}/Users/a1`);
  });

  test('is the endpoint and id below the base URL when the Location is elsewhere', () => {
    expect(createdResource(BASE, '/Users', created(`${INTERNAL}/Users/a1`, '{"id":"a1"}'))).toMatchObject({ id: 'a1', path: '/Users/a1' });
    expect(createdResource(BASE, '/Users', created('https://127.0.0.1:1/scim/v2/Users/a1', '{"id":"a1"}'))?.path).toBe('/Users/a1');
    expect(createdResource(BASE, '/Users', created('http://127.0.0.1:1/other/Users/a1', '{"id":"a1"}'))?.path).toBe('/Users/a1');
  });

  test('takes the id from the Location when the 201 has no body, wherever the Location points', () => {
    expect(createdResource(BASE, '/Users', created(`${INTERNAL}/Users/a%20b`, ''))).toMatchObject({ id: 'a b', path: '/Users/a%20b' });
    expect(createdResource(BASE, '/Users', created(`${BASE}/Users/a1?attributes=id`, ''))).toMatchObject({ id: 'a1', path: `${BASE}/Users/a1?attributes=id` });
  });

  test('is the endpoint and id without a Location, and nothing without either', () => {
    expect(createdResource(BASE, '/Users', created(undefined, '{"id":"a/1"}'))?.path).toBe('/Users/a%2F1');
    expect(createdResource(BASE, '/Users', created(undefined, '{}'))).toBeUndefined();
  });
});

describe('the address of a resource a bulk operation located', () => {
  test('is the location under the base URL, else the endpoint and the id the location ends in', () => {
    expect(resourceAddress(BASE, '/Groups', `${BASE}/Groups/g1`)).toBe(`${BASE}/Groups/g1`);
    expect(resourceAddress(BASE, '/Groups', 'Groups/g1')).toBe(`${BASE}/Groups/g1`);
    expect(resourceAddress(BASE, '/Groups', `${INTERNAL}/Groups/g1`)).toBe('/Groups/g1');
  });
});
