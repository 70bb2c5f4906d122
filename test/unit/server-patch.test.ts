import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { object, text } from '../support/json-values.js';

interface Reply {
  status: number;
  headers: Headers;
  body: JsonValue | undefined;
}

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer();
});

afterAll(async () => {
  await server.close();
});

async function send(method: string, path: string, body?: JsonValue): Promise<Reply> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/scim+json' };
  }
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: parseJson(await response.text()) };
}

let sequence = 0;

async function create(endpoint: '/Users' | '/Groups', body: JsonObject): Promise<JsonObject> {
  sequence += 1;
  const defaults: JsonObject =
    endpoint === '/Users' ? { schemas: [URN.user], userName: `patch-${sequence}` } : { schemas: [URN.group], displayName: `group-${sequence}` };
  const reply = await send('POST', endpoint, { ...defaults, ...body });
  expect(reply.status).toBe(201);
  return object(reply.body);
}

const WORK_AND_HOME: JsonObject = {
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
};

function patch(resource: JsonObject, ...operations: JsonObject[]): Promise<Reply> {
  const endpoint = object(resource.meta).resourceType === 'Group' ? 'Groups' : 'Users';
  return send('PATCH', `/${endpoint}/${text(resource.id)}`, { schemas: [URN.patchOp], Operations: operations });
}

function read(resource: JsonObject): Promise<Reply> {
  const endpoint = object(resource.meta).resourceType === 'Group' ? 'Groups' : 'Users';
  return send('GET', `/${endpoint}/${text(resource.id)}`);
}

async function patched(resource: JsonObject, ...operations: JsonObject[]): Promise<JsonObject> {
  const reply = await patch(resource, ...operations);
  expect(reply.body).toMatchObject({ id: resource.id });
  expect(reply.status).toBe(200);
  const body = object(reply.body);
  expect((await read(resource)).body).toEqual(body);
  return body;
}

function expectError(reply: Reply, scimType: string, status = 400): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toMatchObject({ schemas: [URN.error], status: String(status), scimType });
}

describe('add', () => {
  it('without a path adds each attribute of the value, appending to multi-valued ones', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    const body = await patched(user, { op: 'add', value: { nickname: 'Babs', emails: [{ value: 'b@other.org', type: 'other' }] } });
    expect(body.nickName).toBe('Babs');
    expect(body.emails).toHaveLength(3);
  });

  it('to a single-valued attribute sets or replaces it', async () => {
    const user = await create('/Users', { title: 'old' });
    expect((await patched(user, { op: 'add', path: 'title', value: 'new' })).title).toBe('new');
  });

  it('to a complex attribute merges the sub-attributes given', async () => {
    const user = await create('/Users', { name: { givenName: 'Barbara', familyName: 'Jensen' } });
    const body = await patched(user, { op: 'add', path: 'name', value: { middleName: 'Jane' } });
    expect(body.name).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' });
  });

  it('of a member already present changes nothing, not even the version', async () => {
    const user = await create('/Users', {});
    const group = await create('/Groups', { members: [{ value: text(user.id) }] });
    const reply = await patch(group, { op: 'add', path: 'members', value: [{ value: text(user.id), display: 'Babs' }] });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(group);
  });

  it('with a fully qualified extension attribute adds the extension to schemas', async () => {
    const user = await create('/Users', {});
    const body = await patched(
      user,
      { op: 'add', path: `${URN.enterpriseUser}:employeeNumber`, value: '42' },
      { op: 'replace', path: 'department', value: 'Tour operations' },
    );
    expect(body.schemas).toEqual([URN.user, URN.enterpriseUser]);
    expect(body[URN.enterpriseUser]).toEqual({ employeeNumber: '42', department: 'Tour operations' });
  });

  it('to a value filter that matches nothing creates the value it describes', async () => {
    const user = await create('/Users', {});
    const body = await patched(user, { op: 'add', path: 'addresses[type eq "work"].locality', value: 'Hollywood' });
    expect(body.addresses).toEqual([{ type: 'work', locality: 'Hollywood' }]);
  });

  it('needs a value', async () => {
    const user = await create('/Users', {});
    expectError(await patch(user, { op: 'add', path: 'title' }), 'invalidValue');
  });
});

