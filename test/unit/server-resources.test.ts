import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects, text } from '../support/json-values.js';

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

async function send(method: string, path: string, body?: JsonValue, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/scim+json', ...headers };
  }
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parseJson(text) };
}

let sequence = 0;
function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
}

async function createUser(extra: JsonObject = {}): Promise<JsonObject> {
  const reply = await send('POST', '/Users', { schemas: [URN.user], userName: uniqueName('user'), ...extra });
  expect(reply.status).toBe(201);
  return object(reply.body);
}

async function createGroup(extra: JsonObject = {}): Promise<JsonObject> {
  const reply = await send('POST', '/Groups', { schemas: [URN.group], displayName: uniqueName('group'), ...extra });
  expect(reply.status).toBe(201);
  return object(reply.body);
}

function expectError(reply: Reply, status: number, scimType?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  const body = object(reply.body);
  expect(body.schemas).toEqual([URN.error]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe('string');
  if (scimType === undefined) expect(body).not.toHaveProperty('scimType');
  else expect(body.scimType).toBe(scimType);
}

describe('create', () => {
  it('answers 201 with the new resource, its Location, ETag and server-assigned meta', async () => {
    const userName = uniqueName('create');
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName, displayName: 'Zoë Ünïcødé 日本 😀' });
    expect(reply.status).toBe(201);
    const body = object(reply.body);
    const id = text(body.id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const meta = object(body.meta);
    expect(meta).toEqual({
      resourceType: 'User',
      created: expect.any(String),
      lastModified: meta.created,
      location: `${server.url}/Users/${id}`,
      version: reply.headers.get('etag'),
    });
    expect(reply.headers.get('location')).toBe(meta.location);
    expect(reply.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(Number.isNaN(Date.parse(text(meta.created)))).toBe(false);
    expect(body).toMatchObject({ schemas: [URN.user], userName, displayName: 'Zoë Ünïcødé 日本 😀' });
    expect(body).not.toHaveProperty('externalId');
  });

  it('ignores readOnly attributes in the body', async () => {
    const group = await createGroup();
    const reply = await send('POST', '/Users', {
      schemas: [URN.user],
      userName: uniqueName('readonly'),
      id: 'client-chosen',
      meta: { created: '2000-01-01T00:00:00Z', resourceType: 'Printer' },
      groups: [{ value: text(group.id) }],
    });
    expect(reply.status).toBe(201);
    const body = object(reply.body);
    expect(body.id).not.toBe('client-chosen');
    expect(object(body.meta)).toMatchObject({ resourceType: 'User' });
    expect(object(body.meta).created).not.toBe('2000-01-01T00:00:00Z');
    expect(body).not.toHaveProperty('groups');
  });

  it('stores a password but never returns it', async () => {
    const user = await createUser({ password: 'correct horse' });
    expect(user).not.toHaveProperty('password');
    const read = await send('GET', `/Users/${text(user.id)}?attributes=password`);
    expect(object(read.body)).not.toHaveProperty('password');
  });

  it('reads attribute names case-insensitively and keeps extension attributes under their URN', async () => {
    const reply = await send('POST', '/Users', {
      Schemas: [URN.user, URN.enterpriseUser],
      USERNAME: uniqueName('casing'),
      Name: { GivenName: 'Barbara' },
      [URN.enterpriseUser.toUpperCase()]: { EmployeeNumber: '701984' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      schemas: [URN.user, URN.enterpriseUser],
      userName: expect.any(String),
      name: { givenName: 'Barbara' },
      [URN.enterpriseUser]: { employeeNumber: '701984' },
    });
  });

  it('treats null and [] as unassigned', async () => {
    const user = await createUser({ nickName: null, emails: [] });
    expect(user).not.toHaveProperty('nickName');
    expect(user).not.toHaveProperty('emails');
  });

  it('keeps the case of case-exact values', async () => {
    const user = await createUser({ externalId: 'AbC-9' });
    expect(user.externalId).toBe('AbC-9');
  });

  it.each([
    ['no schemas', { userName: 'x' }, 'invalidSyntax'],
    ['schemas that are not an array', { schemas: URN.user, userName: 'x' }, 'invalidSyntax'],
    ['schemas without the core schema', { schemas: [URN.enterpriseUser], userName: 'x' }, 'invalidValue'],
    ['an unknown schema', { schemas: [URN.user, 'urn:example:bogus'], userName: 'x' }, 'invalidValue'],
    ['no userName', { schemas: [URN.user] }, 'invalidValue'],
    ['an empty userName', { schemas: [URN.user], userName: '' }, 'invalidValue'],
    ['a string for a boolean', { schemas: [URN.user], userName: 'x', active: 'yes' }, 'invalidValue'],
    ['a string for a multi-valued attribute', { schemas: [URN.user], userName: 'x', emails: 'x@example.com' }, 'invalidValue'],
    ['an array for a single-valued attribute', { schemas: [URN.user], userName: 'x', title: ['a'] }, 'invalidValue'],
    ['two primary values', { schemas: [URN.user], userName: 'x', emails: [{ value: 'a@x.org', primary: true }, { value: 'b@x.org', primary: true }] }, 'invalidValue'],
    ['an attribute the schema lacks', { schemas: [URN.user], userName: 'x', shoeSize: 44 }, 'invalidSyntax'],
    ['the same attribute twice', { schemas: [URN.user], userName: 'x', USERNAME: 'y' }, 'invalidSyntax'],
  ])('rejects a User with %s', async (_case, body, scimType) => {
    expectError(await send('POST', '/Users', body), 400, scimType);
  });

  it('keeps Group displayName unique, as its schema advertises, ignoring case', async () => {
    const name = uniqueName('Team');
    const group = await createGroup({ displayName: name });
    expectError(await send('POST', '/Groups', { schemas: [URN.group], displayName: name.toUpperCase() }), 409, 'uniqueness');
    const replaced = await send('PUT', `/Groups/${text(group.id)}`, { schemas: [URN.group], displayName: name });
    expect(replaced.status).toBe(200);
  });

  it('rejects a Group without displayName', async () => {
    expectError(await send('POST', '/Groups', { schemas: [URN.group] }), 400, 'invalidValue');
  });

  it('does not store a rejected resource', async () => {
    const userName = uniqueName('rejected');
    expectError(await send('POST', '/Users', { schemas: [URN.user], userName, active: 'no' }), 400, 'invalidValue');
    expect(object((await send('POST', '/Users', { schemas: [URN.user], userName })).body).userName).toBe(userName);
  });

  it('keeps one of two identical values', async () => {
    const email = { value: 'same@example.org', type: 'work' };
    const user = await createUser({ emails: [email, email] });
    expect(user.emails).toEqual([email]);
  });
});

describe('uniqueness', () => {
  it('refuses a userName that differs only in case with 409 uniqueness', async () => {
    const user = await createUser();
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: text(user.userName).toUpperCase() });
    expectError(reply, 409, 'uniqueness');
  });

  it('compares userNames after Unicode normalisation', async () => {
    const suffix = uniqueName('');
    await createUser({ userName: `Am\u00e9lie${suffix}` });
    expectError(await send('POST', '/Users', { schemas: [URN.user], userName: `Ame\u0301lie${suffix}` }), 409, 'uniqueness');
  });

  it('refuses a PUT that takes another user\'s userName', async () => {
    const first = await createUser();
    const second = await createUser();
    const reply = await send('PUT', `/Users/${text(second.id)}`, { schemas: [URN.user], userName: first.userName ?? null });
    expectError(reply, 409, 'uniqueness');
  });

  it('frees the userName of a deleted user', async () => {
    const user = await createUser();
    expect((await send('DELETE', `/Users/${text(user.id)}`)).status).toBe(204);
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: user.userName ?? null })).status).toBe(201);
  });

  it('does not hold externalId unique', async () => {
    await createUser({ externalId: 'shared-external' });
    await createUser({ externalId: 'shared-external' });
  });
});

