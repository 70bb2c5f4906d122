import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyTarget, type ScimmyTarget } from '../support/scimmy-target.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_JSON = { 'content-type': 'application/scim+json' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function jsonBody(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json();
  if (!isRecord(body)) throw new Error(`expected a JSON object, got ${JSON.stringify(body)}`);
  return body;
}

function listedIds(listResponse: Record<string, unknown>): unknown[] {
  const resources = listResponse['Resources'];
  return Array.isArray(resources) ? resources.map((resource: unknown) => (isRecord(resource) ? resource['id'] : undefined)) : [];
}

describe('scimmy target without authentication', () => {
  let target: ScimmyTarget;

  beforeAll(async () => {
    target = await startScimmyTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('serves its base URL on 127.0.0.1 without a trailing slash', () => {
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
  });

  it.each(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas'])('answers GET %s with 200', async (path) => {
    const response = await fetch(`${target.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    await response.arrayBuffer();
  });

  it('declares User (with the optional EnterpriseUser extension) and Group', async () => {
    const body = await jsonBody(await fetch(`${target.url}/ResourceTypes`));
    expect(body['Resources']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'User',
          endpoint: '/Users',
          schemaExtensions: [{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }],
        }),
        expect.objectContaining({ name: 'Group', endpoint: '/Groups' }),
      ]),
    );
  });

  it('creates, reads, lists and deletes a user', async () => {
    const created = await fetch(`${target.url}/Users`, {
      method: 'POST',
      headers: SCIM_JSON,
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName: 'scimmy-target-bjensen' }),
    });
    expect(created.status).toBeGreaterThanOrEqual(200);
    expect(created.status).toBeLessThan(300);
    const user = await jsonBody(created);
    const id = user['id'];
    expect(typeof id).toBe('string');
    expect(user['userName']).toBe('scimmy-target-bjensen');
    const userUrl = `${target.url}/Users/${String(id)}`;

    const read = await fetch(userUrl);
    expect(read.status).toBe(200);
    expect(await jsonBody(read)).toMatchObject({ id, userName: 'scimmy-target-bjensen' });

    const listed = await fetch(`${target.url}/Users`);
    expect(listed.status).toBe(200);
    expect(listedIds(await jsonBody(listed))).toContain(id);

    const deleted = await fetch(userUrl, { method: 'DELETE' });
    expect(deleted.status).toBeGreaterThanOrEqual(200);
    expect(deleted.status).toBeLessThan(300);
    await deleted.arrayBuffer();

    const readAfterDelete = await fetch(userUrl);
    expect(readAfterDelete.status).toBe(404);
    await readAfterDelete.arrayBuffer();
    expect(listedIds(await jsonBody(await fetch(`${target.url}/Users`)))).not.toContain(id);
  });

  it('starts every target with an empty store', async () => {
    await fetch(`${target.url}/Users`, {
      method: 'POST',
      headers: SCIM_JSON,
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName: 'scimmy-target-kept' }),
    }).then((response) => response.arrayBuffer());
    const other = await startScimmyTarget();
    try {
      expect(other.url).not.toBe(target.url);
      const listed = await jsonBody(await fetch(`${other.url}/Users`));
      expect(listed['totalResults']).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('scimmy target with a bearer token', () => {
  const token = 'scimmy-target-token';
  let target: ScimmyTarget;

  beforeAll(async () => {
    target = await startScimmyTarget({ token });
  });

  afterAll(async () => {
    await target.close();
  });

  it('rejects a request without the token', async () => {
    const response = await fetch(`${target.url}/Users`);
    expect(response.status).toBe(401);
    await response.arrayBuffer();
  });

  it('rejects a request with another token', async () => {
    const response = await fetch(`${target.url}/Users`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(response.status).toBe(401);
    await response.arrayBuffer();
  });

  it('accepts a request with the token', async () => {
    const response = await fetch(`${target.url}/Users`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });
});

describe('closing a scimmy target', () => {
  it('ends kept-alive connections and stops answering', async () => {
    const target = await startScimmyTarget();
    // fetch keeps the connection alive by default, so close() has one to end.
    const first = await fetch(`${target.url}/ServiceProviderConfig`);
    await first.arrayBuffer();
    await target.close();
    await expect(fetch(`${target.url}/ServiceProviderConfig`)).rejects.toThrow();
  });
});