describe('replace', () => {
  it('without a path replaces each attribute of the value', async () => {
    const user = await create('/Users', { ...WORK_AND_HOME, nickName: 'old' });
    const body = await patched(user, { op: 'replace', value: { nickName: 'x', emails: [{ value: 'only@example.org' }] } });
    expect(body).toMatchObject({ nickName: 'x', emails: [{ value: 'only@example.org' }] });
  });

  it('on a complex attribute keeps the sub-attributes not given', async () => {
    const user = await create('/Users', { name: { givenName: 'Barbara', familyName: 'Jensen' } });
    expect((await patched(user, { op: 'replace', path: 'name', value: { givenName: 'Babs' } })).name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
  });

  it('with a value filter replaces the matching values, or one sub-attribute of them', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    const body = await patched(
      user,
      { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'new@home.org' } },
      { op: 'replace', path: 'emails[type eq "work"].display', value: 'Work' },
    );
    expect(body.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true, display: 'Work' },
      { value: 'new@home.org', type: 'home' },
    ]);
  });

  it('with a value filter that matches nothing fails with noTarget', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    expectError(await patch(user, { op: 'replace', path: 'emails[type eq "pager"].value', value: 'x' }), 'noTarget');
  });

  it('of a missing attribute adds it', async () => {
    const user = await create('/Users', {});
    expect((await patched(user, { op: 'replace', path: 'title', value: 'Guide' })).title).toBe('Guide');
  });

  it('setting primary on one value unsets it on the others', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    const body = await patched(user, { op: 'replace', path: 'emails[type eq "home"].primary', value: true });
    expect(body.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
  });

  it('of all members replaces the membership', async () => {
    const [a, b] = [await create('/Users', {}), await create('/Users', {})];
    const group = await create('/Groups', { members: [{ value: text(a.id) }] });
    const body = await patched(group, { op: 'replace', path: 'members', value: [{ value: text(b.id) }] });
    expect(body.members).toEqual([expect.objectContaining({ value: b.id })]);
    expect(object((await read(a)).body)).not.toHaveProperty('groups');
  });

  it('accepts readOnly values written back unchanged', async () => {
    const group = await create('/Groups', {});
    const body = await patched(group, { op: 'replace', value: { id: text(group.id), displayName: 'Renamed' } });
    expect(body.displayName).toBe('Renamed');
  });
});