describe('read', () => {
  it('answers the resource with its ETag, equal to what create answered', async () => {
    const user = await createUser({ name: { givenName: 'Ann', familyName: 'Lee' } });
    const reply = await send('GET', `/Users/${text(user.id)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(user);
    expect(reply.headers.get('etag')).toBe(object(user.meta).version);
  });

  it('answers 404 with a SCIM error for an unknown id', async () => {
    expectError(await send('GET', '/Users/8c1a0b5e-0000-4000-8000-000000000000'), 404);
  });

  it('applies attributes and excludedAttributes', async () => {
    const user = await createUser({ displayName: 'Shown', name: { givenName: 'G', familyName: 'F' } });
    const id = text(user.id);
    const only = object((await send('GET', `/Users/${id}?attributes=displayName`)).body);
    expect(only).toEqual({ schemas: [URN.user], id, displayName: 'Shown' });
    const without = object((await send('GET', `/Users/${id}?excludedAttributes=name,id`)).body);
    expect(without).not.toHaveProperty('name');
    expect(without.id).toBe(id);
    expect(without.displayName).toBe('Shown');
  });
});

describe('returned:request (costCenter of the enterprise extension, as this server advertises it)', () => {
  const costCenter = `${URN.enterpriseUser}:costCenter`;
  const enterprise = (body: JsonValue | undefined): JsonValue | undefined => object(body)[URN.enterpriseUser];

  it('is returned by the write that set it, and otherwise only when attributes names it', async () => {
    const user = await createUser({ schemas: [URN.user, URN.enterpriseUser], [URN.enterpriseUser]: { costCenter: 'CC-1', department: 'D' } });
    expect(enterprise(user)).toEqual({ costCenter: 'CC-1', department: 'D' });
    const id = text(user.id);
    expect(enterprise((await send('GET', `/Users/${id}`)).body)).toEqual({ department: 'D' });
    expect(enterprise((await send('GET', `/Users/${id}?attributes=${encodeURIComponent(costCenter)}`)).body)).toEqual({ costCenter: 'CC-1' });
    const patched = await send('PATCH', `/Users/${id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'Other' }] });
    expect(enterprise(patched.body)).toEqual({ department: 'D' });
    const set = await send('PATCH', `/Users/${id}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: costCenter, value: 'CC-2' }] });
    expect(enterprise(set.body)).toEqual({ costCenter: 'CC-2', department: 'D' });
  });
});

describe('replace', () => {
  it('replaces readWrite values, clears omitted ones and ignores readOnly ones', async () => {
    const user = await createUser({ nickName: 'Babs', title: 'Tour guide', emails: [{ value: 'a@example.org' }] });
    const id = text(user.id);
    const edited: JsonObject = { ...user, title: 'Manager', emails: [{ value: 'b@example.org', type: 'work' }] };
    delete edited.nickName;
    edited.id = 'other';
    edited.meta = { created: '2000-01-01T00:00:00Z', resourceType: 'X' };
    const reply = await send('PUT', `/Users/${id}`, edited);
    expect(reply.status).toBe(200);
    const body = object(reply.body);
    expect(body).toMatchObject({ id, title: 'Manager', emails: [{ value: 'b@example.org', type: 'work' }] });
    expect(body).not.toHaveProperty('nickName');
    const meta = object(body.meta);
    expect(meta.created).toBe(object(user.meta).created);
    expect(meta.resourceType).toBe('User');
    expect(meta.version).not.toBe(object(user.meta).version);
    expect(reply.headers.get('etag')).toBe(meta.version);
    expect((await send('GET', `/Users/${id}`)).body).toEqual(body);
  });

  it('accepts the representation it returned, unchanged, without a new version', async () => {
    const group = await createGroup();
    const user = await createUser();
    await send('PATCH', `/Groups/${text(group.id)}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'members', value: [{ value: text(user.id) }] }],
    });
    const current = await send('GET', `/Users/${text(user.id)}`);
    const reply = await send('PUT', `/Users/${text(user.id)}`, current.body);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(current.body);
  });

  it('keeps the password when the body has none', async () => {
    const user = await createUser({ password: 'kept' });
    const reply = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: user.userName ?? null });
    expect(reply.status).toBe(200);
    expect(object(reply.body)).not.toHaveProperty('password');
  });

  it('refuses a body without a required attribute', async () => {
    const user = await createUser();
    expectError(await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], displayName: 'no userName' }), 400, 'invalidValue');
  });

  it('never creates a resource', async () => {
    const reply = await send('PUT', '/Users/4d6a2f1e-0000-4000-8000-000000000000', { schemas: [URN.user], userName: uniqueName('put') });
    expectError(reply, 404);
  });
});

