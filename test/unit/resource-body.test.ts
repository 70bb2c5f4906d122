import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/http/exchange.js';
import { judgeResourceExchanges, judgeResourceIdentities, judgeResourceLocations } from '../../src/results/resource-audit.js';
import type { JsonObject } from '../../src/scim/json.js';
import { judgeResourceBody } from '../../src/scim/resource-body.js';
import type { ResourceTypeDefinition } from '../../src/scim/schema.js';
import { URN } from '../../src/scim/urns.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../support/core-schemas.js';
import { SAMPLE_CAPABILITIES, sampleExchange } from '../support/sample-result.js';

const USER_TYPE: ResourceTypeDefinition = {
  name: 'User', endpoint: '/Users', schema: URN.user, schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
};
const GROUP_TYPE: ResourceTypeDefinition = { name: 'Group', endpoint: '/Groups', schema: URN.group };
const SCHEMAS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

function user(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [URN.user],
    id: '2819c223-7f76-453a-919d-413861904646',
    userName: 'bjensen',
    emails: [{ value: 'a@example.com', primary: true }, { value: 'b@example.com' }],
    meta: { resourceType: 'User', created: '2026-11-23T01:02:03Z', lastModified: '2026-11-23T01:02:03.5+01:00', location: 'https://x/Users/1' },
    ...overrides,
  };
}

/** The requirement of each finding, sorted. */
function judged(body: JsonObject, type = USER_TYPE, contentLocation?: string): string[] {
  return judgeResourceBody(body, type, SCHEMAS, contentLocation === undefined ? {} : { contentLocation })
    .map((finding) => finding.requirement).sort();
}

describe('the resource oracle', () => {
  test('accepts a conforming User, with attribute names in any case and an extension under its URN', () => {
    expect(judged(user())).toEqual([]);
    expect(judged(user({ schemas: [URN.user, URN.enterpriseUser], [URN.enterpriseUser]: { employeeNumber: '7' } }))).toEqual([]);
    const { emails, ...rest } = user();
    expect(judged({ ...rest, EMAILS: emails ?? [] })).toEqual([]);
    expect(judged({ schemas: [URN.group], id: 'g1', displayName: 'Tour Guides' }, GROUP_TYPE)).toEqual([]);
  });

  test('wants a non-empty id without the reserved "bulkId"', () => {
    expect(judged(user({ id: '' }))).toEqual(['C-3.1-4']);
    expect(judged(user({ id: 42 }))).toEqual(['C-3.1-4']);
    const { id: _id, ...withoutId } = user();
    expect(judged(withoutId)).toEqual(['C-3.1-4']);
    expect(judged(user({ id: 'bulkId-7' }))).toEqual(['C-3.1-7']);
  });

  test('wants schemas non-empty, without duplicates, with the core schema and only its extensions', () => {
    expect(judged(user({ schemas: [] }))).toEqual(['C-3-4']);
    expect(judged(user({ schemas: URN.user }))).toEqual(['C-3-4']);
    expect(judged(user({ schemas: [URN.user, URN.user.toUpperCase()] }))).toEqual(['C-3-4']);
    expect(judged(user({ schemas: [URN.enterpriseUser] }))).toEqual(['C-3-4']);
    expect(judged(user({ schemas: [URN.user, URN.group] }))).toEqual(['C-3-4']);
    expect(judged(user({ [URN.enterpriseUser]: { employeeNumber: '7' } }))).toEqual(['C-3-4']);
  });

  test('wants dateTimes with date and time, in meta and wherever the schema types one', () => {
    expect(judged(user({ meta: { created: '2026-11-23', lastModified: '2026-11-23T01:02:03Z' } }))).toEqual(['C-2.3.5-1']);
    expect(judged(user({ meta: { created: 'yesterday', lastModified: 1700000000 } }))).toEqual(['C-2.3.5-1', 'C-2.3.5-1']);
    // null and absent are the same unassigned state (RFC 7643 §2.5).
    expect(judged(user({ meta: { created: null } }))).toEqual([]);
  });

  test('wants at most one primary value per multi-valued attribute', () => {
    expect(judged(user({ emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] }))).toEqual(['C-2.4-1']);
    expect(judged(user({ emails: [{ value: 'a@x', primary: true }], phoneNumbers: [{ value: '1', primary: true }] }))).toEqual([]);
  });

  test('wants extension attributes under the extension URN, not beside the core ones', () => {
    expect(judged(user({ employeeNumber: '7' }))).toEqual(['C-3.3-1']);
  });

  test('wants every schema URI the type advertises, and the resource lists, served by /Schemas', () => {
    const unserved = 'urn:example:params:scim:schemas:extension:absent:2.0:User';
    const type = { ...USER_TYPE, schemaExtensions: [...(USER_TYPE.schemaExtensions ?? []), { schema: unserved, required: false }] };
    expect(judged(user({ schemas: [URN.user, unserved] }), type)).toEqual(['C-7-1']);
  });

  test('wants a Content-Location header, when sent, equal to meta.location', () => {
    expect(judged(user(), USER_TYPE, 'https://x/Users/1')).toEqual([]);
    expect(judged(user(), USER_TYPE, 'https://x/Users/2')).toEqual(['C-3.1-8']);
  });
});

