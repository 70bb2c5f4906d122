import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { URN } from '../../src/scim/urns.js';
import { object, text } from '../support/json-values.js';
import { fetchJson, type JsonReply } from '../support/scim-fetch.js';

type Reply = JsonReply;

let server: ReferenceServer;

function send(method: string, path: string, body?: JsonValue): Promise<Reply> {
  return fetchJson(`${server.url}${path}`, method, body);
}

function resources(reply: Reply): JsonObject[] {
  expect(reply.status).toBe(200);
  const body = object(reply.body);
  expect(body.schemas).toEqual([URN.listResponse]);
  const list = body.Resources;
  if (!Array.isArray(list)) throw new Error('no Resources');
  return list.map(object);
}

const users: Record<string, JsonObject> = {};

async function createUser(key: string, body: JsonObject): Promise<void> {
  const reply = await send('POST', '/Users', { schemas: [URN.user], ...body });
  expect(reply.status).toBe(201);
  users[key] = object(reply.body);
}

const id = (key: string): string => text(users[key]?.id);

beforeAll(async () => {
  server = await startReferenceServer();
  await createUser('alice', {
    schemas: [URN.user, URN.enterpriseUser],
    userName: 'alice',
    displayName: 'Alice Smith',
    title: 'Engineer',
    active: true,
    externalId: 'EXT-A',
    name: { givenName: 'Alice', familyName: 'Smith' },
    emails: [
      { value: 'zz-alice@work.example', type: 'work' },
      { value: 'alice@home.example', type: 'home', primary: true },
    ],
    [URN.enterpriseUser]: { employeeNumber: '10' },
  });
  await createUser('bob', {
    userName: 'Bob',
    displayName: 'Bob Jones',
    active: false,
    externalId: 'ext-b',
    emails: [
      { value: 'bob@home.example', type: 'work' },
      { value: 'bob@work.example', type: 'home' },
    ],
  });
  await createUser('carol', {
    userName: 'carol',
    active: true,
    externalId: 'Ext-C',
    [URN.enterpriseUser]: { employeeNumber: '9' },
  });
  await createUser('dave', { userName: 'dave', title: '' });
  await createUser('amelie', { userName: 'Am\u00e9lie' });
});

afterAll(async () => {
  await server.close();
});