describe('delete', () => {
  it('answers 204, after which every operation on the id is 404', async () => {
    const user = await createUser();
    const path = `/Users/${text(user.id)}`;
    const reply = await send('DELETE', path);
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expectError(await send('GET', path), 404);
    expectError(await send('PUT', path, { schemas: [URN.user], userName: user.userName ?? null }), 404);
    expectError(await send('PATCH', path, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'nickName', value: 'x' }] }), 404);
    expectError(await send('DELETE', path), 404);
    const list = object((await send('GET', `/Users?filter=${encodeURIComponent(`id eq "${text(user.id)}"`)}`)).body);
    expect(list.totalResults).toBe(0);
  });
});

describe('groups', () => {
  it('links members to users both ways', async () => {
    const user = await createUser({ displayName: 'Member One' });
    const userId = text(user.id);
    const group = await createGroup({ members: [{ value: userId, display: 'ignored', $ref: 'http://elsewhere/x' }] });
    expect(group.members).toEqual([{ value: userId, $ref: `${server.url}/Users/${userId}`, display: 'Member One', type: 'User' }]);
    const read = object((await send('GET', `/Users/${userId}`)).body);
    expect(read.groups).toEqual([
      { value: group.id ?? null, $ref: `${server.url}/Groups/${text(group.id)}`, display: group.displayName ?? null, type: 'direct' },
    ]);
    expect(object(read.meta).version).not.toBe(object(user.meta).version);
  });

  it('refuses members that are not users', async () => {
    expectError(await send('POST', '/Groups', { schemas: [URN.group], displayName: 'g', members: [{ value: 'nobody' }] }), 400, 'invalidValue');
    const other = await createGroup();
    expectError(
      await send('POST', '/Groups', { schemas: [URN.group], displayName: 'g', members: [{ value: text(other.id), type: 'Group' }] }),
      400,
      'invalidValue',
    );
  });

  it('drops a deleted user from its groups', async () => {
    const stays = await createUser();
    const leaves = await createUser();
    const group = await createGroup({ members: [{ value: text(stays.id) }, { value: text(leaves.id) }] });
    await send('DELETE', `/Users/${text(leaves.id)}`);
    const read = object((await send('GET', `/Groups/${text(group.id)}`)).body);
    expect(read.members).toEqual([expect.objectContaining({ value: stays.id })]);
    expect(object(read.meta).version).not.toBe(object(group.meta).version);
  });

  it('drops a deleted group from its members\' groups', async () => {
    const user = await createUser();
    const group = await createGroup({ members: [{ value: text(user.id) }] });
    await send('DELETE', `/Groups/${text(group.id)}`);
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body)).not.toHaveProperty('groups');
  });
});

