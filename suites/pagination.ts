/**
 * Pagination (RFC 7644 §3.4.2.4): over the suite's own users, random windows must each be the slice of
 * the full result the pagination rules select, and walking the pages of every size must list each user
 * once. A count above filter.maxResults must be capped, over the tenant's users or, when it holds too
 * few, over users the check creates within limits.maxCreatedForPaging.
 */
import fc from 'fast-check';
import type { ScimResponse } from '../src/http/client.js';
import { answered, ConformanceFailure, fail, failWithAll, verify, verifyScimType } from '../src/runner/failure.js';
import { REFUSALS } from '../src/checks/refusals.js';
import { checkProperty } from '../src/runner/property.js';
import { isDeclinedFilter } from '../src/runner/filter-support.js';
import { describeUsers, missingResources, queryDataset, readListAnswer, scopedFilter, skipDeclinedScope, useQueryDataset, type QueryDataset } from '../src/runner/query-dataset.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import { getMember, isJsonObject } from '../src/scim/json.js';
import { readListPage, type ListPage } from '../src/scim/list-response.js';
import { show } from '../src/scim/messages.js';
import { pageWindow } from '../src/scim/paging.js';
import { URN } from '../src/scim/urns.js';

const suite = useScim();
const dataset = useQueryDataset(suite, 'pagination');

/** The dataset when one page of the target's maxResults can hold all of it. */
function pagedDataset(t: CheckContext): QueryDataset {
  const users = dataset(t);
  const { maxResults } = t.capabilities.filter;
  if (maxResults < users.users.length) {
    t.skip(`filter.maxResults is ${maxResults}, below the ${users.users.length} users the suite pages through`);
  }
  return users;
}

function wrongTotalMessage(response: ScimResponse, list: ListPage, users: QueryDataset): string {
  return `${answered(response)} with totalResults ${show(list.totalResults)}, expected ${users.users.length}: the number of users the filter matches, whatever the page`;
}

function verifyTotal(response: ScimResponse, list: ListPage, users: QueryDataset): void {
  verify(list.totalResults === users.users.length, wrongTotalMessage(response, list, users));
}

interface Window {
  startIndex: number | undefined;
  count: number | undefined;
}

function describeWindow(window: Window): string {
  return `startIndex ${window.startIndex ?? 'absent'}, count ${window.count ?? 'absent'}`;
}

/**
 * What a page is judged on: being a ListResponse at all, the members it states, how many results it
 * holds, and which results they are.
 */
type PageInvariant = 'the answer' | 'totalResults' | 'itemsPerPage' | 'the startIndex answered' | 'the size' | 'the position';

