/** The reference server's tenant rules: Users that break them are refused on every write, others stored. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { URN } from '../../src/scim/urns.js';
import { fetchJson } from '../support/scim-fetch.js';
import { object, text } from '../support/json-values.js';

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ userRules: { userNameDomain: 'corp.example', required: ['name.familyName'] } });
});
afterAll(() => server.close());

const valid = { schemas: [URN.user], userName: 'ada@corp.example', name: { familyName: 'Lovelace' } };

describe('a reference server with user rules', () => {
  test('stores a User that obeys them', async () => {
    const created = await fetchJson(`${server.url}/Users`, 'POST', valid);
    expect(created.status).toBe(201);
  });

  test('refuses a userName outside the domain and a User without the required attribute, naming the rule', async () => {
    const outside = await fetchJson(`${server.url}/Users`, 'POST', { ...valid, userName: 'ada@elsewhere.example' });
    expect(outside.status).toBe(400);
    expect(text(object(outside.body).detail)).toBe('this tenant requires userName to be an e-mail address in corp.example, got "ada@elsewhere.example"');
    const nameless = await fetchJson(`${server.url}/Users`, 'POST', { schemas: [URN.user], userName: 'bob@corp.example' });
    expect(nameless.status).toBe(400);
    expect(text(object(nameless.body).detail)).toBe('this tenant requires every User to have name.familyName');
  });

  test('applies them to a replace and a patch as well', async () => {
    const created = await fetchJson(`${server.url}/Users`, 'POST', { ...valid, userName: 'carol@corp.example' });
    const path = `${server.url}/Users/${text(object(created.body).id)}`;
    expect((await fetchJson(path, 'PUT', { schemas: [URN.user], userName: 'carol@corp.example' })).status).toBe(400);
    const patch = { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'userName', value: 'carol@other.example' }] };
    expect((await fetchJson(path, 'PATCH', patch)).status).toBe(400);
    expect(text(object((await fetchJson(path, 'GET')).body).userName)).toBe('carol@corp.example');
  });
});