describe('ETags', () => {
  it('answers 304 without a body when If-None-Match holds the current version', async () => {
    const user = await createUser();
    const etag = text(object(user.meta).version);
    const reply = await send('GET', `/Users/${text(user.id)}`, undefined, { 'If-None-Match': etag });
    expect(reply.status).toBe(304);
    expect(reply.text).toBe('');
    expect(reply.headers.get('etag')).toBe(etag);
    expect((await send('GET', `/Users/${text(user.id)}`, undefined, { 'If-None-Match': 'W/"999"' })).status).toBe(200);
  });

  it('answers 412 to a PUT, PATCH or DELETE whose If-Match is stale, and changes nothing', async () => {
    const user = await createUser();
    const path = `/Users/${text(user.id)}`;
    const stale = text(object(user.meta).version);
    const current = await send('PUT', path, { schemas: [URN.user], userName: user.userName ?? null, nickName: 'new' }, { 'If-Match': stale });
    expect(current.status).toBe(200);
    expectError(await send('PUT', path, { schemas: [URN.user], userName: user.userName ?? null }, { 'If-Match': stale }), 412);
    expectError(await send('PATCH', path, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: 'nickName' }] }, { 'If-Match': stale }), 412);
    expectError(await send('DELETE', path, undefined, { 'If-Match': stale }), 412);
    expect(object((await send('GET', path)).body).nickName).toBe('new');
  });

  it('keeps the ETag across reads and changes it on every change', async () => {
    const user = await createUser();
    const path = `/Users/${text(user.id)}`;
    const first = (await send('GET', path)).headers.get('etag');
    expect((await send('GET', path)).headers.get('etag')).toBe(first);
    const patched = await send('PATCH', path, { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'title', value: 'x' }] });
    expect(patched.headers.get('etag')).not.toBe(first);
    expect(object(object(patched.body).meta).version).toBe(patched.headers.get('etag'));
  });
});