let second = 0;
function exchange(method: string, path: string, status: number, body: JsonObject | string): Exchange {
  second += 1;
  const responseBody = typeof body === 'string' ? body : JSON.stringify(body);
  return sampleExchange({ startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), method, url: `http://127.0.0.1:1/scim/v2${path}`, status, responseBody });
}

describe('the resource audit', () => {
  const context = {
    baseUrl: 'http://127.0.0.1:1/scim/v2',
    capabilities: { ...SAMPLE_CAPABILITIES, resourceTypes: [USER_TYPE, GROUP_TYPE], schemas: SCHEMAS },
  };
  const bad = user({ id: 'bulkId-1' });

  test('judges created, read, replaced and patched resources, list and search pages, and nothing else', () => {
    const list = { schemas: [URN.listResponse], totalResults: 2, Resources: [user(), bad] };
    const judgedExchanges = judgeResourceExchanges([
      exchange('POST', '/Users', 201, bad),
      exchange('GET', '/Users/1', 200, bad),
      exchange('PUT', '/Users/1', 200, bad),
      exchange('PATCH', '/Users/1', 200, bad),
      exchange('GET', '/Users?filter=x', 200, list),
      exchange('POST', '/Users/.search', 200, list),
      exchange('GET', '/Users/1', 404, bad),
      exchange('DELETE', '/Users/1', 200, bad),
      exchange('GET', '/Schemas', 200, bad),
      exchange('POST', '/Users/1/extra', 200, bad),
      exchange('GET', '/Users/2', 200, 'not json'),
    ], context);
    expect(judgedExchanges.map(({ exchange: seen }) => `${seen.request.method} ${new URL(seen.request.url).pathname}`)).toEqual([
      'POST /scim/v2/Users', 'GET /scim/v2/Users/1', 'PUT /scim/v2/Users/1', 'PATCH /scim/v2/Users/1', 'GET /scim/v2/Users', 'POST /scim/v2/Users/.search',
    ]);
    for (const { findings } of judgedExchanges) expect(findings.map((finding) => finding.requirement)).toEqual(['C-3.1-7']);
    expect(judgedExchanges[4]?.findings[0]?.message).toMatch(/^Resources\[1\]: /);
  });
});

