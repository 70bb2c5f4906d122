/**
 * The custom Credential resource type: everything a resource type does on the reference server works
 * for it too, and its immutable owner can be set once and never changed (RFC 7644 §3.5.1, §3.5.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects, text } from '../support/json-values.js';

interface Reply {
  status: number;
  etag: string | null;
  body: JsonValue | undefined;
}

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
});

afterAll(async () => {
  await server.close();
});

async function send(method: string, path: string, body?: JsonValue, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/scim+json', ...headers };
  }
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, etag: response.headers.get('etag'), body: parseJson(await response.text()) };
}

let sequence = 0;
function credentialBody(extra: JsonObject = {}): JsonObject {
  sequence += 1;
  return { schemas: [CREDENTIAL_SCHEMA], name: `db-${sequence}`, owner: `owner-${sequence}`, ...extra };
}

async function createCredential(extra: JsonObject = {}): Promise<JsonObject> {
  const reply = await send('POST', '/Credentials', credentialBody(extra));
  expect(reply.status).toBe(201);
  return object(reply.body);
}

function path(resource: JsonObject): string {
  return `/Credentials/${text(resource.id)}`;
}

function expectMutabilityError(reply: Reply): void {
  expect(reply.status).toBe(400);
  expect(object(reply.body)).toMatchObject({ schemas: [URN.error], status: '400', scimType: 'mutability' });
}

describe('discovery', () => {
  it('advertises the type and its schema, with the characteristics of each attribute', async () => {
    const type = object((await send('GET', '/ResourceTypes/Credential')).body);
    expect(type).toMatchObject({ name: 'Credential', endpoint: '/Credentials', schema: CREDENTIAL_SCHEMA });
    const schema = object((await send('GET', `/Schemas/${CREDENTIAL_SCHEMA}`)).body);
    const byName = new Map(objects(schema.attributes).map((attribute) => [attribute.name, attribute]));
    expect(byName.get('name')).toMatchObject({ required: true, mutability: 'readWrite', uniqueness: 'server' });
    expect(byName.get('owner')).toMatchObject({ required: true, mutability: 'immutable' });
    expect(byName.get('secret')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(byName.get('kind')).toMatchObject({ canonicalValues: ['password', 'apiKey', 'certificate'] });
  });
});

describe('create, read and delete', () => {
  it('creates a credential with its meta, never returns the secret, and deletes it', async () => {
    const created = await createCredential({ secret: 's3cret', kind: 'password', expires: '2030-01-01T00:00:00Z' });
    expect(created).toMatchObject({ schemas: [CREDENTIAL_SCHEMA], kind: 'password', expires: '2030-01-01T00:00:00Z', meta: { resourceType: 'Credential' } });
    expect(object(created.meta).location).toBe(`${server.url}${path(created)}`);
    expect(created).not.toHaveProperty('secret');
    const read = await send('GET', path(created));
    expect(read.status).toBe(200);
    expect(object(read.body)).not.toHaveProperty('secret');
    expect(object(read.body).owner).toBe(created.owner);
    expect((await send('DELETE', path(created))).status).toBe(204);
    expect((await send('GET', path(created))).status).toBe(404);
  });

  it('refuses a credential without its owner, and a second one with the same name', async () => {
    const { owner: _owner, ...ownerless } = credentialBody();
    expect((await send('POST', '/Credentials', ownerless)).status).toBe(400);
    const first = await createCredential();
    const again = await send('POST', '/Credentials', credentialBody({ name: text(first.name).toUpperCase() }));
    expect(again.status).toBe(409);
    expect(object(again.body).scimType).toBe('uniqueness');
  });
});

describe('queries', () => {
  it('filters, sorts, projects and searches credentials', async () => {
    const tag = `query-${Date.now()}`;
    for (const [suffix, kind] of [['b', 'apiKey'], ['a', 'password'], ['c', 'apiKey']] as const) {
      await createCredential({ name: `${tag}-${suffix}`, kind });
    }
    const filter = encodeURIComponent(`name sw "${tag}" and kind eq "apikey"`);
    const listed = object((await send('GET', `/Credentials?filter=${filter}&sortBy=name&sortOrder=descending&attributes=name`)).body);
    expect(listed.totalResults).toBe(2);
    expect(objects(listed.Resources).map((resource) => resource.name)).toEqual([`${tag}-c`, `${tag}-b`]);
    expect(Object.keys(objects(listed.Resources)[0] ?? {}).sort()).toEqual(['id', 'name', 'schemas']);
    const searched = await send('POST', '/Credentials/.search', { schemas: [URN.searchRequest], filter: `name sw "${tag}"`, sortBy: 'name', excludedAttributes: ['owner'] });
    expect(searched.status).toBe(200);
    const found = objects(object(searched.body).Resources);
    expect(found.map((resource) => resource.name)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    expect(found.every((resource) => resource.owner === undefined)).toBe(true);
  });
});

describe('replace', () => {
  it('replaces readWrite values and keeps the secret when the body has none', async () => {
    const created = await createCredential({ description: 'before', secret: 'kept' });
    const { meta: _meta, ...body } = created;
    const replaced = await send('PUT', path(created), { ...body, description: 'after', kind: 'certificate' });
    expect(replaced.status).toBe(200);
    expect(object(replaced.body)).toMatchObject({ description: 'after', kind: 'certificate', owner: created.owner });
    expect(object(replaced.body)).not.toHaveProperty('secret');
  });

  it('accepts the owner sent unchanged and refuses a different owner with 400 mutability', async () => {
    const created = await createCredential();
    const same = await send('PUT', path(created), { schemas: [CREDENTIAL_SCHEMA], name: text(created.name), owner: text(created.owner), description: 'same owner' });
    expect(same.status).toBe(200);
    expectMutabilityError(await send('PUT', path(created), { schemas: [CREDENTIAL_SCHEMA], name: text(created.name), owner: 'someone-else' }));
    expect(object((await send('GET', path(created))).body).owner).toBe(created.owner);
  });
});

describe('patch', () => {
  it('changes readWrite values but refuses to change or remove the owner', async () => {
    const created = await createCredential();
    const patch = (operation: JsonObject): Promise<Reply> => send('PATCH', path(created), { schemas: [URN.patchOp], Operations: [operation] });
    const changed = await patch({ op: 'replace', path: 'description', value: 'patched' });
    expect(changed.status).toBe(200);
    expect(object(changed.body).description).toBe('patched');
    expect((await patch({ op: 'replace', path: 'owner', value: text(created.owner) })).status).toBe(200);
    expectMutabilityError(await patch({ op: 'replace', path: 'owner', value: 'someone-else' }));
    expectMutabilityError(await patch({ op: 'replace', value: { owner: 'someone-else' } }));
    expect((await patch({ op: 'remove', path: 'owner' })).status).toBe(400);
    expect(object((await send('GET', path(created))).body).owner).toBe(created.owner);
  });
});

describe('ETags and bulk', () => {
  it('versions a credential and honours If-Match', async () => {
    const created = await send('POST', '/Credentials', credentialBody());
    const resource = object(created.body);
    expect(created.etag).toBe(object(resource.meta).version);
    expect((await send('GET', path(resource), undefined, { 'If-None-Match': created.etag ?? '' })).status).toBe(304);
    const patch = { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'description', value: 'v2' }] };
    const changed = await send('PATCH', path(resource), patch, { 'If-Match': created.etag ?? '' });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(created.etag);
    expect((await send('DELETE', path(resource), undefined, { 'If-Match': created.etag ?? '' })).status).toBe(412);
  });

  it('creates and replaces credentials in a bulk request', async () => {
    const body = credentialBody();
    const reply = await send('POST', '/Bulk', {
      schemas: [URN.bulkRequest],
      Operations: [
        { method: 'POST', path: '/Credentials', bulkId: 'c', data: body },
        { method: 'PUT', path: '/Credentials/bulkId:c', data: { ...body, owner: 'someone-else' } },
      ],
    });
    expect(reply.status).toBe(200);
    const [created, replaced] = objects(object(reply.body).Operations);
    expect(created).toMatchObject({ status: '201' });
    expect(replaced).toMatchObject({ status: '400', response: { scimType: 'mutability' } });
  });
});