// The custom Credential type: everything a resource type does works for it too, and its immutable
// owner is set once and never changed (RFC 7644 §3.5.1, §3.5.2).
let credentials = 0;
function credentialBody(extra: JsonObject = {}): JsonObject {
  credentials += 1;
  return { schemas: [CREDENTIAL_SCHEMA], name: `db-${credentials}`, owner: `owner-${credentials}`, ...extra };
}

async function createCredential(extra: JsonObject = {}): Promise<JsonObject> {
  const reply = await send('POST', '/Credentials', credentialBody(extra));
  expect(reply.status).toBe(201);
  return object(reply.body);
}

function credentialPath(resource: JsonObject): string {
  return `/Credentials/${text(resource.id)}`;
}

describe('the custom Credential type: discovery', () => {
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

describe('the custom Credential type: create, read and delete', () => {
  it('creates a credential with its meta, never returns the secret, and deletes it', async () => {
    const created = await createCredential({ secret: 's3cret', kind: 'password', expires: '2030-01-01T00:00:00Z' });
    expect(created).toMatchObject({ schemas: [CREDENTIAL_SCHEMA], kind: 'password', expires: '2030-01-01T00:00:00Z', meta: { resourceType: 'Credential' } });
    expect(object(created.meta).location).toBe(`${server.url}${credentialPath(created)}`);
    expect(created).not.toHaveProperty('secret');
    const read = await send('GET', credentialPath(created));
    expect(read.status).toBe(200);
    expect(object(read.body)).not.toHaveProperty('secret');
    expect(object(read.body).owner).toBe(created.owner);
    expect((await send('DELETE', credentialPath(created))).status).toBe(204);
    expect((await send('GET', credentialPath(created))).status).toBe(404);
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

describe('the custom Credential type: queries', () => {
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

describe('the custom Credential type: replace', () => {
  it('replaces readWrite values and keeps the secret when the body has none', async () => {
    const created = await createCredential({ description: 'before', secret: 'kept' });
    const { meta: _meta, ...body } = created;
    const replaced = await send('PUT', credentialPath(created), { ...body, description: 'after', kind: 'certificate' });
    expect(replaced.status).toBe(200);
    expect(object(replaced.body)).toMatchObject({ description: 'after', kind: 'certificate', owner: created.owner });
    expect(object(replaced.body)).not.toHaveProperty('secret');
  });

  it('accepts the owner sent unchanged and refuses a different owner with 400 mutability', async () => {
    const created = await createCredential();
    const same = await send('PUT', credentialPath(created), { schemas: [CREDENTIAL_SCHEMA], name: text(created.name), owner: text(created.owner), description: 'same owner' });
    expect(same.status).toBe(200);
    expectError(await send('PUT', credentialPath(created), { schemas: [CREDENTIAL_SCHEMA], name: text(created.name), owner: 'someone-else' }), 400, 'mutability');
    expect(object((await send('GET', credentialPath(created))).body).owner).toBe(created.owner);
  });
});

describe('the custom Credential type: patch', () => {
  it('changes readWrite values but refuses to change or remove the owner', async () => {
    const created = await createCredential();
    const patch = (operation: JsonObject): Promise<Reply> => send('PATCH', credentialPath(created), { schemas: [URN.patchOp], Operations: [operation] });
    const changed = await patch({ op: 'replace', path: 'description', value: 'patched' });
    expect(changed.status).toBe(200);
    expect(object(changed.body).description).toBe('patched');
    expect((await patch({ op: 'replace', path: 'owner', value: text(created.owner) })).status).toBe(200);
    expectError(await patch({ op: 'replace', path: 'owner', value: 'someone-else' }), 400, 'mutability');
    expectError(await patch({ op: 'replace', value: { owner: 'someone-else' } }), 400, 'mutability');
    expect((await patch({ op: 'remove', path: 'owner' })).status).toBe(400);
    expect(object((await send('GET', credentialPath(created))).body).owner).toBe(created.owner);
  });
});

describe('the custom Credential type: ETags and bulk', () => {
  it('versions a credential and honours If-Match', async () => {
    const created = await send('POST', '/Credentials', credentialBody());
    const resource = object(created.body);
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toBe(object(resource.meta).version);
    expect((await send('GET', credentialPath(resource), undefined, { 'If-None-Match': etag })).status).toBe(304);
    const patch = { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'description', value: 'v2' }] };
    const changed = await send('PATCH', credentialPath(resource), patch, { 'If-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await send('DELETE', credentialPath(resource), undefined, { 'If-Match': etag })).status).toBe(412);
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