describe('the identity audit', () => {
  const context = { baseUrl: 'http://127.0.0.1:1/scim/v2', capabilities: { ...SAMPLE_CAPABILITIES, resourceTypes: [USER_TYPE, GROUP_TYPE], schemas: SCHEMAS } };

  test('wants every create to answer an id no earlier create answered, whatever the type, and every resource addressed by id to answer it', () => {
    const judgements = judgeResourceIdentities([
      exchange('POST', '/Users', 201, user({ id: '1' })),
      exchange('POST', '/Groups', 201, { schemas: [URN.group], id: '2', displayName: 'g' }),
      exchange('POST', '/Groups', 201, { schemas: [URN.group], id: '1', displayName: 'h' }),
      exchange('GET', '/Users/1', 200, user({ id: '1' })),
      exchange('PUT', '/Users/1', 200, user({ id: '3' })),
      exchange('GET', '/Users/1', 404, user({ id: '3' })),
      exchange('GET', '/Users', 200, { schemas: [URN.listResponse], totalResults: 1, Resources: [user({ id: '1' })] }),
    ], context);
    expect(judgements.map(({ findings }) => findings.map((finding) => `${finding.requirement} ${finding.message}`))).toEqual([
      [],
      [],
      ['C-3.1-6 the new Group has id "1", already the id of the User created by POST /scim/v2/Users'],
      [],
      ['C-3.1-5 the User addressed by id "1" answered with id "3"'],
    ]);
  });
});

describe('the location audit', () => {
  const base = 'http://127.0.0.1:1/scim/v2';
  const internal = 'http://scim-backend.internal:8080/scim/v2/Users/1';
  const context = { baseUrl: base, capabilities: { ...SAMPLE_CAPABILITIES, resourceTypes: [USER_TYPE], schemas: SCHEMAS } };
  const locatedAt = (location: string): JsonObject => user({ meta: { resourceType: 'User', location } });
  const withLocationHeader = (seen: Exchange, location: string): Exchange => {
    if (seen.response !== undefined) seen.response.headers.location = location;
    return seen;
  };

  test('wants every meta.location, and the Location of a create, under the base URL; relative ones are resolved against it', () => {
    const judgements = judgeResourceLocations([
      withLocationHeader(exchange('POST', '/Users', 201, locatedAt(internal)), internal),
      withLocationHeader(exchange('POST', '/Users', 201, locatedAt(`${base}/Users/1`)), '/scim/v2/Users/1'),
      exchange('GET', '/Users/1', 200, locatedAt('Users/1')),
      exchange('GET', '/Users', 200, { schemas: [URN.listResponse], totalResults: 2, Resources: [locatedAt(`${base}/Users/1`), locatedAt(internal)] }),
      withLocationHeader(exchange('GET', '/Users/1', 200, locatedAt('https://127.0.0.1:1/scim/v2/Users/1')), internal),
    ], context);
    expect(judgements.map(({ findings }) => findings.map((finding) => `${finding.requirement} ${finding.message}`))).toEqual([
      [`C-2.3.7-1 meta.location ${internal} is outside the base URL ${base}`, `P-3.3-3 Location ${internal} is outside the base URL ${base}`],
      [],
      [],
      [`C-2.3.7-1 Resources[1]: meta.location ${internal} is outside the base URL ${base}`],
      // Another scheme is another origin; a Location on a read is no create's.
      [`C-2.3.7-1 meta.location https://127.0.0.1:1/scim/v2/Users/1 is outside the base URL ${base}`],
    ]);
  });

  test('judges no resource that names no location, by meta.location or a create\'s Location', () => {
    const unlocated = user({ meta: { resourceType: 'User' } });
    const judgements = judgeResourceLocations([
      exchange('POST', '/Users', 201, {}),
      exchange('GET', '/Users/1', 200, unlocated),
      exchange('GET', '/Users', 200, { schemas: [URN.listResponse], totalResults: 1, Resources: [unlocated] }),
      withLocationHeader(exchange('POST', '/Users', 201, {}), internal),
    ], context);
    expect(judgements.map(({ exchange: seen, findings }) => `${seen.request.method} ${findings.length}`)).toEqual(['POST 1']);
  });
});
