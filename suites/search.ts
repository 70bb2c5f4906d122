/**
 * Queries by POST {endpoint}/.search (RFC 7644 §3.4.3): over the suite's own users, a SearchRequest
 * must answer what the same query by GET answers, honour the projection it carries, need its
 * `schemas`, and create nothing. Nothing a server publishes says whether it serves a query at the server
 * root, so POST {base}/.search is probed: a server that serves it must list the resources of every type
 * the same filter lists on each endpoint.
 */
import { REFUSALS } from '../src/checks/refusals.js';
import { answered, ConformanceFailure, fail, verify, verifyScimType } from '../src/runner/failure.js';
import {
  datasetSearchRequest,
  describeUsers,
  queryDataset,
  readListAnswer,
  scopedFilter,
  searchDataset,
  useQueryDataset,
  type QueryDataset,
} from '../src/runner/query-dataset.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { readListPage } from '../src/scim/list-response.js';
import { schemasOf, show, stringMember } from '../src/scim/messages.js';
import type { ResourceTypeDefinition } from '../src/scim/schema.js';
import { applyTemplate } from '../src/scim/template.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const dataset = useQueryDataset(suite, 'search');

/** Filters within the dataset (none: all of it) that GET and POST must answer alike. */
const FILTERS = [undefined, 'title eq "Engineer"', 'active eq true or displayName sw "Bob"'];

/** A window of the full result: RFC 7644 §3.4.2.4's startIndex and count, as JSON integers in the body. */
const WINDOW = { startIndex: 2, count: 2 };

function sameIds(left: string[], right: string[]): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

suite.check('search.same-as-get', async (t) => {
  const users = dataset(t);
  const all = { count: users.users.length };
  for (const filter of FILTERS) {
    const got = await queryDataset(t.client, users, all, filter);
    const searched = await searchDataset(t.client, users, all, filter);
    verify(
      sameIds([...searched.ids].sort(), [...got.ids].sort()) && JSON.stringify(searched.list.totalResults) === JSON.stringify(got.list.totalResults),
      `${answered(searched.response)} with totalResults ${show(searched.list.totalResults)} listing ${describeUsers(users, searched.ids)}, ` +
        `but the same query by ${answered(got.response)} with totalResults ${show(got.list.totalResults)} listing ${describeUsers(users, got.ids)}: ` +
        'RFC 7644 §3.4.3 answers a SearchRequest as the query it describes',
    );
  }
  // Judged against the full result by GET rather than a windowed GET, so a GET that pages wrongly is not blamed on the search.
  const full = await queryDataset(t.client, users, all);
  const windowed = await searchDataset(t.client, users, WINDOW);
  const expected = full.ids.slice(WINDOW.startIndex - 1, WINDOW.startIndex - 1 + WINDOW.count);
  verify(
    sameIds(windowed.ids, expected) && JSON.stringify(windowed.list.totalResults) === JSON.stringify(full.list.totalResults),
    `${answered(windowed.response)} to startIndex ${WINDOW.startIndex} and count ${WINDOW.count} with totalResults ${show(windowed.list.totalResults)} ` +
      `listing ${describeUsers(users, windowed.ids)}, expected totalResults ${show(full.list.totalResults)} and ${describeUsers(users, expected)}: ` +
      `that window of the full result ${answered(full.response)} with (${describeUsers(users, full.ids)})`,
  );
});

/** totalResults of the dataset as a GET answers it now; the check is skipped when no answer counts them. */
async function datasetTotal(t: CheckContext, users: QueryDataset): Promise<string> {
  const response = await t.client.get(users.endpoint, { filter: scopedFilter(users, undefined), count: 1 });
  const total = readListPage(response.json)?.totalResults;
  if (response.status !== 200 || total === undefined) t.skip(`${answered(response)} with totalResults ${show(total)} to a list of the suite's users: nothing counts what a SearchRequest might create`);
  return show(total);
}

suite.check('search.creates-nothing', async (t) => {
  const users = dataset(t);
  const before = await datasetTotal(t, users);
  const response = await t.client.post(`${users.endpoint}/.search`, datasetSearchRequest(users, { count: users.users.length }));
  verify(
    response.status === 200 && response.headers.location === undefined,
    `${answered(response)} with Location ${show(response.headers.location)}, expected 200 with a ListResponse and no Location: a SearchRequest is a query, not a create`,
  );
  const after = await datasetTotal(t, users);
  verify(after === before, `the suite's users numbered ${before} before the SearchRequest and ${after} after it: a query creates nothing`);
});