describe('remove', () => {
  it('of a single-valued attribute unassigns it', async () => {
    const user = await create('/Users', { nickName: 'Babs' });
    expect(await patched(user, { op: 'remove', path: 'nickName' })).not.toHaveProperty('nickName');
  });

  it('with a value filter removes only the matching values', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    const body = await patched(user, { op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' });
    expect(body.emails).toEqual([{ value: 'babs@jensen.org', type: 'home' }]);
  });

  it('of the last member leaves members unassigned', async () => {
    const user = await create('/Users', {});
    const group = await create('/Groups', { members: [{ value: text(user.id) }] });
    expect(await patched(group, { op: 'remove', path: `members[value eq "${text(user.id)}"]` })).not.toHaveProperty('members');
  });

  it('with a value filter that matches nothing succeeds without a change', async () => {
    const user = await create('/Users', {});
    const group = await create('/Groups', { members: [{ value: text(user.id) }] });
    const reply = await patch(group, { op: 'remove', path: 'members[value eq "not-a-member"]' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(group);
  });

  it('of a sub-attribute keeps the others', async () => {
    const user = await create('/Users', { name: { givenName: 'B', middleName: 'J', familyName: 'Jensen' } });
    expect((await patched(user, { op: 'remove', path: 'name.middleName' })).name).toEqual({ givenName: 'B', familyName: 'Jensen' });
  });

  it('of members with a value removes only the members it describes', async () => {
    const [a, b] = [await create('/Users', {}), await create('/Users', {})];
    const group = await create('/Groups', { members: [{ value: text(a.id) }, { value: text(b.id) }] });
    const body = await patched(group, { op: 'remove', path: 'members', value: [{ value: text(a.id), display: 'whoever' }] });
    expect(body.members).toEqual([expect.objectContaining({ value: b.id })]);
  });

  it('of an extension drops its attributes and its URN', async () => {
    const user = await create('/Users', { schemas: [URN.user, URN.enterpriseUser], [URN.enterpriseUser]: { department: 'Tours' } });
    const body = await patched(user, { op: 'remove', path: URN.enterpriseUser });
    expect(body.schemas).toEqual([URN.user]);
    expect(body).not.toHaveProperty(URN.enterpriseUser);
  });

  it('needs a path', async () => {
    const user = await create('/Users', {});
    expectError(await patch(user, { op: 'remove' }), 'noTarget');
  });

  it('of a required attribute fails with mutability', async () => {
    const user = await create('/Users', {});
    expectError(await patch(user, { op: 'remove', path: 'userName' }), 'mutability');
  });
});

describe('mutability', () => {
  it.each([
    ['replace id', { op: 'replace', path: 'id', value: 'x' }],
    ['replace meta.created', { op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' }],
    ['add groups', { op: 'add', path: 'groups', value: [{ value: 'x' }] }],
    ['remove id', { op: 'remove', path: 'id' }],
  ])('refuses to %s on a User', async (_case, operation) => {
    const user = await create('/Users', {});
    expectError(await patch(user, operation), 'mutability');
  });

  it('refuses to change an immutable member value', async () => {
    const [a, b] = [await create('/Users', {}), await create('/Users', {})];
    const group = await create('/Groups', { members: [{ value: text(a.id) }] });
    expectError(await patch(group, { op: 'replace', path: `members[value eq "${text(a.id)}"].value`, value: text(b.id) }), 'mutability');
  });
});

describe('atomicity and order', () => {
  it('leaves the resource untouched when a later operation fails', async () => {
    const user = await create('/Users', { displayName: 'before' });
    expectError(await patch(user, { op: 'replace', path: 'displayName', value: 'after' }, { op: 'replace', path: 'id', value: 'x' }), 'mutability');
    expect((await read(user)).body).toEqual(user);
  });

  it('applies operations in order, each on the result of the previous', async () => {
    const user = await create('/Users', {});
    const body = await patched(user, { op: 'add', path: 'nickName', value: 'a' }, { op: 'replace', path: 'nickName', value: 'b' });
    expect(body.nickName).toBe('b');
  });

  it('refuses a change to a userName another user holds', async () => {
    const first = await create('/Users', {});
    const second = await create('/Users', {});
    expectError(await patch(second, { op: 'replace', path: 'userName', value: text(first.userName) }), 'uniqueness', 409);
  });
});

describe('paths', () => {
  it('are case-insensitive', async () => {
    const user = await create('/Users', { name: { givenName: 'x' } });
    expect(object((await patched(user, { op: 'replace', path: 'NAME.GIVENNAME', value: 'y' })).name).givenName).toBe('y');
  });

  it.each([
    ['an empty path', ''],
    ['a doubled dot', 'name..givenName'],
    ['an unclosed filter', 'emails[type eq "work"'],
    ['an array index', 'emails[0].value'],
    ['a JSON pointer', '/emails/0/value'],
    ['an unknown attribute', 'shoeSize'],
    ['a filter on a single-valued attribute', 'name[givenName eq "x"]'],
  ])('%s is invalidPath', async (_case, path) => {
    const user = await create('/Users', WORK_AND_HOME);
    expectError(await patch(user, { op: 'replace', path, value: 'x' }), 'invalidPath');
  });

  it('a malformed value filter is invalidFilter', async () => {
    const user = await create('/Users', WORK_AND_HOME);
    expectError(await patch(user, { op: 'replace', path: 'emails[type eqq "work"].value', value: 'x' }), 'invalidFilter');
  });
});

describe('the request', () => {
  it.each([
    ['no schemas', { Operations: [{ op: 'add', path: 'title', value: 'x' }] }],
    ['no Operations', { schemas: [URN.patchOp] }],
    ['empty Operations', { schemas: [URN.patchOp], Operations: [] }],
    ['an op JSON Patch has but SCIM lacks', { schemas: [URN.patchOp], Operations: [{ op: 'move', path: 'title', value: 'x' }] }],
  ])('with %s is invalidValue, the keyword RFC 7644 Table 9 gives PATCH', async (_case, body) => {
    const user = await create('/Users', {});
    const reply = await send('PATCH', `/Users/${text(user.id)}`, body);
    expectError(reply, 'invalidValue');
  });

  it('honours attributes in the response', async () => {
    const user = await create('/Users', {});
    const reply = await send('PATCH', `/Users/${text(user.id)}?attributes=userName`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'title', value: 'x' }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ schemas: [URN.user], id: user.id, userName: user.userName });
  });
});
