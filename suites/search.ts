/**
 * Queries by POST {endpoint}/.search (RFC 7644 §3.4.3): over the suite's own users, a SearchRequest
 * must answer what the same query by GET answers, honour the projection it carries, need its
 * `schemas`, and create nothing. Queries at the server root are left alone: nothing a server publishes
 * says whether it supports them.
 */
import { answered, verify } from '../src/runner/failure.js';
import { datasetSearchRequest, describeUsers, queryDataset, searchDataset, useQueryDataset, type QueryDataset } from '../src/runner/query-dataset.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject, type JsonObject } from '../src/scim/json.js';
import { readListPage } from '../src/scim/list-response.js';
import { show } from '../src/scim/messages.js';
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

/** totalResults of the dataset as a GET of no resources answers it now. */
async function datasetTotal(t: CheckContext, users: QueryDataset): Promise<string> {
  const response = await t.client.get(users.endpoint, { filter: users.scopeFilter, count: 0 });
  return show(readListPage(response.json)?.totalResults);
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
  const response = await t.client.post(`${users.endpoint}/.search`, { filter: users.scopeFilter, count: 1 });
  verify(
    response.status === 400,
    `${answered(response)} to a SearchRequest without "schemas", expected 400: RFC 7644 §3.4.3 has the client identify the body by ["${URN.searchRequest}"]`,
  );
});

suite.check('search.invalid-filter', async (t) => {
  const users = dataset(t);
  const response = await t.client.post(`${users.endpoint}/.search`, datasetSearchRequest(users, { count: 1 }, 'userName eq'));
  const scimType = isJsonObject(response.json) ? getMember(response.json, 'scimType') : undefined;
  verify(
    response.status === 400 && scimType === 'invalidFilter',
    `${answered(response)} with scimType ${show(scimType)} to a SearchRequest whose filter ends in "userName eq", expected 400 with scimType "invalidFilter" (RFC 7644 §3.4.3, Table 9)`,
  );
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
  verify(
    sameIds([...ascending.ids].reverse(), searched.ids),
    `${answered(ascending.response)} to sortBy userName listing ${describeUsers(users, ascending.ids)}, which is not the reverse of ` +
      `sortOrder descending (${describeUsers(users, searched.ids)})`,
  );
});
