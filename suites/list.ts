/**
 * List responses (RFC 7644 §3.4.2): every advertised resource endpoint answers a well-formed
 * ListResponse. The suite creates two users of its own so a paged list has something to page.
 */
import { beforeAll } from 'vitest';
import type { ScimResponse } from '../src/http/client.js';
import { answered, verify } from '../src/runner/failure.js';
import { isDeclinedFilter } from '../src/runner/filter-support.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { isListBody, isNonNegativeInteger, schemasOf, show, stringMember } from '../src/scim/messages.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
/** One page of each advertised endpoint, by endpoint. */
const pages = new Map<string, ScimResponse>();
let userEndpoint: string | undefined;
/** The suite's own users, one per page (count=1), so the list is surely paged. */
let ownUsersPaged: ScimResponse | undefined;
/** The filter that lists the suite's own users, if any: see ownUsersScope. */
let ownUsersQuery = ownUsersScope();

beforeAll(async () => {
  userEndpoint = suite.resourceType(URN.user)?.endpoint;
  if (userEndpoint !== undefined && !suite.readOnly) {
    for (let created = 0; created < 2; created += 1) {
      await suite.create(userEndpoint, suite.user('list'));
    }
    ownUsersPaged = await suite.client.get(userEndpoint, { ...ownUsersQuery, count: 1 });
    // Where the scope is declined, the whole list serves as well: it holds the suite's two users, so it is paged too.
    if (isDeclinedFilter(ownUsersPaged)) {
      ownUsersQuery = {};
      ownUsersPaged = await suite.client.get(userEndpoint, { count: 1 });
    }
  }
  for (const resourceType of suite.capabilities.resourceTypes) {
    pages.set(resourceType.endpoint, await suite.client.get(resourceType.endpoint, { count: 1 }));
  }
});

/** Scoped to the run's own users where filtering is advertised, so a populated tenant changes nothing. */
function ownUsersScope(): { filter?: string } {
  return suite.capabilities.filter.supported ? { filter: `userName sw "${suite.runPrefix}-list-"` } : {};
}

/** RFC 7644 §3.4.2.1: a server may refuse an unfiltered query as too many results, and that is conforming. */
function refusedAsTooMany(response: ScimResponse): boolean {
  return response.status === 400 && stringMember(response.json, 'scimType') === 'tooMany';
}

function eachPage(t: CheckContext, judge: (page: ScimResponse) => void): void {
  const judged = [...pages.values()].filter((page) => !refusedAsTooMany(page));
  if (judged.length === 0) t.skip('every resource endpoint refused an unfiltered list as tooMany');
  for (const page of judged) {
    t.attach(page);
    verify(page.status === 200, `${answered(page)}, expected 200 with a ListResponse`);
    verify(isJsonObject(page.json), `${answered(page)} with a body that is not a JSON object`);
    judge(page);
  }
}

/** The page of a list holding the suite's own users, where two results guarantee a paged list. */
function ownUsersPage(t: CheckContext): ScimResponse {
  if (ownUsersPaged === undefined) {
    return t.skip(userEndpoint === undefined ? 'the target advertises no resource type with the User schema' : 'a read-only run creates no users to page');
  }
  t.attach(ownUsersPaged);
  if (refusedAsTooMany(ownUsersPaged)) t.skip(`${answered(ownUsersPaged)} with scimType tooMany to the whole list, which the target declines to filter to the suite's users`);
  verify(ownUsersPaged.status === 200, `${answered(ownUsersPaged)}, expected 200 with a ListResponse`);
  return ownUsersPaged;
}

suite.check('list.schemas-urn', async (t) => {
  eachPage(t, (page) => {
    verify(
      schemasOf(page.json).includes(URN.listResponse),
      `${answered(page)} with schemas ${show(isJsonObject(page.json) ? getMember(page.json, 'schemas') : undefined)}, expected ["${URN.listResponse}"]`,
    );
  });
});

suite.check('list.total-results', async (t) => {
  eachPage(t, (page) => {
    const total = isJsonObject(page.json) ? getMember(page.json, 'totalResults') : undefined;
    verify(isNonNegativeInteger(total), `${answered(page)} with totalResults ${show(total)}, expected a non-negative integer`);
  });
});

suite.check('list.resources-present', async (t) => {
  const page = ownUsersPage(t);
  const resources = isJsonObject(page.json) ? getMember(page.json, 'Resources') : undefined;
  verify(
    Array.isArray(resources) && resources.length > 0,
    `${answered(page)} with Resources ${show(resources)}, expected a non-empty array: the suite created two users`,
  );
});

suite.check('list.paging-members', async (t) => {
  const page = ownUsersPage(t);
  const body = isJsonObject(page.json) ? page.json : {};
  const resources = getMember(body, 'Resources');
  const total = getMember(body, 'totalResults');
  // The members are required of partial results only (RFC 7644 §3.4.2); a server that ignored count=1
  // breaks another rule, judged by the pagination checks.
  if (Array.isArray(resources) && isNonNegativeInteger(total) && resources.length >= total) {
    t.skip(`${answered(page)} with all ${total} results on one page despite count=1: nothing was paged`);
  }
  for (const member of ['startIndex', 'itemsPerPage']) {
    verify(isNonNegativeInteger(getMember(body, member)), `${answered(page)} with ${member} ${show(getMember(body, member))}, expected an integer on a paged list`);
  }
  // The query gave no startIndex, so the page starts at the first result (RFC 7644 §3.4.2.4, Table 6).
  verify(getMember(body, 'startIndex') === 1, `${answered(page)} with startIndex ${show(getMember(body, 'startIndex'))} to a query without one, expected 1, its default`);
});

suite.check('list.unknown-parameters-ignored', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  // The same query without the unknown parameter must have been served, or the parameter is not what is refused.
  if (ownUsersPaged !== undefined && ownUsersPaged.status !== 200) {
    t.attach(ownUsersPaged);
    t.skip(`${answered(ownUsersPaged)} to the same query without the unknown parameter, so a refusal would not be the parameter's`);
  }
  const response = await t.client.get(endpoint, { ...ownUsersQuery, count: 1, scimprobeUnknownParameter: 'ignored' });
  verify(response.status === 200, `${answered(response)}, expected 200: unknown query parameters should be ignored`);
  // A 200 that is no list answers nothing the query asked; the list checks judge what a list holds.
  verify(isListBody(response.json), `${answered(response)} with a body that is no ListResponse, expected the list the same query without the parameter gets`);
});

suite.check('list.no-match-empty', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  if (!suite.capabilities.filter.supported) t.skip('the target does not advertise filtering');
  const filter = `userName eq "${suite.runPrefix}-nobody"`;
  const response = await t.client.get(endpoint, { filter });
  verify(response.status === 200, `${answered(response)} to a filter no resource matches (${filter}), expected 200 with totalResults 0`);
  const body = isJsonObject(response.json) ? response.json : {};
  const total = getMember(body, 'totalResults');
  verify(total === 0, `${answered(response)} with totalResults ${show(total)} to a filter no resource matches, expected 0`);
  const resources = getMember(body, 'Resources');
  verify(
    resources === undefined || (Array.isArray(resources) && resources.length === 0),
    `${answered(response)} with Resources ${show(resources)} to a filter no resource matches, expected none`,
  );
});
