import { describe, expect, it } from 'vitest';
import { QUIRKS, isQuirkName, startReferenceServer, type QuirkName, type ReferenceServerOptions } from '../../src/server/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/scim/json.js';
import { paddedBulkRequest, paddedSearchRequest } from '../../src/scim/padded-body.js';
import { CREDENTIAL_SCHEMA } from '../../src/server/schema-registry.js';
import { URN } from '../../src/scim/urns.js';
import { object, objects, text } from '../support/json-values.js';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: JsonValue | undefined;
}

interface SendOptions {
  /** The bearer token to send instead of the server's own; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

type Send = (method: string, path: string, body?: JsonValue | string, options?: SendOptions) => Promise<Reply>;

/** Every demonstration's server wants this token, and the demonstrations send it unless told otherwise. */
const TOKEN = 'demonstration-token';

/** filter.maxResults of the server that shows a count above it honoured: below the three users of a page. */
const SMALL_MAX_RESULTS = 2;

/** The requests a second the rate-limit demonstration's server serves. */
const RATE_LIMIT = 3;
/** Options a demonstration's server needs beyond its quirk. */
const SERVER_OPTIONS: Partial<Record<QuirkName, ReferenceServerOptions>> = {
  'rate-limit-no-retry-after': { rateLimit: RATE_LIMIT },
  'max-results-not-enforced': { maxResults: SMALL_MAX_RESULTS },
  'patch-unsupported-400': { partial: { noPatch: true } },
};

/** The reference server's maxPayloadSize when none is given. */
const DEFAULT_MAX_PAYLOAD_SIZE = 1_048_576;

const UNKNOWN_ID = '0f0e0d0c-0000-4000-8000-000000000000';

async function createUser(send: Send, userName = 'quirky'): Promise<Reply> {
  const reply = await send('POST', '/Users', { schemas: [URN.user], userName });
  expect(reply.status).toBeLessThan(300);
  return reply;
}

async function createdUser(send: Send, userName?: string): Promise<JsonObject> {
  return object((await createUser(send, userName)).body);
}

/** A Group whose members are new Users with these userNames. */
async function groupWithMembers(send: Send, userNames: string[]): Promise<JsonObject> {
  const members: JsonObject[] = [];
  for (const userName of userNames) members.push({ value: (await createdUser(send, userName)).id ?? null });
  const reply = await send('POST', '/Groups', { schemas: [URN.group], displayName: 'group', members });
  expect(reply.status).toBe(201);
  return object(reply.body);
}

/** The userNames a filtered list answers with. */
async function filtered(send: Send, filter: string): Promise<string[]> {
  const reply = await send('GET', `/Users?filter=${encodeURIComponent(filter)}`);
  expect(reply.status).toBe(200);
  return objects(object(reply.body).Resources).map((user) => text(user.userName));
}

async function createUsers(send: Send, users: JsonObject[]): Promise<void> {
  for (const user of users) {
    expect((await send('POST', '/Users', { schemas: [URN.user], ...user })).status).toBe(201);
  }
}

/** The userNames of a list with the given query string, in the order listed. */
async function sorted(send: Send, query: string): Promise<string[]> {
  const reply = await send('GET', `/Users?${query}`);
  expect(reply.status).toBe(200);
  return objects(object(reply.body).Resources).map((user) => text(user.userName));
}

/** A page of a list of three users: its paging members and the userNames it holds. */
async function threeUserPage(send: Send, query: string): Promise<{ body: JsonObject; names: string[] }> {
  await createUsers(send, [{ userName: 'u1' }, { userName: 'u2' }, { userName: 'u3' }]);
  const body = object((await send('GET', `/Users?${query}`)).body);
  return { body, names: objects(body.Resources).map((user) => text(user.userName)) };
}

/**
 * What each quirk changes, shown against a server running it alone. Typed by QuirkName, so a quirk
 * added without a demonstration does not compile.
 */
const DEMONSTRATIONS: Record<QuirkName, (send: Send) => Promise<void>> = {
  'spc-wrong-schemas': async (send) => {
    const body = object((await send('GET', '/ServiceProviderConfig')).body);
    expect(body.schemas).toEqual([URN.resourceType]);
    expect(body.patch).toEqual({ supported: true });
  },
  'spc-missing-etag': async (send) => {
    const body = object((await send('GET', '/ServiceProviderConfig')).body);
    expect(body).not.toHaveProperty('etag');
    expect(body.schemas).toEqual([URN.serviceProviderConfig]);
  },
  'schemas-plain-array': async (send) => {
    const reply = await send('GET', '/Schemas');
    expect(reply.status).toBe(200);
    expect(objects(reply.body).map((s) => s.id)).toEqual([URN.user, URN.group, URN.enterpriseUser, CREDENTIAL_SCHEMA]);
  },
  'schemas-lists-api-messages': async (send) => {
    const listed = objects(object((await send('GET', '/Schemas')).body).Resources).map((s) => s.id);
    expect(listed).toContain(URN.listResponse);
    const byId = await send('GET', `/Schemas/${URN.listResponse}`);
    expect(byId.status).toBe(200);
    expect(object(byId.body).id).toBe(URN.listResponse);
  },
  'schema-by-id-404': async (send) => {
    expect((await send('GET', `/Schemas/${URN.user}`)).status).toBe(404);
    expect(object((await send('GET', '/Schemas')).body).totalResults).toBe(4);
  },
  'schema-attribute-missing-type': async (send) => {
    const attributes = objects(object((await send('GET', `/Schemas/${URN.user}`)).body).attributes);
    expect(attributes.find((a) => a.name === 'nickName')).not.toHaveProperty('type');
    expect(attributes.find((a) => a.name === 'userName')).toHaveProperty('type', 'string');
  },
  'schema-complex-without-sub-attributes': async (send) => {
    const schema = object((await send('GET', `/Schemas/${URN.user}`)).body);
    const photos = objects(schema.attributes).find((attribute) => attribute.name === 'photos');
    expect(photos?.type).toBe('complex');
    expect(photos).not.toHaveProperty('subAttributes');
  },
  'schema-group-members-mutable': async (send) => {
    const schema = object((await send('GET', `/Schemas/${URN.group}`)).body);
    const members = objects(schema.attributes).find((attribute) => attribute.name === 'members');
    expect(objects(members?.subAttributes).map((sub) => sub.mutability)).toEqual(objects(members?.subAttributes).map(() => 'readWrite'));
  },
  'ids-sequential-per-type': async (send) => {
    const user = await createdUser(send);
    const group = object((await send('POST', '/Groups', { schemas: [URN.group], displayName: 'group' })).body);
    expect([user.id, group.id]).toEqual(['1', '1']);
  },
  'user-groups-value-display-name': async (send) => {
    const group = await groupWithMembers(send, ['member']);
    const [member] = objects(group.members);
    const user = object((await send('GET', `/Users/${text(member?.value)}`)).body);
    expect(objects(user.groups).map((entry) => entry.value)).toEqual(['group']);
  },
  'user-schemas-unserved-extension': async (send) => {
    const user = await createdUser(send);
    const extension = text(objects(object((await send('GET', '/ResourceTypes/User')).body).schemaExtensions).at(-1)?.schema);
    expect(user.schemas).toEqual([URN.user, extension]);
    expect((await send('GET', `/Schemas/${extension}`)).status).toBe(404);
  },
  'resource-types-missing-schemas': async (send) => {
    for (const resourceType of objects(object((await send('GET', '/ResourceTypes')).body).Resources)) {
      expect(resourceType).not.toHaveProperty('schemas');
    }
    const user = object((await send('GET', '/ResourceTypes/User')).body);
    expect(user).not.toHaveProperty('schemas');
    expect(user.name).toBe('User');
  },
  'endpoint-with-base-path': async (send) => {
    const listed = objects(object((await send('GET', '/ResourceTypes')).body).Resources);
    expect(listed.map((resourceType) => resourceType.endpoint)).toEqual(['/scim/v2/Users', '/scim/v2/Groups', '/scim/v2/Credentials']);
    expect(object((await send('GET', '/ResourceTypes/User')).body).endpoint).toBe('/scim/v2/Users');
    // Served where the base URL and /Users put them, not below the base URL at the advertised path.
    expect((await send('GET', '/Users?count=1')).status).toBe(200);
    expect((await send('GET', '/scim/v2/Users?count=1')).status).toBe(404);
  },
  'resource-type-by-name-wrapped': async (send) => {
    const body = object((await send('GET', '/ResourceTypes/User')).body);
    expect(body.schemas).toEqual([URN.listResponse]);
    expect(objects(body.Resources)[0]).toMatchObject({ name: 'User', schemas: [URN.resourceType] });
  },
  'resource-type-dangling-extension': async (send) => {
    const user = object((await send('GET', '/ResourceTypes/User')).body);
    const absent = 'urn:example:params:scim:schemas:extension:absent:2.0:User';
    expect(user.schemaExtensions).toContainEqual({ schema: absent, required: false });
    expect((await send('GET', `/Schemas/${absent}`)).status).toBe(404);
  },
  'discovery-honours-paging': async (send) => {
    const schemas = object((await send('GET', '/Schemas?count=1')).body);
    expect(schemas).toMatchObject({ totalResults: 4, itemsPerPage: 1 });
    const resourceTypes = object((await send('GET', '/ResourceTypes?startIndex=2')).body);
    expect(objects(resourceTypes.Resources).map((r) => r.name)).toEqual(['Group', 'Credential']);
  },
  'discovery-filter-ignored': async (send) => {
    for (const path of ['/Schemas', '/ResourceTypes']) {
      expect((await send('GET', `${path}?filter=${encodeURIComponent('id pr')}`)).status).toBe(200);
    }
  },
  'no-match-404': async (send) => {
    await createUser(send, 'someone');
    expect((await send('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).status).toBe(404);
    expect((await send('GET', `/Users?filter=${encodeURIComponent('userName eq "someone"')}`)).status).toBe(200);
  },
  'list-wrong-schemas': async (send) => {
    for (const endpoint of ['/Users', '/Groups']) {
      expect(object((await send('GET', endpoint)).body).schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:SearchResponse']);
    }
    expect(object((await send('GET', '/Schemas')).body).schemas).toEqual([URN.listResponse]);
  },
  'list-total-results-string': async (send) => {
    await createUser(send);
    expect(object((await send('GET', '/Users')).body).totalResults).toBe('1');
  },
  'list-omits-resources': async (send) => {
    await createUser(send);
    const body = object((await send('GET', '/Users')).body);
    expect(body.totalResults).toBe(1);
    expect(body).not.toHaveProperty('Resources');
  },
  'list-omits-paging-members': async (send) => {
    await createUser(send, 'one');
    await createUser(send, 'two');
    const body = object((await send('GET', '/Users?count=1')).body);
    expect(body).not.toHaveProperty('startIndex');
    expect(body).not.toHaveProperty('itemsPerPage');
    expect(objects(body.Resources)).toHaveLength(1);
  },
  'list-rejects-unknown-params': async (send) => {
    const reply = await send('GET', '/Users?fooBar=1');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect((await send('GET', '/Users?count=1&startIndex=1')).status).toBe(200);
  },
  'filter-or-as-and': async (send) => {
    await createUsers(send, [{ userName: 'ann', title: 'Engineer' }, { userName: 'ben' }]);
    expect(await filtered(send, 'userName eq "ann" or userName eq "ben"')).toEqual([]);
    expect(await filtered(send, 'userName eq "ann" or title eq "Engineer"')).toEqual(['ann']);
  },
  'filter-value-path-across-values': async (send) => {
    await createUsers(send, [{ userName: 'ann', emails: [{ value: 'ann@work.example', type: 'work' }, { value: 'ann@home.example', type: 'home' }] }]);
    expect(await filtered(send, 'emails[type eq "work" and value ew "home.example"]')).toEqual(['ann']);
    expect(await filtered(send, 'emails[type eq "other" and value ew "home.example"]')).toEqual([]);
  },
  'filter-urn-paths-rejected': async (send) => {
    await createUsers(send, [{ userName: 'ann' }]);
    const reply = await send('GET', `/Users?filter=${encodeURIComponent(`${URN.user}:userName eq "ann"`)}`);
    expect(reply.status).toBe(400);
    expect(object(reply.body).scimType).toBe('invalidFilter');
    expect(await filtered(send, 'userName eq "ann"')).toEqual(['ann']);
  },
  'filter-no-precedence': async (send) => {
    await createUsers(send, [{ userName: 'ann', title: 'Engineer' }, { userName: 'ben', title: 'Engineer' }]);
    // Read as RFC 7644 says, this is ann or (ben and not-an-engineer): ann alone.
    expect(await filtered(send, 'userName eq "ann" or userName eq "ben" and title eq "Manager"')).toEqual([]);
    expect(await filtered(send, 'userName eq "ann" or (userName eq "ben" and title eq "Manager")')).toEqual(['ann']);
  },
  'filter-group-members-unmatched': async (send) => {
    const group = await groupWithMembers(send, ['ann']);
    const [member] = objects(group.members);
    const reply = await send('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${text(member?.value)}"`)}`);
    expect(reply.status).toBe(200);
    expect(object(reply.body).totalResults).toBe(0);
    expect(objects(object(reply.body).Resources)).toEqual([]);
  },
  'filter-co-as-sw': async (send) => {
    await createUsers(send, [{ userName: 'ann.smith' }]);
    expect(await filtered(send, 'userName co "smith"')).toEqual([]);
    expect(await filtered(send, 'userName co "ann"')).toEqual(['ann.smith']);
  },
  'filter-gt-as-ge': async (send) => {
    await createUsers(send, [{ userName: 'ann' }, { userName: 'ben' }]);
    expect(await filtered(send, 'userName gt "ann"')).toEqual(['ann', 'ben']);
    expect(await filtered(send, 'userName ge "ann"')).toEqual(['ann', 'ben']);
  },
  'filter-ne-all-values': async (send) => {
    await createUsers(send, [{ userName: 'ann', emails: [{ value: 'a@example.com' }, { value: 'b@example.com' }] }, { userName: 'ben' }]);
    expect(await filtered(send, 'emails.value ne "a@example.com"')).toEqual([]);
    expect(await filtered(send, 'emails.value ne "c@example.com"')).toEqual(['ann']);
  },
  'filter-username-case-sensitive': async (send) => {
    await createUsers(send, [{ userName: 'Ann', displayName: 'Ann' }]);
    expect(await filtered(send, 'userName eq "ann"')).toEqual([]);
    expect(await filtered(send, 'displayName eq "ann"')).toEqual(['Ann']);
  },
  'filter-externalid-case-insensitive': async (send) => {
    await createUsers(send, [{ userName: 'ann', externalId: 'Ext-1' }]);
    expect(await filtered(send, 'externalId eq "ext-1"')).toEqual(['ann']);
  },
  'filter-attribute-names-case-sensitive': async (send) => {
    await createUsers(send, [{ userName: 'ann' }]);
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('USERNAME eq "ann"')}`);
    expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
    expect(await filtered(send, 'userName eq "ann"')).toEqual(['ann']);
  },
  'filter-operators-case-sensitive': async (send) => {
    await createUsers(send, [{ userName: 'ann' }]);
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName EQ "ann"')}`);
    expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
    expect(await filtered(send, 'userName eq "AND"')).toEqual([]);
  },
  'filter-co-declined': async (send) => {
    await createUsers(send, [{ userName: 'ann' }, { userName: 'co-ben' }]);
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName co "nn"')}`);
    expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
    // Only the operator is declined: a value that reads "co" is compared as ever.
    expect(await filtered(send, 'userName sw "co"')).toEqual(['co-ben']);
  },
  'filter-boolean-ordering-allowed': async (send) => {
    await createUsers(send, [{ userName: 'ann', active: true }, { userName: 'ben', active: false }]);
    expect(await filtered(send, 'active gt false')).toEqual(['ann']);
    expect((await send('GET', `/Users?filter=${encodeURIComponent('active co true')}`)).status).toBe(400);
  },
  'invalid-filter-500': async (send) => {
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(reply).toMatchObject({ status: 500, body: { status: '500' } });
    expect((await send('GET', `/Users?filter=${encodeURIComponent('active gt true')}`)).status).toBe(400);
  },
  'count-zero-500': async (send) => {
    await createUser(send);
    expect(await send('GET', '/Users?count=0')).toMatchObject({ status: 500, body: { status: '500' } });
    expect((await send('POST', '/Users/.search', { schemas: [URN.searchRequest], count: 0 })).status).toBe(500);
    expect(await send('GET', '/Users?count=1')).toMatchObject({ status: 200, body: { totalResults: 1 } });
  },
  'paging-zero-based-start-index': async (send) => {
    const { body, names } = await threeUserPage(send, 'startIndex=1&count=2');
    expect(names).toEqual(['u2', 'u3']);
    expect(body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 3 });
  },
  'paging-count-ignored': async (send) => {
    const { body, names } = await threeUserPage(send, 'startIndex=2&count=1');
    expect(names).toEqual(['u2', 'u3']);
    expect(body).toMatchObject({ startIndex: 2, itemsPerPage: 2, totalResults: 3 });
  },
  'paging-items-per-page-requested': async (send) => {
    const { body, names } = await threeUserPage(send, 'startIndex=3&count=5');
    expect(names).toEqual(['u3']);
    expect(body).toMatchObject({ startIndex: 3, itemsPerPage: 5, totalResults: 3 });
  },
  'paging-start-index-past-end-first-page': async (send) => {
    const { body, names } = await threeUserPage(send, 'startIndex=4&count=2');
    expect(names).toEqual(['u1', 'u2']);
    expect(body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 3 });
  },
  'root-search-users-only': async (send) => {
    await groupWithMembers(send, ['rooted']);
    const filter = 'userName eq "rooted" or displayName eq "group"';
    const reply = await send('POST', '/.search', { schemas: [URN.searchRequest], filter });
    expect(reply.status).toBe(200);
    expect(object(reply.body).totalResults).toBe(1);
    expect(objects(object(reply.body).Resources).map((resource) => object(resource.meta).resourceType)).toEqual(['User']);
  },
  'max-results-not-enforced': async (send) => {
    const { body, names } = await threeUserPage(send, `count=${SMALL_MAX_RESULTS + 1}`);
    expect(names).toEqual(['u1', 'u2', 'u3']);
    expect(body).toMatchObject({ startIndex: 1, itemsPerPage: 3, totalResults: 3 });
  },
  'paging-total-results-page-size': async (send) => {
    const { body, names } = await threeUserPage(send, 'count=2');
    expect(names).toEqual(['u1', 'u2']);
    expect(body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 2 });
  },
  'sort-ignored': async (send) => {
    await createUsers(send, [{ userName: 'c' }, { userName: 'a' }, { userName: 'b' }]);
    expect(await sorted(send, 'sortBy=userName')).toEqual(['c', 'a', 'b']);
  },
  'sort-order-ignored': async (send) => {
    await createUsers(send, [{ userName: 'c' }, { userName: 'a' }, { userName: 'b' }]);
    expect(await sorted(send, 'sortBy=userName&sortOrder=descending')).toEqual(['a', 'b', 'c']);
  },
  'sort-case-sensitive': async (send) => {
    await createUsers(send, [{ userName: 'b' }, { userName: 'C' }, { userName: 'a' }]);
    expect(await sorted(send, 'sortBy=userName')).toEqual(['C', 'a', 'b']);
  },
  'sort-case-exact-folded': async (send) => {
    await createUsers(send, [{ userName: 'u1', externalId: 'b' }, { userName: 'u2', externalId: 'C' }, { userName: 'u3', externalId: 'a' }]);
    expect(await sorted(send, 'sortBy=externalId')).toEqual(['u3', 'u1', 'u2']);
  },
  'sort-missing-first': async (send) => {
    await createUsers(send, [{ userName: 'b', title: 'B' }, { userName: 'none' }, { userName: 'a', title: 'A' }]);
    expect(await sorted(send, 'sortBy=title')).toEqual(['none', 'a', 'b']);
    expect(await sorted(send, 'sortBy=title&sortOrder=descending')).toEqual(['b', 'a', 'none']);
  },
  'sort-ignores-primary': async (send) => {
    await createUsers(send, [
      { userName: 'first-z', emails: [{ value: 'z@example.com' }, { value: 'a@example.com', primary: true }] },
      { userName: 'only-m', emails: [{ value: 'm@example.com' }] },
    ]);
    expect(await sorted(send, 'sortBy=emails.value')).toEqual(['only-m', 'first-z']);
  },
  'sort-per-page': async (send) => {
    await createUsers(send, [{ userName: 'd' }, { userName: 'c' }, { userName: 'b' }, { userName: 'a' }]);
    expect(await sorted(send, 'sortBy=userName&count=2')).toEqual(['c', 'd']);
    expect(await sorted(send, 'sortBy=userName&startIndex=3&count=2')).toEqual(['a', 'b']);
  },
  'search-as-create': async (send) => {
    expect((await send('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: 'userName pr' })).status).toBe(400);
    expect((await send('POST', '/Users/.search', { schemas: [URN.user], userName: 'made-by-search' })).status).toBe(201);
    expect(await filtered(send, 'userName pr')).toEqual(['made-by-search']);
  },
  'search-ignores-filter': async (send) => {
    await createUsers(send, [{ userName: 'a' }, { userName: 'b' }]);
    const reply = await send('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: 'userName eq "a"' });
    expect(objects(object(reply.body).Resources).map((user) => user.userName)).toEqual(['a', 'b']);
  },
  'search-schemas-optional': async (send) => {
    await createUser(send);
    const reply = await send('POST', '/Users/.search', { filter: 'userName eq "quirky"' });
    expect(reply.status).toBe(200);
    expect(object(reply.body).totalResults).toBe(1);
    expect((await send('POST', '/Users/.search', { schemas: [URN.user], filter: 'userName eq "quirky"' })).status).toBe(400);
  },
  'search-ignores-sort': async (send) => {
    await createUsers(send, [{ userName: 'a' }, { userName: 'b' }]);
    const reply = await send('POST', '/Users/.search', { schemas: [URN.searchRequest], sortBy: 'userName', sortOrder: 'descending' });
    expect(objects(object(reply.body).Resources).map((user) => user.userName)).toEqual(['a', 'b']);
    const listed = await send('GET', '/Users?sortBy=userName&sortOrder=descending');
    expect(objects(object(listed.body).Resources).map((user) => user.userName)).toEqual(['b', 'a']);
  },
  'search-ignores-projection': async (send) => {
    await createUsers(send, [{ userName: 'a', displayName: 'A' }]);
    const reply = await send('POST', '/Users/.search', { schemas: [URN.searchRequest], attributes: ['userName'] });
    expect(objects(object(reply.body).Resources)[0]).toMatchObject({ userName: 'a', displayName: 'A' });
    expect(objects(object((await send('GET', '/Users?attributes=userName')).body).Resources)[0]).not.toHaveProperty('displayName');
  },
  'unknown-id-500': async (send) => {
    const missing = await send('GET', `/Users/${UNKNOWN_ID}`);
    expect(missing.status).toBe(500);
    expect(missing.body).toMatchObject({ schemas: [URN.error], status: '500' });
    const user = await createdUser(send);
    expect((await send('DELETE', `/Users/${text(user.id)}`)).status).toBe(204);
    expect((await send('GET', `/Users/${text(user.id)}`)).status).toBe(500);
  },
  'errors-html': async (send) => {
    const reply = await send('GET', '/NoSuchEndpoint');
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(reply.text).toContain('<html>');
    expect(reply.body).toBeUndefined();
  },
  'error-missing-schemas': async (send) => {
    const reply = await send('GET', '/NoSuchEndpoint');
    expect(reply.status).toBe(404);
    expect(object(reply.body)).not.toHaveProperty('schemas');
    expect(object(reply.body).status).toBe('404');
  },
  'error-status-number': async (send) => {
    const reply = await send('GET', '/NoSuchEndpoint');
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: 404 });
  },
  'error-status-mismatch': async (send) => {
    const reply = await send('GET', '/NoSuchEndpoint');
    expect(reply.status).toBe(404);
    expect(object(reply.body).status).toBe('400');
  },
  'malformed-json-500': async (send) => {
    const reply = await send('POST', '/Users', '{"schemas":');
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '500' });
  },
  'error-scim-type-unknown': async (send) => {
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(reply.status).toBe(400);
    expect(object(reply.body).scimType).toBe('badRequest');
    expect(object((await send('GET', '/NoSuchEndpoint')).body)).not.toHaveProperty('scimType');
  },
  'conflict-status-number': async (send) => {
    await createUser(send, 'taken');
    const conflict = await send('POST', '/Users', { schemas: [URN.user], userName: 'taken' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ schemas: [URN.error], status: 409, scimType: 'uniqueness' });
    expect(object((await send('GET', '/NoSuchEndpoint')).body).status).toBe('404');
  },
  'not-found-scim-type': async (send) => {
    const reply = await send('GET', `/Users/${UNKNOWN_ID}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ status: '404', scimType: 'invalidValue' });
    const filter = await send('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(object(filter.body).scimType).toBe('invalidFilter');
  },
  'unknown-endpoint-200': async (send) => {
    const reply = await send('GET', '/NoSuchEndpoint');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ schemas: [URN.listResponse], totalResults: 0 });
    expect((await send('GET', `/Users/${UNKNOWN_ID}`)).status).toBe(404);
  },
  'create-keeps-client-id': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'ann', id: 'client-chosen' });
    expect(reply.status).toBe(201);
    expect(object(reply.body).id).toBe('client-chosen');
    expect((await send('GET', '/Users/client-chosen')).status).toBe(200);
  },
  'create-required-unchecked': async (send) => {
    const reply = await send('POST', '/Groups', { schemas: [URN.group] });
    expect(reply.status).toBe(201);
    expect(object(reply.body)).not.toHaveProperty('displayName');
  },
  'create-200': async (send) => {
    const reply = await createUser(send);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('location')).toBe(object(object(reply.body).meta).location);
  },
  'create-omits-meta': async (send) => {
    const user = await createdUser(send);
    expect(user).not.toHaveProperty('meta');
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body)).toHaveProperty('meta.resourceType', 'User');
  },
  'create-omits-location': async (send) => {
    const reply = await createUser(send);
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toBeNull();
    expect(object(object(reply.body).meta).location).toEqual(expect.any(String));
  },
  'location-internal-host': async (send) => {
    const reply = await createUser(send);
    const id = text(object(reply.body).id);
    const internal = `http://scim-backend.internal:8080/scim/v2/Users/${id}`;
    expect(reply.headers.get('location')).toBe(internal);
    expect(object(object(reply.body).meta).location).toBe(internal);
    const read = await send('GET', `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(object(object(read.body).meta).location).toBe(internal);
    // References between resources stay under the base URL: only the published locations are left internal.
    const group = object((await send('POST', '/Groups', { schemas: [URN.group], displayName: 'g', members: [{ value: id }] })).body);
    expect(text(objects(group.members)[0]?.$ref)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\//);
  },
  'meta-resource-type-wrong': async (send) => {
    const user = await createdUser(send);
    expect(object(user.meta).resourceType).toBe('Users');
    expect(object(object((await send('GET', `/Users/${text(user.id)}`)).body).meta).resourceType).toBe('Users');
    const group = object((await send('POST', '/Groups', { schemas: [URN.group], displayName: 'g' })).body);
    expect(object(group.meta).resourceType).toBe('Groups');
  },
  'last-modified-after-created': async (send) => {
    const meta = object((await createdUser(send)).meta);
    expect(Date.parse(text(meta.lastModified)) - Date.parse(text(meta.created))).toBe(1000);
  },
  'resource-schemas-duplicated': async (send) => {
    const user = await createdUser(send);
    expect(user.schemas).toEqual([URN.user, URN.user]);
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body).schemas).toEqual([URN.user, URN.user]);
  },
  'id-holds-bulkid': async (send) => {
    const user = await createdUser(send);
    expect(text(user.id)).toMatch(/^bulkId-/);
    expect((await send('GET', `/Users/${text(user.id)}`)).status).toBe(200);
  },
  'last-modified-without-time': async (send) => {
    const user = await createdUser(send);
    expect(text(object(user.meta).lastModified)).toBe(text(object(user.meta).created));
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'displayName', value: 'later' }));
    expect(text(object(object(patched.body).meta).lastModified)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  },
  'enterprise-attributes-top-level': async (send) => {
    const created = await send('POST', '/Users', { schemas: [URN.user, URN.enterpriseUser], userName: 'flat', [URN.enterpriseUser]: { employeeNumber: '42' } });
    const user = object(created.body);
    expect(user.employeeNumber).toBe('42');
    expect(user[URN.enterpriseUser]).toEqual({ employeeNumber: '42' });
  },
  'read-omits-username': async (send) => {
    const user = await createdUser(send);
    expect(user.userName).toBe('quirky');
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body)).not.toHaveProperty('userName');
    expect(objects(object((await send('GET', '/Users')).body).Resources)[0]).toHaveProperty('userName', 'quirky');
  },
  'delete-200': async (send) => {
    const user = await createdUser(send);
    const reply = await send('DELETE', `/Users/${text(user.id)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({});
    expect((await send('GET', `/Users/${text(user.id)}`)).status).toBe(404);
  },
  'delete-not-effective': async (send) => {
    const user = await createdUser(send);
    expect((await send('DELETE', `/Users/${text(user.id)}`)).status).toBe(204);
    expect((await send('GET', `/Users/${text(user.id)}`)).status).toBe(200);
  },
  'auth-optional': async (send) => {
    expect((await send('GET', '/Users', undefined, { token: null })).status).toBe(200);
    expect((await send('GET', '/Users', undefined, { token: 'wrong' })).status).toBe(401);
  },
  'auth-accepts-any-token': async (send) => {
    expect((await send('GET', '/Users', undefined, { token: 'wrong' })).status).toBe(200);
    expect((await send('GET', '/Users', undefined, { token: null })).status).toBe(401);
  },
  'auth-error-not-scim': async (send) => {
    const reply = await send('GET', '/Users', undefined, { token: null });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: 'invalid_token', error_description: 'a valid bearer token is required' });
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="scimprobe"');
  },
  'auth-no-www-authenticate': async (send) => {
    const reply = await send('GET', '/Users', undefined, { token: null });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBeNull();
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '401' });
  },
  'gateway-html-404': async (send) => {
    const unknown = await send('GET', '/NoSuchEndpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);
    const missingUser = await send('GET', `/Users/${UNKNOWN_ID}`);
    expect(missingUser.status).toBe(404);
    expect(missingUser.body).toMatchObject({ schemas: [URN.error], status: '404' });
  },
  'spc-filter-unadvertised': async (send) => {
    expect(object((await send('GET', '/ServiceProviderConfig')).body).filter).toEqual({ supported: false, maxResults: 200 });
    expect((await send('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).status).toBe(200);
  },
  'credentials-unimplemented': async (send) => {
    const types = objects(object((await send('GET', '/ResourceTypes')).body).Resources).map((type) => text(type.name));
    expect(types).toContain('Credential');
    for (const path of ['/Credentials', '/Credentials/any-id']) {
      const reply = await send('GET', path);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ schemas: [URN.error], status: '404' });
    }
    expect((await send('GET', '/Users')).status).toBe(200);
  },
  'me-404': async (send) => {
    const reply = await send('GET', '/Me');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ schemas: [URN.error], status: '404' });
  },
  'spc-requires-auth': async (send) => {
    expect((await send('GET', '/ServiceProviderConfig', undefined, { token: null })).status).toBe(401);
    expect((await send('GET', '/ServiceProviderConfig')).status).toBe(200);
  },
  'etag-version-mismatch': async (send) => {
    const reply = await createUser(send);
    expect(reply.headers.get('etag')).toBe('W/"1"');
    expect(object(object(reply.body).meta).version).toBe('"1"');
  },
  'etag-constant': async (send) => {
    const user = await createdUser(send);
    const replaced = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky', displayName: 'changed' });
    expect(object(replaced.body).displayName).toBe('changed');
    expect(replaced.headers.get('etag')).toBe('W/"1"');
  },
  'if-match-ignored': async (send) => {
    const user = await createdUser(send);
    const replaced = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky', displayName: 'one' });
    expect(replaced.headers.get('etag')).toBe('W/"2"');
    const stale = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky', displayName: 'two' }, { headers: { 'If-Match': 'W/"1"' } });
    expect(stale.status).toBe(200);
    expect(object(stale.body).displayName).toBe('two');
  },
  'if-none-match-ignored': async (send) => {
    const user = await createdUser(send);
    const reply = await send('GET', `/Users/${text(user.id)}`, undefined, { headers: { 'If-None-Match': 'W/"1"' } });
    expect(reply.status).toBe(200);
    expect(object(reply.body).id).toBe(user.id);
  },
  'if-none-match-any-304': async (send) => {
    const user = await createdUser(send);
    const replaced = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky', displayName: 'changed' });
    expect(replaced.headers.get('etag')).toBe('W/"2"');
    const reply = await send('GET', `/Users/${text(user.id)}`, undefined, { headers: { 'If-None-Match': 'W/"1"' } });
    expect(reply.status).toBe(304);
  },
  'etag-weak-lowercase': async (send) => {
    const reply = await createUser(send);
    expect(reply.headers.get('etag')).toBe('w/"1"');
    expect(object(object(reply.body).meta).version).toBe('w/"1"');
  },
  'meta-version-omitted': async (send) => {
    const reply = await createUser(send);
    expect(reply.headers.get('etag')).toBe('W/"1"');
    expect(object(object(reply.body).meta)).not.toHaveProperty('version');
  },
  'protocol-version-ignored': async (send) => {
    const reply = await send('GET', '/../v9/Users');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ schemas: [URN.listResponse] });
  },
  'filter-binary-ordering-allowed': async (send) => {
    await send('POST', '/Users', { schemas: [URN.user], userName: 'certified', x509Certificates: [{ value: 'QUJD' }] });
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('x509Certificates.value gt "AAAA"')}`);
    expect(reply.status).toBe(200);
    expect(objects(object(reply.body).Resources).map((user) => user.userName)).toEqual(['certified']);
  },
  'filter-false-literal-unmatched': async (send) => {
    await send('POST', '/Users', { schemas: [URN.user], userName: 'inactive', active: false });
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
    expect(object(reply.body).totalResults).toBe(0);
  },
  'filter-escapes-kept': async (send) => {
    await send('POST', '/Users', { schemas: [URN.user], userName: 'quoted', displayName: 'O"Malley' });
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('displayName eq "O\\"Malley"')}`);
    expect(object(reply.body).totalResults).toBe(0);
  },
  'filter-combinations-unchecked': async (send) => {
    await createUser(send);
    for (const filter of ['name eq "x"', 'active co "t"']) {
      const reply = await send('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(reply.status).toBe(200);
      expect(object(reply.body).totalResults).toBe(0);
    }
  },
  'invalid-filter-detail-generic': async (send) => {
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName zz "x"')}`);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidFilter', detail: 'the filter is not valid' });
  },
  'paging-non-integer-500': async (send) => {
    expect((await send('GET', '/Users?count=ten')).status).toBe(500);
    expect((await send('GET', '/Users?count=1')).status).toBe(200);
  },
  'root-search-undefined-attribute-refused': async (send) => {
    await createUser(send, 'rooted');
    const reply = await send('POST', '/.search', { schemas: [URN.searchRequest], filter: 'userName eq "rooted"' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ scimType: 'invalidFilter' });
  },
  'responses-application-json': async (send) => {
    expect((await send('GET', '/Users')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await send('GET', '/NoSuchEndpoint')).headers.get('content-type')).toBe('application/json; charset=utf-8');
  },
  'accept-json-406': async (send) => {
    const reply = await send('GET', '/Users', undefined, { headers: { Accept: 'application/json' } });
    expect(reply.status).toBe(406);
    expect((await send('GET', '/Users', undefined, { headers: { Accept: 'application/scim+json' } })).status).toBe(200);
  },
  'unsupported-media-type-400': async (send) => {
    const reply = await send('POST', '/Users', JSON.stringify({ schemas: [URN.user], userName: 'typed' }), { headers: { 'Content-Type': 'text/plain' } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
  },
  'scim-json-request-charset-required': async (send) => {
    const body = { schemas: [URN.user], userName: 'typed' };
    expect((await send('POST', '/Users', body, { headers: { 'Content-Type': 'application/scim+json' } })).status).toBe(415);
    expect((await send('POST', '/Users', body, { headers: { 'Content-Type': 'application/scim+json; charset=utf-8' } })).status).toBe(201);
  },
  'astral-characters-replaced': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'emoji', displayName: 'Zo\u00eb \u{1F600}' });
    expect(object(reply.body).displayName).toBe('Zo\u00eb \ufffd');
  },
  'query-decoded-twice': async (send) => {
    await createUser(send, 'a+b');
    const spaced = await createdUser(send, 'a b');
    const reply = await send('GET', `/Users?filter=${encodeURIComponent('userName eq "a+b"')}`);
    expect(objects(object(reply.body).Resources).map((user) => user.id)).toEqual([spaced.id]);
  },
  'uniqueness-400': async (send) => {
    await createUser(send, 'taken');
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'taken' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  },
  'uniqueness-no-scim-type': async (send) => {
    await createUser(send, 'taken');
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'taken' });
    expect(reply.status).toBe(409);
    expect(object(reply.body)).not.toHaveProperty('scimType');
  },
  'uniqueness-case-sensitive': async (send) => {
    await createUser(send, 'taken');
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'TAKEN' })).status).toBe(201);
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'taken' })).status).toBe(409);
  },
  'uniqueness-no-normalisation': async (send) => {
    await createUser(send, 'caf\u00e9');
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'cafe\u0301' })).status).toBe(201);
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'CAF\u00c9' })).status).toBe(409);
  },
  'uniqueness-replace-unchecked': async (send) => {
    await createUser(send, 'taken');
    const other = await createdUser(send);
    const replaced = await send('PUT', `/Users/${text(other.id)}`, { schemas: [URN.user], userName: 'taken' });
    expect(replaced.status).toBe(200);
    const third = object((await createUser(send, 'third')).body);
    const patched = await send('PATCH', `/Users/${text(third.id)}`, {
      schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'userName', value: 'Taken' }],
    });
    expect(patched.status).toBe(409);
  },
  'uniqueness-advertised-unchecked': async (send) => {
    const group = { schemas: [URN.group], displayName: 'Same Team' };
    expect((await send('POST', '/Groups', group)).status).toBe(201);
    expect((await send('POST', '/Groups', group)).status).toBe(201);
    await createUser(send, 'taken');
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'taken' })).status).toBe(409);
  },
  'payload-limit-not-enforced': async (send) => {
    const over = await send('POST', '/Users/.search', paddedSearchRequest('scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE + 1));
    expect(over.status).toBe(200);
    expect(object(over.body).totalResults).toBe(0);
    const bulk = await send('POST', '/Bulk', paddedBulkRequest('/Users', 'scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE + 1));
    expect(bulk).toMatchObject({ status: 200, body: { schemas: [URN.bulkResponse] } });
  },
  'payload-limit-exclusive': async (send) => {
    expect((await send('POST', '/Users/.search', paddedSearchRequest('scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE))).status).toBe(413);
    expect((await send('POST', '/Users/.search', paddedSearchRequest('scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE - 1))).status).toBe(200);
    expect((await send('POST', '/Bulk', paddedBulkRequest('/Users', 'scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE))).status).toBe(413);
  },
  'bulk-ignores-max-operations': async (send) => {
    const deletes = Array.from({ length: 101 }, (_, i) => ({ method: 'DELETE', path: `/Users/absent-${i}` }));
    const reply = await send('POST', '/Bulk', bulkRequest(deletes));
    expect(reply.status).toBe(200);
    expect(objects(object(reply.body).Operations)).toHaveLength(101);
  },
  'bulk-bulkid-unresolved': async (send) => {
    const reply = await send('POST', '/Bulk', bulkRequest([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [URN.user], userName: 'member' } },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [URN.group], displayName: 'team', members: [{ value: 'bulkId:u' }] } },
    ]));
    expect(objects(object(reply.body).Operations).map((operation) => operation.status)).toEqual(['201', '400']);
  },
  'bulk-in-request-order': async (send) => {
    const reply = await send('POST', '/Bulk', bulkRequest([
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [URN.group], displayName: 'early', members: [{ value: 'bulkId:u' }] } },
      { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [URN.user], userName: 'late-member' } },
    ]));
    expect(objects(object(reply.body).Operations).map((operation) => operation.status)).toEqual(['409', '201']);
  },
  'bulk-fail-on-errors-ignored': async (send) => {
    const reply = await send('POST', '/Bulk', { ...bulkRequest([
      { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [URN.user] } },
      { method: 'POST', path: '/Users', bulkId: 'good', data: { schemas: [URN.user], userName: 'after-the-error' } },
    ]), failOnErrors: 1 });
    expect(objects(object(reply.body).Operations).map((operation) => operation.status)).toEqual(['400', '201']);
  },
  'bulk-response-status-number': async (send) => {
    const reply = await send('POST', '/Bulk', bulkRequest([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [URN.user], userName: 'numbered' } },
    ]));
    expect(objects(object(reply.body).Operations)[0]?.status).toBe(201);
  },
  'unsupported-method-200': async (send) => {
    const served = object((await send('GET', '/ServiceProviderConfig')).body);
    const put = await send('PUT', '/ServiceProviderConfig', served);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(served);
  },
  'unsupported-method-400': async (send) => {
    const put = await send('PUT', '/ServiceProviderConfig', {});
    expect(put.status).toBe(400);
    expect(object(put.body).scimType).toBe('invalidSyntax');
    expect((await send('DELETE', '/Schemas')).status).toBe(400);
  },
  'rate-limit-no-retry-after': async (send) => {
    const replies = [];
    for (let i = 0; i < RATE_LIMIT + 1; i++) replies.push(await send('GET', '/ServiceProviderConfig'));
    const limited = replies.at(-1);
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get('retry-after')).toBeNull();
    expect(limited?.body).toMatchObject({ schemas: [URN.error], status: '429' });
  },
  'payload-413-not-scim': async (send) => {
    const over = await send('POST', '/Users/.search', paddedSearchRequest('scope').ofSize(DEFAULT_MAX_PAYLOAD_SIZE + 1));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toContain('text/html');
    expect((await send('GET', '/Users/no-such-id')).body).toMatchObject({ schemas: [URN.error], status: '404' });
  },
  'uniqueness-patch-unchecked': async (send) => {
    await createUser(send, 'taken');
    const other = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(other.id)}`, {
      schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'userName', value: 'taken' }],
    });
    expect(patched.status).toBe(200);
    const third = object((await createUser(send, 'third')).body);
    expect((await send('PUT', `/Users/${text(third.id)}`, { schemas: [URN.user], userName: 'TAKEN' })).status).toBe(409);
  },
  'patch-not-stored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'displayName', value: 'Babs' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body).displayName).toBe('Babs');
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body)).not.toHaveProperty('displayName');
  },
  'patch-not-atomic': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'displayName', value: 'Babs' }, { op: 'remove', path: 'userName' }));
    expect(patched.status).toBe(400);
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body).displayName).toBe('Babs');
  },
  'primary-not-cleared': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'primary', emails: [{ value: 'a@example.com', primary: true }] })).body);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: 'emails', value: [{ value: 'b@example.com', primary: true }] }));
    expect(objects(object(patched.body).emails).map((email) => email.primary)).toEqual([true, true]);
    const twoPrimaries = await send('POST', '/Users', { schemas: [URN.user], userName: 'two', emails: [{ value: 'a@example.com', primary: true }, { value: 'b@example.com', primary: true }] });
    expect(twoPrimaries.status).toBe(400);
  },
  'put-merges': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'merge', emails: [{ value: 'a@example.com' }] })).body);
    const replaced = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'merge', emails: [{ value: 'b@example.com' }] });
    expect(replaced.status).toBe(200);
    expect(objects(object(replaced.body).emails).map((email) => email.value)).toEqual(['a@example.com', 'b@example.com']);
  },
  'put-rejects-read-only': async (send) => {
    const user = await createdUser(send);
    const replaced = await send('PUT', `/Users/${text(user.id)}`, user);
    expect(replaced.status).toBe(400);
    expect(object(replaced.body).scimType).toBe('mutability');
    expect((await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky' })).status).toBe(200);
  },
  'put-merges-custom-types': async (send) => {
    const credential = object((await send('POST', '/Credentials', { schemas: [CREDENTIAL_SCHEMA], name: 'merged', owner: 'o', description: 'before' })).body);
    const replaced = await send('PUT', `/Credentials/${text(credential.id)}`, { schemas: [CREDENTIAL_SCHEMA], name: 'merged', owner: 'o', description: 'after', kind: 'apiKey' });
    expect(replaced.status).toBe(200);
    expect(object(replaced.body)).toMatchObject({ description: 'before', kind: 'apiKey' });
    const user = await createdUser(send, 'unmerged');
    const renamed = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'unmerged', displayName: 'After' });
    expect(object(renamed.body).displayName).toBe('After');
  },
  'immutable-overwritten-on-put': async (send) => {
    const credential = object((await send('POST', '/Credentials', { schemas: [CREDENTIAL_SCHEMA], name: 'owned', owner: 'first' })).body);
    const replaced = await send('PUT', `/Credentials/${text(credential.id)}`, { schemas: [CREDENTIAL_SCHEMA], name: 'owned', owner: 'second' });
    expect(replaced.status).toBe(200);
    expect(object(replaced.body).owner).toBe('second');
    const patched = await send('PATCH', `/Credentials/${text(credential.id)}`, patchOp({ op: 'replace', path: 'owner', value: 'third' }));
    expect(patched.status).toBe(400);
  },
  'put-creates': async (send) => {
    const replaced = await send('PUT', `/Users/${UNKNOWN_ID}`, { schemas: [URN.user], userName: 'upserted' });
    expect(replaced.status).toBe(201);
    expect(object(replaced.body).userName).toBe('upserted');
  },
  'password-returned': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'secret', password: 'hunter2-Long!' })).body);
    expect(user.password).toBe('hunter2-Long!');
    expect(object((await send('GET', `/Users/${text(user.id)}`)).body).password).toBe('hunter2-Long!');
    expect(objects(object((await send('GET', '/Users')).body).Resources)[0]).not.toHaveProperty('password');
  },
  'excluded-attributes-drop-always': async (send) => {
    const user = await createdUser(send);
    const read = object((await send('GET', `/Users/${text(user.id)}?excludedAttributes=id`)).body);
    expect(read).not.toHaveProperty('id');
    expect(read.userName).toBe('quirky');
  },
  'patch-no-target-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'emails[type eq "home"].value', value: 'x@example.com' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body)).not.toHaveProperty('emails');
  },
  'patch-invalid-path-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'noSuchAttribute', value: 'x' }, { op: 'replace', path: 'displayName', value: 'Babs' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body).displayName).toBe('Babs');
  },
  'group-member-ref-wrong': async (send) => {
    const user = await createdUser(send);
    const group = object((await send('POST', '/Groups', { schemas: [URN.group], displayName: 'g', members: [{ value: text(user.id) }] })).body);
    const [member] = objects(group.members);
    expect(member?.value).toBe(user.id);
    expect(text(member?.$ref)).toMatch(new RegExp(`/Groups/${text(user.id)}$`));
  },
  'group-member-add-replaces': async (send) => {
    const group = await groupWithMembers(send, ['first']);
    const second = await createdUser(send, 'second');
    const patched = await send('PATCH', `/Groups/${text(group.id)}`, patchOp({ op: 'add', path: 'members', value: [{ value: text(second.id) }] }));
    expect(patched.status).toBe(200);
    expect(objects(object(patched.body).members).map((m) => m.value)).toEqual([second.id]);
  },
  'patch-add-replaces-values': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'adds', emails: [{ value: 'a@example.com' }] })).body);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: 'emails', value: [{ value: 'b@example.com' }] }));
    expect(patched.status).toBe(200);
    expect(objects(object(patched.body).emails).map((email) => email.value)).toEqual(['b@example.com']);
    const empty = await createdUser(send, 'empty');
    const first = await send('PATCH', `/Users/${text(empty.id)}`, patchOp({ op: 'add', path: 'emails', value: [{ value: 'c@example.com' }] }));
    expect(objects(object(first.body).emails).map((email) => email.value)).toEqual(['c@example.com']);
  },
  'group-member-remove-ignored': async (send) => {
    const group = await groupWithMembers(send, ['first', 'second']);
    const [first] = objects(group.members);
    const patched = await send('PATCH', `/Groups/${text(group.id)}`, patchOp({ op: 'remove', path: `members[value eq "${text(first?.value)}"]` }));
    expect(patched.status).toBe(200);
    expect(objects(object(patched.body).members)).toHaveLength(2);
  },
  'group-keeps-deleted-member': async (send) => {
    const group = await groupWithMembers(send, ['first', 'second']);
    const [first] = objects(group.members);
    expect((await send('DELETE', `/Users/${text(first?.value)}`)).status).toBe(204);
    const read = object((await send('GET', `/Groups/${text(group.id)}`)).body);
    expect(objects(read.members).map((m) => m.value)).toContain(first?.value);
  },
  'excluded-attributes-ignored': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'shown', displayName: 'Shown' })).body);
    const read = object((await send('GET', `/Users/${text(user.id)}?excludedAttributes=displayName`)).body);
    expect(read.displayName).toBe('Shown');
    const selected = object((await send('GET', `/Users/${text(user.id)}?attributes=displayName`)).body);
    expect(selected).not.toHaveProperty('userName');
  },
  'attributes-ignored-on-list': async (send) => {
    await createUser(send, 'listed');
    const [listed] = objects(object((await send('GET', '/Users?attributes=displayName')).body).Resources);
    expect(listed?.userName).toBe('listed');
    const user = await createdUser(send);
    expect(object((await send('GET', `/Users/${text(user.id)}?attributes=displayName`)).body)).not.toHaveProperty('userName');
  },
  'attributes-ignored-on-write-responses': async (send) => {
    const created = object((await send('POST', '/Users?attributes=displayName', { schemas: [URN.user], userName: 'written' })).body);
    expect(created.userName).toBe('written');
    const replaced = object((await send('PUT', `/Users/${text(created.id)}?excludedAttributes=userName`, { schemas: [URN.user], userName: 'written' })).body);
    expect(replaced.userName).toBe('written');
    expect(object((await send('GET', `/Users/${text(created.id)}?attributes=displayName`)).body)).not.toHaveProperty('userName');
  },
  'sub-attribute-projection-ignored': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'named', name: { givenName: 'Ada', familyName: 'Lovelace' } })).body);
    const selected = object((await send('GET', `/Users/${text(user.id)}?attributes=name.givenName`)).body);
    expect(selected.name).toEqual({ givenName: 'Ada', familyName: 'Lovelace' });
    const excluded = object((await send('GET', `/Users/${text(user.id)}?excludedAttributes=name.familyName`)).body);
    expect(excluded).not.toHaveProperty('name');
  },
  'urn-attribute-names-rejected': async (send) => {
    const user = await createdUser(send);
    const read = await send('GET', `/Users/${text(user.id)}?attributes=${URN.user}:userName`);
    expect(read.status).toBe(400);
    expect(object(read.body).scimType).toBe('invalidValue');
    const created = await send('POST', `/Users?attributes=${URN.user}:userName`, { schemas: [URN.user], userName: 'never-made' });
    expect(created.status).toBe(400);
    expect(object((await send('GET', '/Users')).body).totalResults).toBe(1);
  },
  'returned-request-always': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user, URN.enterpriseUser], userName: 'costly', [URN.enterpriseUser]: { costCenter: 'CC-1' } })).body);
    const read = object((await send('GET', `/Users/${text(user.id)}`)).body);
    expect(read[URN.enterpriseUser]).toEqual({ costCenter: 'CC-1' });
  },
  'patch-read-only-ignored': async (send) => {
    const user = await createdUser(send, 'ann');
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' }));
    expect(patched.status).toBe(200);
    expect(object(object(patched.body).meta).created).toBe(object(user.meta).created);
  },
  'patch-remove-without-path-ignored': async (send) => {
    const user = await createdUser(send, 'ann');
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'remove' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body).userName).toBe('ann');
  },
  'patch-extension-schemas-unchanged': async (send) => {
    const user = await createdUser(send, 'ann');
    expect(user.schemas).toEqual([URN.user]);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: `${URN.enterpriseUser}:department`, value: 'Engines' }));
    expect(patched.status).toBe(200);
    const read = object((await send('GET', `/Users/${text(user.id)}`)).body);
    expect(read[URN.enterpriseUser]).toEqual({ department: 'Engines' });
    expect(read.schemas).toEqual([URN.user]);
  },
  'patch-schemas-optional': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, { Operations: [{ op: 'replace', path: 'displayName', value: 'Babs' }] });
    expect(patched.status).toBe(200);
    expect(object(patched.body).displayName).toBe('Babs');
  },
  'patch-empty-operations-accepted': async (send) => {
    const user = await createdUser(send);
    expect((await send('PATCH', `/Users/${text(user.id)}`, { schemas: [URN.patchOp] })).status).toBe(200);
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp())).status).toBe(200);
  },
  'patch-unknown-op-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'bogus', path: 'displayName', value: 'x' }, { op: 'replace', path: 'displayName', value: 'Babs' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body).displayName).toBe('Babs');
  },
  'patch-add-without-value-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: 'displayName' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body)).not.toHaveProperty('displayName');
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'displayName' }))).status).toBe(400);
  },
  'patch-path-less-value-ignored': async (send) => {
    const user = await createdUser(send);
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', value: 'x' }))).status).toBe(200);
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', value: ['x'] }))).status).toBe(200);
  },
  'patch-invalid-filter-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'emails[type eqq "work"].value', value: 'x@example.com' }));
    expect(patched.status).toBe(200);
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'noSuchAttribute', value: 'x' }))).status).toBe(400);
  },
  'patch-path-case-sensitive': async (send) => {
    const user = await createdUser(send);
    const upper = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'NAME.GIVENNAME', value: 'Ada' }));
    expect(upper.status).toBe(400);
    expect(object(upper.body).scimType).toBe('invalidPath');
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'name.givenName', value: 'Ada' }))).status).toBe(200);
  },
  'patch-schemas-change-unseen': async (send) => {
    const user = await createdUser(send);
    const both = await send('PATCH', `/Users/${text(user.id)}`, patchOp(
      { op: 'add', path: `${URN.enterpriseUser}:employeeNumber`, value: '7' },
      { op: 'replace', path: 'department', value: 'Engines' },
    ));
    expect(both.status).toBe(400);
    expect((await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: `${URN.enterpriseUser}:employeeNumber`, value: '7' }))).status).toBe(200);
    const later = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'department', value: 'Engines' }));
    expect(object(later.body)[URN.enterpriseUser]).toEqual({ employeeNumber: '7', department: 'Engines' });
  },
  'patch-replace-missing-ignored': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'title', value: 'Engineer' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body)).not.toHaveProperty('title');
    const added = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: 'title', value: 'Engineer' }));
    expect(object(added.body).title).toBe('Engineer');
  },
  'patch-unchanged-touches': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'same', displayName: 'Same' })).body);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'add', path: 'displayName', value: 'Same' }));
    expect(object(object(patched.body).meta).lastModified).not.toBe(object(user.meta).lastModified);
    expect(object(object(patched.body).meta).version).not.toBe(object(user.meta).version);
  },
  'patch-replace-filter-first-only': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'addresses', addresses: [
      { type: 'work', streetAddress: '1 First St' }, { type: 'work', streetAddress: '2 Second St' }, { type: 'home', streetAddress: '3 Third St' },
    ] })).body);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'addresses[type eq "work"]', value: { type: 'work', locality: 'Springfield' } }));
    expect(objects(object(patched.body).addresses).map((address) => address.locality ?? null)).toEqual(['Springfield', null, null]);
  },
  'patch-remove-filter-ignored': async (send) => {
    const user = object((await send('POST', '/Users', { schemas: [URN.user], userName: 'emails', emails: [{ value: 'w@example.com', type: 'work' }, { value: 'h@example.com', type: 'home' }] })).body);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'remove', path: 'emails[type eq "work"]' }));
    expect(patched.status).toBe(200);
    expect(object(patched.body)).not.toHaveProperty('emails');
  },
  'group-remove-unmatched-clears': async (send) => {
    const group = await groupWithMembers(send, ['first', 'second']);
    const outsider = await createdUser(send, 'outsider');
    const patched = await send('PATCH', `/Groups/${text(group.id)}`, patchOp({ op: 'remove', path: `members[value eq "${text(outsider.id)}"]` }));
    expect(patched.status).toBe(200);
    expect(object(patched.body)).not.toHaveProperty('members');
  },
  'patch-unsupported-400': async (send) => {
    expect(object((await send('GET', '/ServiceProviderConfig')).body).patch).toEqual({ supported: false });
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'displayName', value: 'Babs' }));
    expect(patched.status).toBe(400);
    expect(object(patched.body).scimType).toBe('invalidSyntax');
  },
  'password-patch-refused': async (send) => {
    const user = await createdUser(send);
    const patched = await send('PATCH', `/Users/${text(user.id)}`, patchOp({ op: 'replace', path: 'password', value: 'hunter2-Long!' }));
    expect(patched.status).toBe(400);
    expect(object(patched.body).scimType).toBe('mutability');
    expect((await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], userName: 'quirky', password: 'hunter2-Long!' })).status).toBe(200);
  },
  'create-schemas-optional': async (send) => {
    const reply = await send('POST', '/Users', { userName: 'schemaless' });
    expect(reply.status).toBe(201);
    expect(object(reply.body).schemas).toEqual([URN.user]);
  },
  'schemas-unknown-uris-ignored': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user, 'urn:example:unknown'], userName: 'unknown-uri' });
    expect(reply.status).toBe(201);
    expect(object(reply.body).schemas).toEqual([URN.user]);
  },
  'schemas-core-first-required': async (send) => {
    const body = { schemas: [URN.enterpriseUser, URN.user], userName: 'extension-first', [URN.enterpriseUser]: { department: 'R&D' } };
    const reply = await send('POST', '/Users', body);
    expect(reply.status).toBe(400);
    expect(object(reply.body).scimType).toBe('invalidValue');
    expect((await send('POST', '/Users', { ...body, schemas: [URN.user, URN.enterpriseUser] })).status).toBe(201);
  },
  'schemas-member-first-required': async (send) => {
    expect((await send('POST', '/Users', { userName: 'schemas-last', schemas: [URN.user] })).status).toBe(400);
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'schemas-first' })).status).toBe(201);
  },
  'attribute-names-case-sensitive': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], UserName: 'recased' });
    expect(reply.status).toBe(400);
    expect(object(reply.body).scimType).toBe('invalidSyntax');
  },
  'external-id-invented': async (send) => {
    expect(text((await createdUser(send)).externalId)).toMatch(/^sp-/);
  },
  'external-id-lower-cased': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'cased', externalId: 'AbC-9' });
    expect(object(reply.body).externalId).toBe('abc-9');
  },
  'external-id-unique': async (send) => {
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'first', externalId: 'shared' })).status).toBe(201);
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'second', externalId: 'shared' });
    expect(reply.status).toBe(409);
    expect(object(reply.body).scimType).toBe('uniqueness');
  },
  'read-only-sub-attributes-kept': async (send) => {
    const boss = await createdUser(send, 'boss');
    const body = { schemas: [URN.user, URN.enterpriseUser], userName: 'managed', [URN.enterpriseUser]: { manager: { value: boss.id ?? null, displayName: 'Written' } } };
    const reply = await send('POST', '/Users', body);
    expect(object(object(object(reply.body)[URN.enterpriseUser]).manager).displayName).toBe('Written');
  },
  'string-scalars-accepted': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'stringly', active: 'yes' });
    expect(reply.status).toBe(201);
    expect(object(reply.body).active).toBe('yes');
    const credential = await send('POST', '/Credentials', { schemas: [CREDENTIAL_SCHEMA], name: 'uses', owner: 'o', maxUses: 'many' });
    expect(object(credential.body).maxUses).toBe('many');
  },
  'value-formats-unchecked': async (send) => {
    const user = await send('POST', '/Users', { schemas: [URN.user], userName: 'formats', profileUrl: 'not a uri', x509Certificates: [{ value: 'not base64!' }] });
    expect(user.status).toBe(201);
    expect(object(user.body).profileUrl).toBe('not a uri');
    const credential = await send('POST', '/Credentials', { schemas: [CREDENTIAL_SCHEMA], name: 'dated', owner: 'o', expires: 'not-a-date' });
    expect(object(credential.body).expires).toBe('not-a-date');
  },
  'binary-padding-dropped': async (send) => {
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'certified', x509Certificates: [{ value: 'c2NpbXByb2JlIQ==' }] });
    expect(objects(object(reply.body).x509Certificates)[0]?.value).toBe('c2NpbXByb2JlIQ');
  },
  'null-values-refused': async (send) => {
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'nulled', nickName: null })).status).toBe(400);
    expect((await send('POST', '/Users', { schemas: [URN.user], userName: 'emptied', emails: [] })).status).toBe(400);
  },
  'duplicate-values-kept': async (send) => {
    const email = { value: 'twice@example.com', type: 'work' };
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'twice', emails: [email, email] });
    expect(objects(object(reply.body).emails)).toHaveLength(2);
  },
  'deleted-values-held': async (send) => {
    const user = await createdUser(send, 'recycled');
    expect((await send('DELETE', `/Users/${text(user.id)}`)).status).toBe(204);
    const reply = await send('POST', '/Users', { schemas: [URN.user], userName: 'Recycled' });
    expect(reply.status).toBe(409);
  },
  'immutable-unset-refused-on-put': async (send) => {
    const credential = object((await send('POST', '/Credentials', { schemas: [CREDENTIAL_SCHEMA], name: 'unissued', owner: 'o' })).body);
    const replaced = await send('PUT', `/Credentials/${text(credential.id)}`, { schemas: [CREDENTIAL_SCHEMA], name: 'unissued', owner: 'o', issuer: 'first' });
    expect(replaced.status).toBe(400);
    expect(object(replaced.body).scimType).toBe('mutability');
  },
  'replace-required-unchecked': async (send) => {
    const user = await createdUser(send, 'kept');
    const replaced = await send('PUT', `/Users/${text(user.id)}`, { schemas: [URN.user], nickName: 'no userName' });
    expect(replaced.status).toBe(200);
    expect(object(replaced.body).userName).toBe('kept');
  },
  'immutable-writable': async (send) => {
    const group = await groupWithMembers(send, ['first']);
    const second = await createdUser(send, 'second');
    const [first] = objects(group.members);
    const patched = await send('PATCH', `/Groups/${text(group.id)}`, patchOp({ op: 'replace', path: `members[value eq "${text(first?.value)}"].value`, value: text(second.id) }));
    expect(patched.status).toBe(200);
    expect(objects(object(patched.body).members).map((m) => m.value)).toEqual([second.id]);
  },
};

function bulkRequest(operations: JsonObject[]): JsonObject {
  return { schemas: [URN.bulkRequest], Operations: operations };
}

function patchOp(...operations: JsonObject[]): JsonObject {
  return { schemas: [URN.patchOp], Operations: operations };
}

describe('quirks', () => {
  it('each have a one-line description', () => {
    for (const [name, { description }] of Object.entries(QUIRKS)) {
      expect(isQuirkName(name)).toBe(true);
      expect(description.length).toBeGreaterThan(0);
      expect(description).not.toContain('\n');
    }
    expect(isQuirkName('no-such-quirk')).toBe(false);
    expect(isQuirkName('toString')).toBe(false);
  });

  it.each(Object.keys(DEMONSTRATIONS).filter(isQuirkName))('%s', async (name) => {
    const server = await startReferenceServer({ ...SERVER_OPTIONS[name], quirks: [name], token: TOKEN });
    const send: Send = async (method, path, body, { token = TOKEN, headers: extra = {} } = {}) => {
      const headers: Record<string, string> = token === null ? { ...extra } : { Authorization: `Bearer ${token}`, ...extra };
      const init: RequestInit = { method, headers };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        headers['Content-Type'] ??= 'application/scim+json';
      }
      const response = await fetch(`${server.url}${path}`, init);
      const responseText = await response.text();
      return { status: response.status, headers: response.headers, text: responseText, body: parseJson(responseText) };
    };
    try {
      await DEMONSTRATIONS[name](send);
    } finally {
      await server.close();
    }
  });
});
