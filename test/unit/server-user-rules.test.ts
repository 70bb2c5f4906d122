/** The reference server's tenant rules and partial features: Users that break a rule are refused on every write, others stored. */
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

describe('a reference server as the saas-tenant profile', () => {
  let tenant: ReferenceServer;
  beforeAll(async () => {
    tenant = await startReferenceServer({ tenant: 'saas-tenant' });
  });
  afterAll(() => tenant.close());

  test('holds each e-mail address once, whatever its case, and lets the holder keep it', async () => {
    const first = await fetchJson(`${tenant.url}/Users`, 'POST', { schemas: [URN.user], userName: 'ann@example.com', emails: [{ value: 'ann@example.com' }] });
    expect(first.status).toBe(201);
    const clash = await fetchJson(`${tenant.url}/Users`, 'POST', { schemas: [URN.user], userName: 'ann2@example.com', emails: [{ value: 'ANN@example.com' }] });
    expect(clash.status).toBe(409);
    expect(object(clash.body)).toMatchObject({ scimType: 'uniqueness' });
    const path = `${tenant.url}/Users/${text(object(first.body).id)}`;
    expect((await fetchJson(path, 'PUT', { schemas: [URN.user], userName: 'ann@example.com', emails: [{ value: 'ann@example.com', type: 'work' }] })).status).toBe(200);
  });

  test('takes filters of one eq comparison only, and declines the rest with 400 invalidFilter', async () => {
    const list = (filter: string) => fetchJson(`${tenant.url}/Users?filter=${encodeURIComponent(filter)}`, 'GET');
    expect((await list('userName eq "ann@example.com"')).status).toBe(200);
    for (const filter of ['userName sw "ann"', 'userName eq "a@example.com" or userName eq "b@example.com"', 'not (userName eq "a")']) {
      const declined = await list(filter);
      expect(declined.status, filter).toBe(400);
      expect(object(declined.body), filter).toMatchObject({ scimType: 'invalidFilter' });
    }
  });

  test('advertises no Bulk and answers /Bulk with 501', async () => {
    const spc = object((await fetchJson(`${tenant.url}/ServiceProviderConfig`, 'GET')).body);
    expect(spc.bulk).toEqual({ supported: false, maxOperations: 0, maxPayloadSize: 0 });
    const bulk = await fetchJson(`${tenant.url}/Bulk`, 'POST', { schemas: [URN.bulkRequest], Operations: [] });
    expect(bulk.status).toBe(501);
  });
});
