/**
 * Sorting (RFC 7644 §3.4.2.3): over users of its own, the suite asks for sorted lists and judges each
 * against the order the RFC defines for the attribute's type, reading the values from the listed
 * resources themselves. The users are created in an order that differs from every order the checks
 * ask for, so a server that ignores sortBy cannot pass by listing them as created.
 */
import { answered, ConformanceFailure, fail, verify } from '../src/runner/failure.js';
import { describeUsers, queryDataset, useQueryDataset, userAttributeResolver, type DatasetUsers, type QueryDataset } from '../src/runner/query-dataset.js';
import { useScim, type CheckContext } from '../src/runner/suite.js';
import type { AttributePath, AttributeResolver } from '../src/scim/filter/index.js';
import type { JsonObject } from '../src/scim/json.js';
import { stringMember } from '../src/scim/messages.js';
import { compareSortKeys, describeSortKey, firstOutOfOrder, sortKey, type SortKey, type SortOrder } from '../src/scim/sort-order.js';

const suite = useScim();

/**
 * In creation order. userNames and externalIds differ in case so that code-point order is not the
 * case-insensitive one; titles are missing on two users; two users' primary email is not their first.
 */
const SORT_USERS: DatasetUsers = [
  ['carol', { externalId: 'ext-b', title: 'Manager', name: { familyName: 'Moss' }, emails: [{ value: 'carol@example.com', type: 'work' }] }],
  ['Bob', {
    externalId: 'EXT-c', name: { familyName: 'Young' },
    emails: [{ value: 'zed@example.org', type: 'home' }, { value: 'bob@example.com', type: 'work', primary: true }],
  }],
  ['alice', { externalId: 'ext-a', title: 'Engineer', name: { familyName: 'Hart' }, emails: [{ value: 'alice@example.com', type: 'work' }] }],
  ['Dave', {
    externalId: 'EXT-d', name: { familyName: 'Fox' },
    emails: [{ value: 'aaron@example.org', type: 'home' }, { value: 'dave@example.com', type: 'work', primary: true }],
  }],
  ['erin', { externalId: 'Ext-e', title: 'Analyst', name: { familyName: 'Stone' }, emails: [{ value: 'erin@example.com', type: 'work' }] }],
];

const dataset = useQueryDataset(suite, 'sort', { users: SORT_USERS });

interface SortContext {
  users: QueryDataset;
  resolve: AttributeResolver;
}

function sortContext(t: CheckContext): SortContext {
  if (!t.capabilities.sort) t.skip('the ServiceProviderConfig does not advertise sort support');
  const users = dataset(t);
  const resolve = userAttributeResolver(t.capabilities) ?? t.skip('the target does not publish the User schema, so the attribute types that decide the order are unknown');
  return { users, resolve };
}

function printPath(path: AttributePath): string {
  return path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
}

function listedIds(resources: JsonObject[]): string[] {
  return resources.map((resource) => stringMember(resource, 'id') ?? '');
}

/** Fails unless the resources list every one of the suite's users once. */
function verifyAllListed(users: QueryDataset, ids: string[], request: string): void {
  const missing = users.users.filter((user) => !ids.includes(user.id)).map((user) => user.id);
  verify(
    missing.length === 0 && new Set(ids).size === ids.length && ids.length === users.users.length,
    `${request} listed ${describeUsers(users, ids)}, expected each of the suite's ${users.users.length} users once` +
      (missing.length > 0 ? `; missing ${describeUsers(users, missing)}` : ''),
  );
}

/**
 * Fails unless the resources are in `order` by the attribute at `path`; skips when the listed values
 * leave nothing to order (fewer than two distinct values).
 */
function verifyOrder(t: CheckContext, context: SortContext, resources: JsonObject[], path: AttributePath, order: SortOrder, request: string): void {
  const keys = resources.map((resource) => sortKey(resource, path, context.resolve));
  const distinct = new Set(keys.map(describeSortKey));
  if (distinct.size < 2) t.skip(`the suite's users, as listed, have ${distinct.size} distinct ${printPath(path)} value(s): nothing to order`);
  const wrong = firstOutOfOrder(keys, order);
  if (wrong === undefined) return;
  const ids = listedIds(resources);
  const name = (id: string | undefined): string => describeUsers(context.users, [id ?? '']);
  const describe = (entries: Array<{ id: string; key: SortKey }>): string => entries.map(({ id, key }) => `${name(id)} (${describeSortKey(key)})`).join(', ');
  const listed = ids.map((id, index) => ({ id, key: keys[index] }));
  const expected = [...listed].sort((a, b) => compareSortKeys(a.key, b.key, order));
  fail(
    `${request} listed ${describe(listed)}: ${name(ids[wrong])} must come before ${name(ids[wrong - 1])} in ${order} ` +
      `${printPath(path)} order; expected an order such as ${describe(expected)}`,
  );
}

let unsortedListing: Promise<string[]> | undefined;

/** The ids in the order the target lists the suite's users without sortBy: the order a target that ignores sortBy keeps. */
function unsortedIds(t: CheckContext, users: QueryDataset): Promise<string[]> {
  unsortedListing ??= queryDataset(t.client, users, { count: users.users.length }).then((page) => page.ids);
  return unsortedListing;
}

const SORT_BY_ROOT = 'sort.sort-by-honoured';
const SORT_ORDER_ROOT = 'sort.descending';