async function filtered(filter: string, extra = ''): Promise<string[]> {
  const reply = await send('GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);
  return resources(reply).map((r) => text(r.id));
}

function ids(...keys: string[]): string[] {
  return keys.map(id);
}

describe('filter', () => {
  it.each([
    ['userName eq "BOB"', ['bob']],
    ['USERNAME Eq "bob"', ['bob']],
    ['externalId eq "EXT-A"', ['alice']],
    ['externalId eq "ext-a"', []],
    ['displayName co "SMITH"', ['alice']],
    ['userName sw "Al"', ['alice']],
    ['userName ew "ICE"', ['alice']],
    ['userName sw "carol" and userName ew "carol"', ['carol']],
    ['title pr', ['alice']],
    ['not (title pr)', ['bob', 'carol', 'dave', 'amelie']],
    ['title pr or not (title pr)', ['alice', 'bob', 'carol', 'dave', 'amelie']],
    ['active eq false', ['bob']],
    ['active eq true', ['alice', 'carol']],
    ['userName gt "c"', ['carol', 'dave']],
    ['userName le "bob"', ['alice', 'bob', 'amelie']],
    ['userName eq "Ame\u0301lie"', ['amelie']],
    ['userName eq "alice" or userName eq "Bob" and active eq true', ['alice']],
    ['(userName eq "alice" or userName eq "Bob") and active eq false', ['bob']],
    ['emails[type eq "work" and value ew "work.example"]', ['alice']],
    ['emails.type eq "work" and emails.value ew "work.example"', ['alice', 'bob']],
    ['emails.value eq "bob@work.example"', ['bob']],
    ['emails pr', ['alice', 'bob']],
    ['name.familyName eq "smith"', ['alice']],
    [`${URN.user}:userName eq "alice"`, ['alice']],
    [`${URN.enterpriseUser}:employeeNumber eq "9"`, ['carol']],
    [`schemas eq "${URN.enterpriseUser}"`, ['alice', 'carol']],
    ['meta.resourceType eq "User"', ['alice', 'bob', 'carol', 'dave', 'amelie']],
    ['meta.resourceType eq "user"', []],
    ['meta.created gt "2000-01-01T00:00:00Z"', ['alice', 'bob', 'carol', 'dave', 'amelie']],
    ['meta.created lt "2000-01-01T02:00:00+02:00"', []],
    ['nickName eq null', ['alice', 'bob', 'carol', 'dave', 'amelie']],
  ])('%s', async (filter, expected) => {
    expect(await filtered(filter)).toEqual(ids(...expected));
  });

  it('compares id case-exactly', async () => {
    expect(await filtered(`id eq "${id('alice')}"`)).toEqual(ids('alice'));
    expect(await filtered(`id eq "${id('alice').toUpperCase()}"`)).toEqual([]);
  });

  it('compares dateTimes as instants whatever their offset', async () => {
    const created = text(object(users.alice?.meta).created);
    const shifted = new Date(Date.parse(created) + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect(await filtered(`meta.created eq "${shifted}"`)).toContain(id('alice'));
  });

  it('finds groups by member', async () => {
    const group = await send('POST', '/Groups', { schemas: [URN.group], displayName: 'Tour guides', members: [{ value: id('carol') }] });
    expect(group.status).toBe(201);
    const reply = await send('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${id('carol')}"`)}`);
    expect(resources(reply).map((r) => r.id)).toEqual([object(group.body).id]);
    const byGroup = await filtered(`groups.value eq "${text(object(group.body).id)}"`);
    expect(byGroup).toEqual(ids('carol'));
    expect((await send('DELETE', `/Groups/${text(object(group.body).id)}`)).status).toBe(204);
  });

  it.each([
    'active gt true',
    'active ge true',
    'active lt true',
    'active le true',
    'userName eq',
    'userName regex "a"',
    '',
    '()',
    'name eq "x"',
    'emails co "home.example"',
    'shoeSize eq 1',
    'active eq "true"',
    'meta.created gt "yesterday"',
    'emails[value[type eq "x"]]',
    'password eq "x"',
    'x509Certificates.value gt "AAAA"',
    'x509Certificates.value co "AA"',
  ])('answers 400 invalidFilter to %j', async (filter) => {
    const reply = await send('GET', `/Users?filter=${encodeURIComponent(filter)}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '400', scimType: 'invalidFilter', detail: expect.any(String) });
  });
});

describe('sort', () => {
  const sorted = async (query: string): Promise<string[]> => resources(await send('GET', `/Users?count=10&${query}`)).map((r) => text(r.id));

  it('orders case-insensitively by default, ascending', async () => {
    const ascending = ids('alice', 'amelie', 'bob', 'carol', 'dave');
    expect(await sorted('sortBy=userName')).toEqual(ascending);
    expect(await sorted('sortBy=userName&sortOrder=ascending')).toEqual(ascending);
    expect(await sorted('sortBy=userName&sortOrder=descending')).toEqual([...ascending].reverse());
  });

  it('orders case-exact attributes by code point', async () => {
    const order = await sorted(`sortBy=externalId&filter=${encodeURIComponent('externalId pr')}`);
    expect(order).toEqual(ids('alice', 'carol', 'bob'));
  });

  it('puts resources without a value last when ascending and first when descending', async () => {
    const ascending = await sorted(`sortBy=title&filter=${encodeURIComponent('userName lt "d"')}`);
    expect(ascending[0]).toBe(id('alice'));
    const descending = await sorted(`sortBy=title&sortOrder=descending&filter=${encodeURIComponent('userName lt "d"')}`);
    expect(descending.at(-1)).toBe(id('alice'));
  });

  it('orders a multi-valued attribute by its primary value', async () => {
    const order = await sorted(`sortBy=emails.value&filter=${encodeURIComponent('emails pr')}`);
    expect(order).toEqual(ids('alice', 'bob'));
  });

  it('refuses an unknown sort order', async () => {
    const reply = await send('GET', '/Users?sortBy=userName&sortOrder=sideways');
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });
});

describe('pagination', () => {
  const everyone = (): string[] => ids('alice', 'bob', 'carol', 'dave', 'amelie');

  async function page(query: string): Promise<JsonObject> {
    const reply = await send('GET', `/Users?${query}`);
    expect(reply.status).toBe(200);
    return object(reply.body);
  }

  it('never answers more than maxResults', async () => {
    const small = await startReferenceServer({ maxResults: 2 });
    try {
      for (const userName of ['a', 'b', 'c']) {
        const created = await fetch(`${small.url}/Users`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/scim+json' },
          body: JSON.stringify({ schemas: [URN.user], userName }),
        });
        expect(created.status).toBe(201);
      }
      for (const query of ['', '?count=100']) {
        const body = object(parseJson(await (await fetch(`${small.url}/Users${query}`)).text()));
        expect(body).toMatchObject({ totalResults: 3, itemsPerPage: 2, startIndex: 1 });
        expect(resources({ status: 200, body })).toHaveLength(2);
      }
    } finally {
      await small.close();
    }
  });

  it('answers the page asked for', async () => {
    const body = await page('startIndex=2&count=2');
    expect(body).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 2 });
    expect(resources({ status: 200, body }).map((r) => r.id)).toEqual(everyone().slice(1, 3));
  });

  it('reads a startIndex below 1 as 1', async () => {
    for (const startIndex of ['0', '-5']) {
      const body = await page(`startIndex=${startIndex}&count=2`);
      expect(body.startIndex).toBe(1);
      expect(resources({ status: 200, body }).map((r) => r.id)).toEqual(everyone().slice(0, 2));
    }
  });

  it('reads a negative count as 0, and count 0 gives the total only', async () => {
    for (const count of ['-1', '0']) {
      const body = await page(`count=${count}`);
      expect(body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    }
  });

  it('answers an empty page past the end', async () => {
    expect(await page('startIndex=10')).toMatchObject({ totalResults: 5, itemsPerPage: 0, startIndex: 10, Resources: [] });
  });

  it('walks the whole set page by page without gaps or overlaps', async () => {
    const seen: JsonValue[] = [];
    for (let startIndex = 1; startIndex <= 5; startIndex += 2) {
      seen.push(...resources(await send('GET', `/Users?startIndex=${startIndex}&count=2`)).map((r) => r.id ?? null));
    }
    expect(seen).toEqual(everyone());
  });

  it.each(['count=abc', 'count=1.5', 'startIndex=x'])('refuses %s with 400 invalidValue', async (query) => {
    const reply = await send('GET', `/Users?${query}`);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('ignores query parameters it does not know', async () => {
    expect((await page('fooBar=1')).totalResults).toBe(5);
  });
});

describe('projection', () => {
  const alice = async (query: string): Promise<JsonObject> => {
    const list = resources(await send('GET', `/Users?filter=${encodeURIComponent('userName eq "alice"')}&${query}`));
    expect(list).toHaveLength(1);
    return object(list[0]);
  };

  it('attributes returns the named ones and those always returned', async () => {
    expect(await alice('attributes=userName')).toEqual({ schemas: [URN.user, URN.enterpriseUser], id: id('alice'), userName: 'alice' });
  });

  it('names are case-insensitive and may carry their schema URN', async () => {
    const plain = await alice('attributes=userName,name.givenName');
    expect(plain.name).toEqual({ givenName: 'Alice' });
    expect(await alice(`attributes=${encodeURIComponent(`${URN.user.toUpperCase()}:USERNAME`)},NAME.GIVENNAME`)).toEqual(plain);
  });

  it('selects extension attributes by their qualified name', async () => {
    const body = await alice(`attributes=${encodeURIComponent(`${URN.enterpriseUser}:employeeNumber`)}`);
    expect(body).toEqual({ schemas: [URN.user, URN.enterpriseUser], id: id('alice'), [URN.enterpriseUser]: { employeeNumber: '10' } });
  });

  it('excludedAttributes drops the named ones but never those always returned', async () => {
    const body = await alice('excludedAttributes=emails,id,name.familyName,meta');
    expect(body).not.toHaveProperty('emails');
    expect(body).not.toHaveProperty('meta');
    expect(body.id).toBe(id('alice'));
    expect(body.name).toEqual({ givenName: 'Alice' });
    expect(body.displayName).toBe('Alice Smith');
  });

  it('selects sub-attributes of multi-valued and meta attributes', async () => {
    const body = await alice('attributes=emails.value,meta.created');
    expect(body.emails).toEqual([{ value: 'zz-alice@work.example' }, { value: 'alice@home.example' }]);
    expect(Object.keys(object(body.meta))).toEqual(['created']);
  });

  it('never returns the password', async () => {
    const created = await send('POST', '/Users?attributes=password,userName', { schemas: [URN.user], userName: 'secretive', password: 'pw' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ schemas: [URN.user], id: object(created.body).id, userName: 'secretive' });
    expect((await send('DELETE', `/Users/${text(object(created.body).id)}`)).status).toBe(204);
  });
});

describe('/.search', () => {
  it('answers like the equivalent GET', async () => {
    const get = await send('GET', `/Users?filter=${encodeURIComponent('active pr')}&sortBy=userName&sortOrder=descending&startIndex=2&count=1&attributes=userName`);
    const search = await send('POST', '/Users/.search', {
      schemas: [URN.searchRequest],
      filter: 'active pr',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 2,
      count: 1,
      attributes: ['userName'],
    });
    expect(search.status).toBe(200);
    expect(search.body).toEqual(get.body);
    expect(resources(search).map((r) => r.id)).toEqual(ids('bob'));
  });

  it('needs the SearchRequest schema', async () => {
    for (const schemas of [undefined, [URN.listResponse]]) {
      const body: JsonObject = { filter: 'userName pr' };
      if (schemas !== undefined) body.schemas = schemas;
      expect((await send('POST', '/Users/.search', body)).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    }
  });

  it('answers 400 invalidFilter to a malformed filter', async () => {
    const reply = await send('POST', '/Groups/.search', { schemas: [URN.searchRequest], filter: 'displayName eq' });
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  it('creates nothing', async () => {
    await send('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: 'userName pr' });
    expect(object((await send('GET', '/Users?count=0')).body).totalResults).toBe(5);
  });
});

describe('/.search at the server root', () => {
  it('searches every resource type, an attribute a type lacks having no value there', async () => {
    const created = await send('POST', '/Groups', { schemas: [URN.group], displayName: 'carolers', members: [{ value: id('carol') }] });
    expect(created.status).toBe(201);
    const groupId = text(object(created.body).id);
    const search = await send('POST', '/.search', { schemas: [URN.searchRequest], filter: 'userName sw "car" or displayName sw "car"', sortBy: 'userName' });
    const found = resources(search);
    // The group has no userName: sorted ascending it comes after the user that has one.
    expect(found.map((r) => r.id)).toEqual([id('carol'), groupId]);
    expect(found.map((r) => object(r.meta).resourceType)).toEqual(['User', 'Group']);
    expect(object(search.body)).toMatchObject({ totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    const none = await send('POST', '/.search', { schemas: [URN.searchRequest], filter: 'members pr and userName pr' });
    expect(object(none.body).totalResults).toBe(0);
  });

  it('refuses a filter that does not parse, and answers only POST', async () => {
    for (const filter of ['userName eq', 'displayName eq']) {
      expect((await send('POST', '/.search', { schemas: [URN.searchRequest], filter })).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }
    expect((await send('GET', '/.search')).status).toBe(405);
  });
});
