import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects } from '../support/json-values.js';

interface Reply {
  status: number;
  headers: Headers;
  body: JsonValue | undefined;
}

async function send(url: string, method = 'GET', body?: string): Promise<Reply> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = body;
    init.headers = { 'Content-Type': 'application/scim+json' };
  }
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: parseJson(await response.text()) };
}

function attributeNamed(schema: JsonObject, name: string): JsonObject {
  const found = objects(schema.attributes).find((a) => a.name === name);
  return object(found);
}

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
});

afterAll(async () => {
  await server.close();
});

describe('/ServiceProviderConfig', () => {
  it('advertises the supported features with the required members', async () => {
    const reply = await send(`${server.url}/ServiceProviderConfig`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(reply.body).toMatchObject({
      schemas: [URN.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 100, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${server.url}/ServiceProviderConfig` },
    });
    const schemes = objects(object(reply.body).authenticationSchemes);
    expect(schemes).toHaveLength(1);
    expect(schemes[0]).toMatchObject({ type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String) });
  });

  it('reports the configured limits', async () => {
    const limited = await startReferenceServer({ maxResults: 7, maxPayloadSize: 5000 });
    try {
      const body = object((await send(`${limited.url}/ServiceProviderConfig`)).body);
      expect(body.filter).toEqual({ supported: true, maxResults: 7 });
      expect(object(body.bulk).maxPayloadSize).toBe(5000);
    } finally {
      await limited.close();
    }
  });

  it('is read-only', async () => {
    const reply = await send(`${server.url}/ServiceProviderConfig`, 'PUT', '{}');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET');
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '405' });
  });
});

describe('/ResourceTypes', () => {
  it('lists User (with the optional enterprise extension), Group and the custom Credential in a ListResponse', async () => {
    const reply = await send(`${server.url}/ResourceTypes`);
    expect(reply.status).toBe(200);
    const body = object(reply.body);
    expect(body).toMatchObject({ schemas: [URN.listResponse], totalResults: 3, itemsPerPage: 3, startIndex: 1 });
    const [user, group, credential] = objects(body.Resources);
    expect(user).toEqual({
      schemas: [URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: expect.any(String),
      schema: URN.user,
      schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${server.url}/ResourceTypes/User` },
    });
    expect(group).toMatchObject({ schemas: [URN.resourceType], name: 'Group', endpoint: '/Groups', schema: URN.group });
    expect(group).not.toHaveProperty('schemaExtensions');
    expect(credential).toMatchObject({ schemas: [URN.resourceType], name: 'Credential', endpoint: '/Credentials', schema: CREDENTIAL_SCHEMA });
  });

  it('serves each resource type by name as a plain resource', async () => {
    const reply = await send(`${server.url}/ResourceTypes/Group`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ schemas: [URN.resourceType], name: 'Group', meta: { resourceType: 'ResourceType' } });
  });

  it('answers 404 for an unknown resource type', async () => {
    const reply = await send(`${server.url}/ResourceTypes/Printer`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '404' });
  });

  it('ignores paging and sorting parameters', async () => {
    const plain = await send(`${server.url}/ResourceTypes`);
    const paged = await send(`${server.url}/ResourceTypes?startIndex=2&count=1&sortBy=name`);
    expect(paged.body).toEqual(plain.body);
  });

  it('refuses a filter with 403, on /Schemas too', async () => {
    for (const path of ['/ResourceTypes', '/Schemas']) {
      const reply = await send(`${server.url}${path}?filter=${encodeURIComponent('name eq "User"')}`);
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ schemas: [URN.error], status: '403' });
    }
  });
});

describe('/Schemas', () => {
  it('lists the User, Group, EnterpriseUser and Credential schemas, each with schemas and meta', async () => {
    const reply = await send(`${server.url}/Schemas`);
    expect(reply.status).toBe(200);
    const body = object(reply.body);
    expect(body).toMatchObject({ schemas: [URN.listResponse], totalResults: 4, itemsPerPage: 4, startIndex: 1 });
    const resources = objects(body.Resources);
    expect(resources.map((r) => r.id)).toEqual([URN.user, URN.group, URN.enterpriseUser, CREDENTIAL_SCHEMA]);
    for (const resource of resources) {
      expect(resource).toMatchObject({
        schemas: [URN.schema],
        name: expect.any(String),
        description: expect.any(String),
        meta: { resourceType: 'Schema', location: `${server.url}/Schemas/${String(resource.id)}` },
      });
      expect(String(resource.id).startsWith('urn:ietf:params:scim:api:')).toBe(false);
    }
  });

  it('serves each schema by its URN', async () => {
    for (const urn of [URN.user, URN.group, URN.enterpriseUser, CREDENTIAL_SCHEMA]) {
      const reply = await send(`${server.url}/Schemas/${urn}`);
      expect(reply.status).toBe(200);
      expect(object(reply.body).id).toBe(urn);
    }
  });

  it('has no schema for protocol messages', async () => {
    const reply = await send(`${server.url}/Schemas/${URN.listResponse}`);
    expect(reply.status).toBe(404);
  });

  it('ignores paging parameters', async () => {
    const plain = await send(`${server.url}/Schemas`);
    const paged = await send(`${server.url}/Schemas?count=1&startIndex=2&sortBy=id`);
    expect(paged.body).toEqual(plain.body);
  });

  it('describes the characteristics RFC 7643 fixes for the core attributes', async () => {
    const user = object((await send(`${server.url}/Schemas/${URN.user}`)).body);
    expect(attributeNamed(user, 'userName')).toMatchObject({ type: 'string', required: true, caseExact: false, uniqueness: 'server' });
    expect(attributeNamed(user, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attributeNamed(user, 'groups')).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readOnly' });
    expect(attributeNamed(user, 'emails')).toMatchObject({ type: 'complex', multiValued: true });
    expect(objects(attributeNamed(user, 'emails').subAttributes).map((s) => s.name)).toEqual(['value', 'display', 'type', 'primary']);

    const group = object((await send(`${server.url}/Schemas/${URN.group}`)).body);
    expect(attributeNamed(group, 'displayName')).toMatchObject({ required: true });
    const memberSubAttributes = objects(attributeNamed(group, 'members').subAttributes);
    for (const name of ['value', '$ref', 'type']) {
      expect(memberSubAttributes.find((s) => s.name === name)).toMatchObject({ mutability: 'immutable' });
    }

    const enterprise = object((await send(`${server.url}/Schemas/${URN.enterpriseUser}`)).body);
    const manager = objects(attributeNamed(enterprise, 'manager').subAttributes);
    expect(manager.find((s) => s.name === 'displayName')).toMatchObject({ mutability: 'readOnly' });
  });

  it('gives every attribute a name, a known type and multiValued, and sub-attributes only to complex ones', async () => {
    const types = new Set(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary']);
    const body = object((await send(`${server.url}/Schemas`)).body);
    const check = (attribute: JsonObject, depth: number): void => {
      expect(typeof attribute.name).toBe('string');
      expect(types.has(String(attribute.type))).toBe(true);
      expect(typeof attribute.multiValued).toBe('boolean');
      if (attribute.type === 'complex' && depth === 0) {
        const subs = objects(attribute.subAttributes);
        expect(subs.length).toBeGreaterThan(0);
        for (const sub of subs) check(sub, depth + 1);
      } else {
        expect(attribute).not.toHaveProperty('subAttributes');
      }
      if (attribute.type !== 'reference') expect(attribute).not.toHaveProperty('referenceTypes');
    };
    for (const schema of objects(body.Resources)) {
      for (const attribute of objects(schema.attributes)) check(attribute, 0);
    }
  });
});