/**
 * The check whose finding a wrong order repeats, if any: sort.descending's when a descending list came
 * ascending, sort.sort-by-honoured's when the users came in the order the target lists them without sortBy.
 * A list that is both (by meta.created, the order of creation is the ascending one) names sort.descending,
 * whose own failure, where sortBy is ignored too, is in turn sort.sort-by-honoured's consequence.
 */
async function rootOfWrongOrder(t: CheckContext, context: SortContext, resources: JsonObject[], path: AttributePath, order: SortOrder): Promise<string | undefined> {
  const keys = resources.map((resource) => sortKey(resource, path, context.resolve));
  const ascending = [...keys].sort((a, b) => compareSortKeys(a, b, 'ascending'));
  const listedAscending = JSON.stringify(keys.map(describeSortKey)) === JSON.stringify(ascending.map(describeSortKey));
  if (order === 'descending' && t.checkId !== SORT_ORDER_ROOT && listedAscending) return SORT_ORDER_ROOT;
  const unsorted = await unsortedIds(t, context.users);
  if (t.checkId !== SORT_BY_ROOT && JSON.stringify(listedIds(resources)) === JSON.stringify(unsorted)) return SORT_BY_ROOT;
  return undefined;
}

/** verifyOrder, with the failure naming the check whose finding it repeats (rootOfWrongOrder). */
async function verifyOrderOrRoot(t: CheckContext, context: SortContext, resources: JsonObject[], path: AttributePath, order: SortOrder, request: string): Promise<void> {
  try {
    verifyOrder(t, context, resources, path, order, request);
  } catch (error) {
    if (!(error instanceof ConformanceFailure)) throw error;
    const root = await rootOfWrongOrder(t, context, resources, path, order);
    throw root === undefined ? error : new ConformanceFailure(error.message, root);
  }
}

/** Lists the suite's users on one page sorted by `path` and judges the order. */
async function verifySorted(t: CheckContext, path: AttributePath, order: SortOrder | undefined): Promise<void> {
  const context = sortContext(t);
  const parameters: Record<string, string | number> = { sortBy: printPath(path), count: context.users.users.length };
  if (order !== undefined) parameters.sortOrder = order;
  const { response, list } = await queryDataset(t.client, context.users, parameters);
  const resources = list.resources ?? [];
  verifyAllListed(context.users, listedIds(resources), answered(response));
  await verifyOrderOrRoot(t, context, resources, path, order ?? 'ascending', answered(response));
}

suite.check(SORT_BY_ROOT, async (t) => {
  const context = sortContext(t);
  const unsorted = await unsortedIds(t, context.users);
  const paths: AttributePath[] = [{ attribute: 'userName' }, { attribute: 'name', subAttribute: 'familyName' }];
  const listings = await Promise.all(paths.map(async (path) => {
    const { response, ids } = await queryDataset(t.client, context.users, { sortBy: printPath(path), count: context.users.users.length });
    return { path, response, ids };
  }));
  // Two attributes whose orders differ cannot both be the order the target keeps without sortBy, unless it ignores sortBy.
  verify(
    listings.some(({ ids }) => JSON.stringify(ids) !== JSON.stringify(unsorted)),
    `${listings.map(({ path, response }) => `${answered(response)} to sortBy=${printPath(path)}`).join(' and ')} listed the suite's users ` +
      `in the order the target lists them without sortBy (${describeUsers(context.users, unsorted)}), though the two attributes order them ` +
      'differently: sortBy is ignored, and RFC 7644 §3.4.2.3 says the sortBy attribute SHALL order the results',
  );
});

suite.check('sort.case-insensitive-strings', async (t) => {
  await verifySorted(t, { attribute: 'userName' }, 'ascending');
});

suite.check('sort.case-exact-strings', async (t) => {
  await verifySorted(t, { attribute: 'externalId' }, 'ascending');
});

suite.check('sort.ascending-by-default', async (t) => {
  await verifySorted(t, { attribute: 'name', subAttribute: 'familyName' }, undefined);
});

suite.check('sort.descending', async (t) => {
  await verifySorted(t, { attribute: 'name', subAttribute: 'familyName' }, 'descending');
});

suite.check('sort.missing-values', async (t) => {
  await verifySorted(t, { attribute: 'title' }, 'ascending');
  await verifySorted(t, { attribute: 'title' }, 'descending');
});

suite.check('sort.multi-valued-primary', async (t) => {
  await verifySorted(t, { attribute: 'emails', subAttribute: 'value' }, 'ascending');
});

suite.check('sort.date-time', async (t) => {
  await verifySorted(t, { attribute: 'meta', subAttribute: 'created' }, 'descending');
});

/** Page size of the walk: small enough that the suite's users span several pages. */
const WALK_PAGE_SIZE = 2;

suite.check('sort.paged-walk', async (t) => {
  const context = sortContext(t);
  const path: AttributePath = { attribute: 'name', subAttribute: 'familyName' };
  const total = context.users.users.length;
  const resources: JsonObject[] = [];
  // Each page lists at least one user until all are listed, so the walk always reaches the end.
  for (let startIndex = 1; resources.length < total; ) {
    const { list } = await queryDataset(t.client, context.users, { sortBy: printPath(path), startIndex, count: WALK_PAGE_SIZE });
    const page = list.resources ?? [];
    if (page.length === 0) break;
    resources.push(...page);
    startIndex += page.length;
  }
  const request = `walking pages of ${WALK_PAGE_SIZE} sorted by ${printPath(path)} from startIndex 1`;
  verifyAllListed(context.users, listedIds(resources), request);
  await verifyOrderOrRoot(t, context, resources, path, 'ascending', request);
});