suite.check('search.schemas-required', async (t) => {
  const users = dataset(t);
  const response = await t.client.post(`${users.endpoint}/.search`, { filter: scopedFilter(users, undefined), count: 1 }, { refusal: REFUSALS.searchWithoutSchemas });
  verify(
    response.status === 400,
    `${answered(response)} to a SearchRequest without "schemas", expected 400: RFC 7644 §3.4.3 has the client identify the body by ["${URN.searchRequest}"], ` +
      'so a server refusing one without it is inferred from a client MUST (a warning, never a MUST-level failure)',
  );
});

suite.check('search.invalid-filter', async (t) => {
  const users = dataset(t);
  const response = await t.client.post(`${users.endpoint}/.search`, datasetSearchRequest(users, { count: 1 }, 'userName eq'), { refusal: REFUSALS.searchMalformedFilter });
  const context = 'to a SearchRequest whose filter ends in "userName eq" (RFC 7644 §3.4.3, Table 9)';
  verify(response.status === 400, `${answered(response)} ${context}, expected 400 with scimType "invalidFilter"`);
  verifyScimType(response, 'invalidFilter', context);
});

/** Fails unless every listed resource has each of `kept` and none of `dropped`. */
function verifyProjected(users: QueryDataset, page: Awaited<ReturnType<typeof searchDataset>>, request: string, kept: string[], dropped: string[]): void {
  for (const resource of page.list.resources ?? []) {
    const label = describeUsers(users, [typeof resource.id === 'string' ? resource.id : '']);
    const missing = kept.filter((name) => getMember(resource, name) === undefined);
    const extra = dropped.filter((name) => getMember(resource, name) !== undefined);
    verify(
      missing.length === 0 && extra.length === 0,
      `${answered(page.response)} to a SearchRequest with ${request}: ${label} ` +
        (missing.length > 0 ? `lacks ${missing.join(', ')}` : `still has ${extra.join(', ')}`) +
        `; expected ${kept.join(', ')} and none of ${dropped.join(', ')}`,
    );
  }
}

suite.check('search.projection', async (t) => {
  const users = dataset(t);
  const count = users.users.length;
  const selected: JsonObject = { attributes: ['userName'], count };
  verifyProjected(users, await searchDataset(t.client, users, selected), 'attributes ["userName"]', ['id', 'userName'], ['displayName', 'emails', 'title']);
  const excluded: JsonObject = { excludedAttributes: ['displayName', 'emails'], count };
  verifyProjected(users, await searchDataset(t.client, users, excluded), 'excludedAttributes ["displayName", "emails"]', ['id', 'userName'], ['displayName', 'emails']);
});

suite.check('search.sorted', async (t) => {
  if (!t.capabilities.sort) t.skip('the target does not advertise sort (/ServiceProviderConfig sort.supported)');
  const users = dataset(t);
  const descending = { count: users.users.length, sortBy: 'userName', sortOrder: 'descending' };
  const got = await queryDataset(t.client, users, descending);
  const searched = await searchDataset(t.client, users, descending);
  verify(
    sameIds(searched.ids, got.ids),
    `${answered(searched.response)} to sortBy userName, sortOrder descending listing ${describeUsers(users, searched.ids)}, ` +
      `but the same query by ${answered(got.response)} listing ${describeUsers(users, got.ids)}: RFC 7644 §3.4.3 honours sortBy and sortOrder in the body`,
  );
  // userNames are unique, so one order is exactly the other reversed, whatever order the users were created in.
  const ascending = await searchDataset(t.client, users, { count: users.users.length, sortBy: 'userName' });
  if (sameIds([...ascending.ids].reverse(), searched.ids)) return;
  // A GET that lists both orders alike ignores sortOrder (or sortBy) itself: the sorting checks' finding, not the search's.
  const gotAscending = await queryDataset(t.client, users, { count: users.users.length, sortBy: 'userName' });
  throw new ConformanceFailure(
    `${answered(ascending.response)} to sortBy userName listing ${describeUsers(users, ascending.ids)}, which is not the reverse of ` +
      `sortOrder descending (${describeUsers(users, searched.ids)})`,
    sameIds(gotAscending.ids, got.ids) ? 'sort.descending' : undefined,
  );
});

