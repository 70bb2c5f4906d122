import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import type { JsonObject, JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects, text } from '../support/json-values.js';
import { fetchJson, type JsonReply } from '../support/scim-fetch.js';

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({ maxBulkOperations: 5 });
});

afterAll(async () => {
  await server.close();
});

function send(method: string, path: string, body?: JsonValue): Promise<JsonReply> {
  return fetchJson(`${server.url}${path}`, method, body);
}

async function bulk(operations: JsonObject[], extra: JsonObject = {}): Promise<JsonObject[]> {
  const reply = await send('POST', '/Bulk', { schemas: [URN.bulkRequest], Operations: operations, ...extra });
  expect(reply.status).toBe(200);
  expect(object(reply.body).schemas).toEqual([URN.bulkResponse]);
  return objects(object(reply.body).Operations);
}

const user = (bulkId: string, userName: string): JsonObject => ({
  method: 'POST', path: '/Users', bulkId, data: { schemas: [URN.user], userName },
});

describe('POST /Bulk', () => {
  it('advertises bulk with its limits', async () => {
    const config = object((await send('GET', '/ServiceProviderConfig')).body);
    expect(config.bulk).toEqual({ supported: true, maxOperations: 5, maxPayloadSize: 1_048_576 });
  });

  it('runs each operation and answers its method, bulkId, location and status', async () => {
    const [created] = await bulk([user('a', 'bulk-alice')]);
    expect(created).toMatchObject({ method: 'POST', bulkId: 'a', status: '201' });
    const location = text(created?.location);
    const read = await send('GET', location.slice(server.url.length));
    expect(object(read.body).userName).toBe('bulk-alice');
    const id = text(object(read.body).id);
    const [replaced, patched, deleted] = await bulk([
      { method: 'PUT', path: `/Users/${id}`, data: { schemas: [URN.user], userName: 'bulk-alice', displayName: 'Alice' } },
      { method: 'PATCH', path: `/Users/${id}`, data: { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'nickName', value: 'Al' }] } },
      { method: 'DELETE', path: `/Users/${id}` },
    ]);
    expect([replaced?.status, patched?.status, deleted?.status]).toEqual(['200', '200', '204']);
    expect(deleted?.location).toBe(location);
    expect((await send('GET', `/Users/${id}`)).status).toBe(404);
  });

  it('replaces bulkId references in data, whatever the order of the operations', async () => {
    const operations = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [URN.group], displayName: 'bulk-team', members: [{ value: 'bulkId:m' }] } },
      user('m', 'bulk-member'),
    ]);
    expect(operations.map((operation) => operation.bulkId)).toEqual(['m', 'g']);
    const memberId = text(object((await send('GET', text(operations[0]?.location).slice(server.url.length))).body).id);
    const group = object((await send('GET', text(operations[1]?.location).slice(server.url.length))).body);
    expect(objects(group.members).map((member) => member.value)).toEqual([memberId]);
  });

  it('answers 409 for circular or unknown bulkId references', async () => {
    const operations = await bulk([
      { method: 'POST', path: '/Groups', bulkId: 'x', data: { schemas: [URN.group], displayName: 'bulk-x', members: [{ value: 'bulkId:y' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'y', data: { schemas: [URN.group], displayName: 'bulk-y', members: [{ value: 'bulkId:x' }] } },
      { method: 'DELETE', path: '/Users/bulkId:nowhere' },
    ]);
    expect(operations.map((operation) => operation.status)).toEqual(['409', '409', '409']);
    const circular = operations.find((operation) => operation.bulkId === 'x');
    expect(object(circular?.response).schemas).toEqual([URN.error]);
    expect(circular).not.toHaveProperty('location');
  });

  it('stops after failOnErrors failed operations', async () => {
    const operations = await bulk([
      { method: 'DELETE', path: '/Users/absent-1' },
      { method: 'DELETE', path: '/Users/absent-2' },
      user('late', 'bulk-never-created'),
    ], { failOnErrors: 2 });
    expect(operations.map((operation) => operation.status)).toEqual(['404', '404']);
    const search = await send('GET', `/Users?filter=${encodeURIComponent('userName eq "bulk-never-created"')}`);
    expect(object(search.body).totalResults).toBe(0);
  });

  it('refuses more operations than maxOperations with 413 naming the limit, and malformed requests with 400', async () => {
    const deletes = Array.from({ length: 6 }, (_, i) => ({ method: 'DELETE', path: `/Users/absent-${i}` }));
    const tooMany = await send('POST', '/Bulk', { schemas: [URN.bulkRequest], Operations: deletes });
    expect(tooMany.status).toBe(413);
    expect(text(object(tooMany.body).detail)).toContain('maxOperations (5)');
    expect((await send('POST', '/Bulk', { schemas: [URN.bulkRequest] })).status).toBe(400);
    expect((await send('POST', '/Bulk', { Operations: [] })).status).toBe(400);
    expect((await send('POST', '/Bulk', { schemas: [URN.bulkRequest], Operations: [{ method: 'GET', path: '/Users' }] })).status).toBe(400);
    expect((await send('GET', '/Bulk')).status).toBe(405);
  });
});