/** A page that breaks one invariant of the window it answers. */
class BrokenInvariant extends ConformanceFailure {
  constructor(
    readonly invariant: PageInvariant,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The defect a failure of a window shows. The members a page states are each their own defect, whatever
 * the window. A page too large or of the wrong results breaks the rule of RFC 7644 §3.4.2.4 its window
 * tests (a count of 0, which a negative count reads as, returns no results; a startIndex past the end
 * starts past every result; one below 1 reads as 1), or else the slice; an answer that is no ListResponse
 * is named by that rule too, if its window tests one.
 */
function windowDefect({ startIndex, count }: Window, total: number, failure: ConformanceFailure): string {
  const invariant = failure instanceof BrokenInvariant ? failure.invariant : 'the answer';
  const countZero = count !== undefined && count <= 0 ? 'count=0 or below' : undefined;
  const pastEnd = startIndex !== undefined && startIndex > total ? 'startIndex past the end' : undefined;
  const belowOne = startIndex !== undefined && startIndex < 1 ? 'startIndex below 1' : undefined;
  switch (invariant) {
    case 'the answer':
      return countZero ?? pastEnd ?? belowOne ?? invariant;
    case 'the size':
      return countZero ?? pastEnd ?? 'the slice';
    case 'the position':
      return belowOne ?? 'the slice';
    default:
      return invariant;
  }
}

suite.check('pagination.window-slice', async (t) => {
  const users = pagedDataset(t);
  const { maxResults } = t.capabilities.filter;
  const total = users.users.length;
  // The full result in the server's order: one page, from the default startIndex, as large as the result.
  const full = await queryDataset(t.client, users, { count: total });
  verify(
    new Set(full.ids).size === total && users.users.every((user) => full.ids.includes(user.id)),
    `${answered(full.response)}: one page of ${total} lists ${describeUsers(users, full.ids)}, expected each of the suite's ${total} users once`,
  );
  const windows = fc.record({
    startIndex: fc.option(fc.oneof(fc.integer({ min: -2, max: 0 }), fc.integer({ min: 1, max: total + 2 })), { nil: undefined, freq: 6 }),
    count: fc.option(
      fc.oneof(fc.integer({ min: -2, max: 0 }), fc.integer({ min: 1, max: total + 1 }), fc.integer({ min: maxResults - 1, max: maxResults + 3 })),
      { nil: undefined, freq: 6 },
    ),
  }, { noNullPrototype: true });
  await checkProperty(
    t,
    windows,
    async ({ startIndex, count }) => {
      const parameters: Record<string, number> = {};
      if (startIndex !== undefined) parameters.startIndex = startIndex;
      if (count !== undefined) parameters.count = count;
      const { response, list, ids } = await queryDataset(t.client, users, parameters);
      const expected = pageWindow(total, startIndex, count, maxResults);
      // Every invariant is judged, so a page that breaks several shows each of their defects.
      const broken: BrokenInvariant[] = [];
      const judge = (invariant: PageInvariant, holds: boolean, message: () => string): void => {
        if (!holds) broken.push(new BrokenInvariant(invariant, message()));
      };
      judge('totalResults', list.totalResults === total, () => wrongTotalMessage(response, list, users));
      judge(
        'the size',
        ids.length <= expected.size,
        () => `${answered(response)} with ${ids.length} users, but startIndex ${expected.startIndex} and count ${count ?? 'absent'} over ${total} results allow at most ${expected.size}`,
      );
      // Only as many results as the window allows are compared: the ones past that are the size's defect.
      const judged = ids.slice(0, expected.size);
      const slice = full.ids.slice(expected.offset, expected.offset + judged.length);
      judge(
        'the position',
        judged.every((id, index) => id === slice[index]),
        () => `${answered(response)} listed ${describeUsers(users, ids)}, expected ${describeUsers(users, slice)}: ` +
          `the results from position ${expected.startIndex} of the full result (${describeUsers(users, full.ids)})`,
      );
      judge(
        'itemsPerPage',
        list.itemsPerPage === undefined || list.itemsPerPage === ids.length,
        () => `${answered(response)} with itemsPerPage ${show(list.itemsPerPage)}, but ${ids.length} users in Resources`,
      );
      // The startIndex answered says where the page's own first result is, whichever results the page holds.
      const [first] = ids;
      const position = first === undefined ? undefined : full.ids.indexOf(first) + 1;
      judge(
        'the startIndex answered',
        list.startIndex === undefined || position === undefined || list.startIndex === position,
        () => `${answered(response)} with startIndex ${show(list.startIndex)}, but its first result, ${describeUsers(users, ids.slice(0, 1))}, is at position ${position ?? ''} of the full result`,
      );
      failWithAll(broken);
    },
    { describe: describeWindow, classify: (window, failure) => windowDefect(window, total, failure) },
  );
});

suite.check('pagination.walk-all-pages', async (t) => {
  const users = pagedDataset(t);
  const total = users.users.length;
  // Every page size from 1 to one past the whole result: few enough to walk them all.
  for (let count = 1; count <= total + 1; count += 1) {
    const listed: string[] = [];
    // Each page lists at least one user until all are listed, so total pages always reach the end.
    for (let startIndex = 1; listed.length < total; ) {
      const { response, list, ids } = await queryDataset(t.client, users, { startIndex, count });
      verifyTotal(response, list, users);
      if (ids.length === 0) break;
      listed.push(...ids);
      startIndex += ids.length;
    }
    const missing = users.users.filter((user) => !listed.includes(user.id)).map((user) => user.id);
    verify(
      missing.length === 0 && new Set(listed).size === listed.length && listed.length === total,
      `walking pages of ${count} from startIndex 1 listed ${describeUsers(users, listed)}, expected each of the suite's ${total} users once` +
        (missing.length > 0 ? `; missing ${describeUsers(users, missing)}` : ''),
    );
  }
});

/** Users created at once while filling more than a page: the shared limiter still bounds the requests in flight. */
const CREATE_BATCH = 10;

/**
 * GETs the query with count maxResults + 1 from startIndex 1 and 2. Each answer must be 200 with at most
 * maxResults resources and itemsPerPage (when given) equal to their number, or 400 tooMany (RFC 7644
 * §3.4.2.1); never a 5xx. Returns totalResults of the first answer, undefined when it was refused.
 */
async function verifyCappedPages(t: CheckContext, endpoint: string, maxResults: number, filter?: string, expectedTotal?: number): Promise<number | undefined> {
  let firstTotal: number | undefined;
  for (const startIndex of [1, 2]) {
    const response = await t.client.get(endpoint, { filter, startIndex, count: maxResults + 1 });
    const asked = `startIndex ${startIndex} and count ${maxResults + 1}, one above filter.maxResults ${maxResults}`;
    const scimType = isJsonObject(response.json) ? getMember(response.json, 'scimType') : undefined;
    if (response.status === 400 && scimType === 'tooMany') continue;
    verify(response.status === 200, `${answered(response)} to ${asked}, expected 200 with at most ${maxResults} resources or 400 with scimType "tooMany" (RFC 7644 §3.4.2.1)`);
    const list = readListPage(response.json) ?? fail(`${answered(response)} to ${asked} with a body that is not a JSON object, expected a ListResponse`);
    const total = list.totalResults;
    verify(typeof total === 'number', `${answered(response)} to ${asked} with totalResults ${show(total)}, expected a JSON number (RFC 7644 §3.4.2)`);
    if (expectedTotal !== undefined) {
      verify(total === expectedTotal, `${answered(response)} to ${asked} with totalResults ${total}, expected ${expectedTotal}: the users the filter matches, whatever the page holds`);
    }
    const resources = list.resources;
    if (resources === undefined) throw missingResources(response, list, asked);
    verify(
      resources.length <= maxResults,
      `${answered(response)} to ${asked} with ${resources.length} resources, expected at most ${maxResults}: no page exceeds the filter.maxResults the service provider states (RFC 7644 §3.4.2.4)`,
    );
    if (list.itemsPerPage !== undefined) {
      verify(list.itemsPerPage === resources.length, `${answered(response)} to ${asked} with itemsPerPage ${show(list.itemsPerPage)}, but ${resources.length} resources in Resources`);
    }
    if (startIndex === 1) firstTotal = total;
  }
  return firstTotal;
}

/** Creates `count` users in batches; each batch settles before the next, so a failed create leaves none in flight untracked. */
async function createUsers(t: CheckContext, endpoint: string, label: string, count: number): Promise<void> {
  for (let created = 0; created < count; created += CREATE_BATCH) {
    const batch = Array.from({ length: Math.min(CREATE_BATCH, count - created) }, () => t.create(endpoint, t.user(label)));
    const failure = (await Promise.allSettled(batch)).find((outcome) => outcome.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }
}

suite.check('pagination.count-capped', async (t) => {
  const endpoint = t.requireType(URN.user).endpoint;
  const { maxResults } = t.capabilities.filter;
  if (maxResults < 1) {
    t.skip('the target advertises no filter.maxResults: give the page limit its documentation states as target.maxResults');
  }
  const tenantTotal = await verifyCappedPages(t, endpoint, maxResults);
  if (tenantTotal === undefined || tenantTotal > maxResults) return;
  const needed = maxResults + 1;
  if (suite.readOnly) {
    t.skip(`the target holds ${tenantTotal} users, not more than filter.maxResults ${maxResults}, and --read-only creates none to fill a second page`);
  }
  if (!t.capabilities.filter.supported) {
    t.skip(`the target holds ${tenantTotal} users, not more than filter.maxResults ${maxResults}, and advertises no filter to confine a query to users the check would create`);
  }
  const bound = suite.limits.maxCreatedForPaging;
  if (needed > bound) {
    t.skip(
      `the target holds ${tenantTotal} users, not more than filter.maxResults ${maxResults}; filling a second page takes ${needed} users of the check's own, ` +
        `more than limits.maxCreatedForPaging (${bound}): raise it to ${needed} to let the check create them`,
    );
  }
  const label = 'count-capped';
  const scope = `userName sw ${JSON.stringify(`${suite.runPrefix}-${label}-`)}`;
  // Asked before the users are created: where the scope cannot be queried, they would be created for nothing.
  const probe = await t.client.get(endpoint, { filter: scope, count: 1 });
  if (isDeclinedFilter(probe)) skipDeclinedScope(t, probe);
  await createUsers(t, endpoint, label, needed);
  await verifyCappedPages(t, endpoint, maxResults, scope, needed);
});

suite.check('pagination.non-integer-parameters', async (t) => {
  const users = pagedDataset(t);
  const plain = await queryDataset(t.client, users, {});
  for (const [name, value] of [['count', 'ten'], ['startIndex', 'first']] as const) {
    const response = await t.client.get(users.endpoint, { filter: scopedFilter(users, undefined), [name]: value }, { refusal: REFUSALS.nonIntegerPaging });
    const asked = `${name}=${value}, which is not an integer`;
    if (response.status === 400) {
      verifyScimType(response, 'invalidValue', `to ${asked} (RFC 7644 Table 9)`);
      continue;
    }
    verify(response.status === 200, `${answered(response)} to ${asked}, expected 400 invalidValue (RFC 7644 Table 9) or the page without it, as if it were absent`);
    const { list, ids } = readListAnswer(response, "the suite's users");
    const same = list.totalResults === plain.list.totalResults && ids.length === plain.ids.length && ids.every((id) => plain.ids.includes(id));
    verify(same, `${answered(response)} to ${asked} with totalResults ${show(list.totalResults)} and ${describeUsers(users, ids)}, expected what the same query without ${name} lists (${describeUsers(users, plain.ids)}), as a default applies`);
  }
});