/**
 * What a server that does not serve a query at its root answers one: no such resource, method not allowed,
 * not implemented (RFC 7644 §3.12 gives 501 for an operation not supported). A 400 is no such answer: it
 * says the request is wrong, and a SearchRequest at the root is one RFC 7644 §3.4.3 allows.
 */
const ROOT_SEARCH_ABSENT = [404, 405, 501];

/** A resource as an endpoint listed it: its id and the resource type whose endpoint it came from. */
interface ListedResource {
  id: string;
  type: ResourceTypeDefinition;
}

suite.check('search.root', async (t) => {
  const users = dataset(t);
  const userType = t.requireType(URN.user);
  const groupType = t.resourceType(URN.group);
  const prefix = JSON.stringify(users.scope);
  // Valid for every type: an attribute a type does not define has no value at the root (RFC 7644 §3.4.2.1).
  const filter = `userName sw ${prefix} or displayName sw ${prefix}`;
  // Per endpoint, only the attributes its type defines: a server may refuse any other there.
  const perType: Array<[ResourceTypeDefinition, string]> = [[userType, filter]];
  if (groupType !== undefined) {
    const inside = `${users.scope}group`;
    await t.create(groupType.endpoint, applyTemplate(t.template(groupType.name), { schemas: [URN.group], displayName: inside }, inside));
    // Outside the filter: a search that ignores its filter lists it, whatever else the target holds.
    await t.create(groupType.endpoint, t.group('root-search-outside'));
    perType.push([groupType, `displayName sw ${prefix}`]);
  }
  const expected: ListedResource[] = [];
  for (const [type, typeFilter] of perType) {
    const response = await t.client.get(type.endpoint, { filter: typeFilter, count: users.users.length + 1 });
    const { ids } = readListAnswer(response, `the resources the filter ${typeFilter} selects`);
    expected.push(...ids.map((id) => ({ id, type })));
  }
  const count = expected.length + 1;
  const response = await t.client.post('/.search', { schemas: [URN.searchRequest], filter, count });
  if (ROOT_SEARCH_ABSENT.includes(response.status)) {
    t.skip(`the target does not serve a root-level /.search (optional, RFC 7644 §3.4.3): ${answered(response)}`);
  }
  const { list, ids: listed } = readListAnswer(response, `the resources of every type the filter ${filter} selects`);
  const label = (id: string): string => {
    const type = expected.find((resource) => resource.id === id)?.type;
    if (type === undefined) return `${id} (outside the filter)`;
    return type === userType ? describeUsers(users, [id]) : `${type.name} ${id}`;
  };
  const describe = (ids: string[]): string => (ids.length === 0 ? 'none' : ids.map(label).join(', '));
  const expectedIds = expected.map((resource) => resource.id);
  verify(
    sameIds([...listed].sort(), [...expectedIds].sort()) && list.totalResults === expected.length,
    `${answered(response)} to a SearchRequest with the filter ${filter} with totalResults ${show(list.totalResults)} listing ${describe(listed)}, ` +
      `but the same filter on each endpoint lists ${expected.length}: ${describe(expectedIds)}; ` +
      'a query at the server root covers every resource type (RFC 7644 §3.4.2.1)',
  );
  for (const resource of list.resources ?? []) {
    // The ids were found equal above, so each resource is one an endpoint listed.
    const { id, type } = expected.find((candidate) => candidate.id === stringMember(resource, 'id')) ?? fail(`${answered(response)} listing a resource no endpoint lists`);
    const resourceType = isJsonObject(resource.meta) ? getMember(resource.meta, 'resourceType') : undefined;
    verify(
      schemasOf(resource).some((schema) => schema.toLowerCase() === type.schema.toLowerCase()) && resourceType === type.name,
      `${answered(response)} listing ${label(id)} with schemas ${show(resource.schemas)} and meta.resourceType ${show(resourceType)}, ` +
        `expected its own core schema ${type.schema} and resourceType "${type.name}", as ${type.endpoint} lists it: each resource of a multi-type answer names its type`,
    );
  }
});
