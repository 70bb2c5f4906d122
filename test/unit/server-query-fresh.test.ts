/**
 * Queries reuse each resource's representation until it changes: a list must still show every change,
 * including a group's new displayName in its members' `groups`, which does not change the membership.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects, text } from '../support/json-values.js';

let server: ReferenceServer;

async function send(method: string, path: string, body?: JsonValue): Promise<{ status: number; body: JsonValue | undefined }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/scim+json' } }),
  });
  return { status: response.status, body: parseJson(await response.text()) };
}

async function listed(filter: string): Promise<JsonObject[]> {
  const reply = await send('GET', `/Users?filter=${encodeURIComponent(filter)}`);
  expect(reply.status).toBe(200);
  return objects(object(reply.body).Resources);
}

async function created(endpoint: string, body: JsonObject): Promise<string> {
  const reply = await send('POST', endpoint, body);
  expect(reply.status).toBe(201);
  return text(object(reply.body).id);
}

function replace(path: string, value: JsonValue): JsonObject {
  return { schemas: [URN.patchOp], Operations: [{ op: 'replace', path, value }] };
}

beforeAll(async () => {
  server = await startReferenceServer();
});
afterAll(async () => {
  await server.close();
});

describe('a list after a change', () => {
  it('matches and shows a user by its new values', async () => {
    const id = await created('/Users', { schemas: [URN.user], userName: 'fresh.one', title: 'Before' });
    expect((await listed('title eq "Before"')).map((user) => user.id)).toEqual([id]);
    expect((await send('PATCH', `/Users/${id}`, replace('title', 'After'))).status).toBe(200);
    expect(await listed('title eq "Before"')).toEqual([]);
    const [user] = await listed('title eq "After"');
    expect(user?.id).toBe(id);
    expect(object(user?.meta).version).toBe('W/"2"');
  });

  it("shows a group's new displayName, then no group once the user leaves it or it is deleted", async () => {
    const userId = await created('/Users', { schemas: [URN.user], userName: 'fresh.member' });
    const groupId = await created('/Groups', { schemas: [URN.group], displayName: 'Old name', members: [{ value: userId }] });
    const groupsOfMember = async (): Promise<JsonValue | undefined> => (await listed('userName eq "fresh.member"'))[0]?.groups;

    expect(objects(await groupsOfMember()).map((group) => group.display)).toEqual(['Old name']);
    expect((await send('PATCH', `/Groups/${groupId}`, replace('displayName', 'New name'))).status).toBe(200);
    expect(objects(await groupsOfMember()).map((group) => group.display)).toEqual(['New name']);

    expect((await send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: 'members' }] })).status).toBe(200);
    expect(await groupsOfMember()).toBeUndefined();

    expect((await send('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] })).status).toBe(200);
    expect(objects(await groupsOfMember()).map((group) => group.value)).toEqual([groupId]);
    expect((await send('DELETE', `/Groups/${groupId}`)).status).toBe(204);
    expect(await groupsOfMember()).toBeUndefined();
  });

  it('no longer lists a deleted user', async () => {
    const id = await created('/Users', { schemas: [URN.user], userName: 'fresh.gone' });
    expect(await listed('userName eq "fresh.gone"')).toHaveLength(1);
    expect((await send('DELETE', `/Users/${id}`)).status).toBe(204);
    expect(await listed('userName eq "fresh.gone"')).toEqual([]);
  });
});
