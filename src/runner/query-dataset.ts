/**
 * The users the query suites search (RFC 7644 §3.4.2): created once per suite file, all named under
 * one scope so every query can be confined to them with `userName sw "<scope>-"`. Values
 * are chosen so operator edges matter: case variants, shared prefixes and suffixes, equal and missing
 * values, several emails, booleans and the server-assigned dateTimes. The values a tenant may hold unique
 * (externalId, e-mail addresses) carry the scope too (inScope).
 */
import { beforeAll } from 'vitest';
import type { Capabilities } from '../discovery/capabilities.js';
import type { ScimClient, ScimResponse } from '../http/client.js';
import { createAttributeResolver, isDecided, matchesFilter, type AttributeResolver, type Filter } from '../scim/filter/index.js';
import { isJsonObject, type JsonObject } from '../scim/json.js';
import { readListPage, type ListPage } from '../scim/list-response.js';
import { show, stringMember } from '../scim/messages.js';
import { findSchema, type SchemaDefinition } from '../scim/schema.js';
import { applyTemplate } from '../scim/template.js';
import { URN } from '../scim/urns.js';
import { declinesFeature, isDeclinedFilter } from './filter-support.js';
import { answered, answeredWithDetail, ConformanceFailure, fail, verify } from './failure.js';
import type { CheckContext, Suite } from './suite.js';

export interface DatasetUser {
  id: string;
  /** The part of the userName after the scope, to name the user in messages. */
  label: string;
  /** The representation the server answered the create with: the oracle judges filters against it. */
  representation: JsonObject;
}

export interface QueryDataset {
  endpoint: string;
  /** The start of every dataset user's userName: resources named with it belong to the suite file. */
  scope: string;
  /**
   * Filter text that selects exactly the dataset's users. Undefined where the target declines it (or the
   * `and` that joins it to another filter) and a suite took the dataset anyway: then only a filter that
   * selects by a value carrying the scope (selectsByMarker) can be sent, alone.
   */
  scopeFilter: string | undefined;
  users: DatasetUser[];
}

/** Users by the suffix of their userName, each with its attributes besides userName and schemas. */
export type DatasetUsers = ReadonlyArray<[string, JsonObject]>;

/** The users the filter and paging suites query. */
const USERS: DatasetUsers = [
  ['Alice', {
    displayName: 'Alice Adams', nickName: 'ally', title: 'Engineer', userType: 'Employee', active: true, externalId: 'ext-Alice',
    name: { familyName: 'Adams', givenName: 'Alice' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }, { value: 'ALICE@home.example.org', type: 'home' }],
  }],
  ['alicia', {
    displayName: 'alice adams', nickName: 'Ally', title: 'Engineering Lead', userType: 'Employee', active: false, externalId: 'EXT-alice',
    name: { familyName: 'Adamson', givenName: 'Alicia' },
    emails: [{ value: 'alicia@example.com', type: 'work' }],
  }],
  ['bob', {
    displayName: 'Bob', title: 'Engineer', userType: 'Contractor', active: true,
    name: { familyName: 'Smith', givenName: 'Bob' },
    emails: [
      { value: 'bob@example.org', type: 'home' },
      { value: 'bob@example.com', type: 'work', primary: true },
      { value: 'robert@example.com', type: 'other' },
    ],
  }],
  ['BOBBY', {
    displayName: 'Bobby', name: { familyName: 'smith', givenName: 'Bobby' },
  }],
  ['carol', {
    displayName: 'Carol Ann', nickName: 'carol', title: 'Manager', active: false, externalId: 'ext-carol',
    emails: [{ value: 'carol@example.com', type: 'work' }, { value: 'carol@example.org', type: 'home' }],
  }],
  ['dave.smith', {
    displayName: 'Dave Smith', nickName: 'dave', userType: 'contractor', active: true, externalId: 'ext-dave',
    emails: [{ value: 'dave.smith@example.com' }],
  }],
];

/**
 * Creates the dataset's users on the target's User endpoint; they are deleted when the suite file ends.
 * The scope label keeps the datasets of suite files apart, as their name counters are their own.
 * One after another, in the order given: a server that lists in creation order then lists them in a
 * known order, which sorting checks choose their values to differ from, and no create is still in
 * flight, untracked, when a failure ends the set-up.
 */
async function createUserDataset(suite: Suite, endpoint: string, scopeLabel: string, entries: DatasetUsers, scopedByFilter: boolean): Promise<QueryDataset> {
  const scope = `${suite.uniqueName(scopeLabel)}-`;
  const template = suite.template(suite.resourceType(URN.user)?.name ?? '');
  const users: DatasetUser[] = [];
  for (const [label, attributes] of entries) {
    const name = `${scope}${label}`;
    const created = await suite.create(endpoint, applyTemplate(template, { schemas: [URN.user], userName: name, ...scopedValues(scope, attributes) }, name));
    const representation = created.response.json;
    if (!isJsonObject(representation) || stringMember(representation, 'userName') === undefined) {
      throw new Error(`set-up: the create of ${label} answered no representation with a userName; the queries have nothing to judge against`);
    }
    users.push({ id: created.id, label, representation });
  }
  return { endpoint, scope, scopeFilter: scopedByFilter ? scopeFilterOf(scope) : undefined, users };
}

function scopeFilterOf(scope: string): string {
  return `userName sw ${JSON.stringify(scope)}`;
}

/**
 * A dataset value a tenant may hold unique (an externalId, an e-mail address) as the dataset's users carry
 * it: behind the dataset's scope, so the same user of another suite, or of another run, never collides
 * with it. Every value gets the same prefix, so their order and their case and suffix edges stay as listed.
 */
export function inScope(dataset: Pick<QueryDataset, 'scope'>, value: string): string {
  return `${dataset.scope}${value}`;
}

function scopedValues(scope: string, attributes: JsonObject): JsonObject {
  const scoped: JsonObject = { ...attributes };
  const { externalId, emails } = attributes;
  if (typeof externalId === 'string') scoped.externalId = inScope({ scope }, externalId);
  if (Array.isArray(emails)) {
    scoped.emails = emails.map((email) => {
      const value = isJsonObject(email) ? email.value : undefined;
      return isJsonObject(email) && typeof value === 'string' ? { ...email, value: inScope({ scope }, value) } : email;
    });
  }
  return scoped;
}

export interface DatasetOptions {
  /** The users to create (default: the filter and paging users above). */
  users?: DatasetUsers;
  /**
   * Take the dataset where the target declines the scope filter but serves `userName eq`: the suite then
   * sends only filters that select by a value carrying the scope (scopeFilter is undefined).
   */
  scopedByValues?: boolean;
}

/**
 * Creates the suite file's dataset before its checks run, when the target advertises a User type and
 * filtering (without a filter no query can be confined to the dataset). The accessor returned gives a
 * check the dataset, or ends it: skipped when the target lacks either, errored when the set-up failed.
 */
export function useQueryDataset(suite: Suite, scopeLabel: string, options: DatasetOptions = {}): (t: CheckContext) => QueryDataset {
  const endpoint = suite.resourceType(URN.user)?.endpoint;
  let setup: QueryDataset | Error | undefined;
  let declined: ScimResponse | undefined;
  beforeAll(async () => {
    // A read-only run leaves out the checks that query the dataset, and must not create it.
    if (endpoint === undefined || !suite.capabilities.filter.supported || suite.readOnly) return;
    try {
      // Asked before any user is created: where the scope cannot be queried, none is needed.
      const probe = await suite.client.get(endpoint, { filter: scopeFilterOf(`${suite.runPrefix}-${scopeLabel}-`), count: 1 });
      const byValues = options.scopedByValues === true && !declinesFeature(suite.filterSupport, 'operator eq');
      if (isDeclinedFilter(probe) && !byValues) {
        declined = probe;
        return;
      }
      // A scope that cannot be joined to another filter selects nothing a filter check could judge.
      const scopedByFilter = !isDeclinedFilter(probe) && (!byValues || !declinesFeature(suite.filterSupport, 'and'));
      setup = await createUserDataset(suite, endpoint, scopeLabel, options.users ?? USERS, scopedByFilter);
    } catch (error) {
      setup = error instanceof Error ? error : new Error(String(error));
    }
  });
  return (t) => {
    t.requireType(URN.user);
    if (!t.capabilities.filter.supported) {
      t.skip('the ServiceProviderConfig does not advertise filter support, so no query can be confined to the suite\'s own users');
    }
    if (declined !== undefined) skipDeclinedScope(t, declined);
    if (setup instanceof Error) throw setup;
    return setup ?? t.skip('the suite created no users to query');
  };
}

/**
 * Ends a check whose queries must be confined to the run's own users, when the target declined the filter
 * that does it: nothing it would list could be told from the tenant's other users.
 */
export function skipDeclinedScope(t: Pick<CheckContext, 'attach' | 'skip'>, response: ScimResponse): never {
  t.attach(response);
  return t.skip(
    `${answeredWithDetail(response)} to the filter that confines queries to the run's own users: the target declines it, ` +
      'as RFC 7644 §3.4.2.2 allows for a filter it does not support, so no query can be judged apart from the tenant\'s other users',
  );
}

/**
 * The oracle's view of the User type's attributes: its core schema and extensions as /Schemas
 * publishes them; undefined when the target does not publish the core schema.
 */
export function userAttributeResolver(capabilities: Capabilities): AttributeResolver | undefined {
  const userType = capabilities.resourceTypes.find((type) => type.schema === URN.user);
  const schema = (id: string): SchemaDefinition | undefined => findSchema(capabilities.schemas, id);
  const core = userType === undefined ? undefined : schema(userType.schema);
  if (userType === undefined || core === undefined) return undefined;
  const extensions = (userType.schemaExtensions ?? []).flatMap((extension) => schema(extension.schema) ?? []);
  return createAttributeResolver(core, extensions);
}

export interface DatasetPage {
  response: ScimResponse;
  list: ListPage;
  /** The ids the page lists, in its order. */
  ids: string[];
}

/**
 * The filter confined to the dataset's users: joined to the scope filter, or alone where the dataset has
 * none, which only a filter that selects by a scoped value may be (see DatasetOptions.scopedByValues).
 */
export function scopedFilter(dataset: QueryDataset, filter: string | undefined): string {
  if (dataset.scopeFilter !== undefined) return filter === undefined ? dataset.scopeFilter : `${dataset.scopeFilter} and (${filter})`;
  if (filter === undefined) throw new Error(`the dataset ${dataset.scope} has no scope filter, so it cannot be listed whole`);
  return filter;
}

/**
 * GETs a page of the dataset's users, of those matching `filter` when one is given. Fails the check
 * unless the answer is a 200 ListResponse whose Resources are present when totalResults is not 0.
 */
export async function queryDataset(
  client: ScimClient,
  dataset: QueryDataset,
  parameters: Record<string, number | string>,
  filter?: string,
): Promise<DatasetPage> {
  return readDatasetPage(await client.get(dataset.endpoint, { filter: scopedFilter(dataset, filter), ...parameters }));
}

/** The SearchRequest (RFC 7644 §3.4.3) of the same query: `members` besides schemas and filter. */
export function datasetSearchRequest(dataset: QueryDataset, members: JsonObject, filter?: string): JsonObject {
  return { schemas: [URN.searchRequest], filter: scopedFilter(dataset, filter), ...members };
}

/** queryDataset as POST {endpoint}/.search, with the SearchRequest's other members. */
export async function searchDataset(client: ScimClient, dataset: QueryDataset, members: JsonObject, filter?: string): Promise<DatasetPage> {
  return readDatasetPage(await client.post(`${dataset.endpoint}/.search`, datasetSearchRequest(dataset, members, filter)));
}

function readDatasetPage(response: ScimResponse): DatasetPage {
  return readListAnswer(response, "the suite's users");
}

/**
 * The page a query answered, `listing` saying what it should list. Fails the check unless the answer is a
 * 200 ListResponse whose Resources are present when totalResults is not 0.
 */
export function readListAnswer(response: ScimResponse, listing: string): DatasetPage {
  verify(response.status === 200, `${answeredWithDetail(response)}, expected 200 with a ListResponse of ${listing}`);
  const list = readListPage(response.json) ?? fail(`${answered(response)} with a body that is not a JSON object, expected a ListResponse`);
  if (list.resources === undefined && list.totalResults !== 0) throw missingResources(response, list);
  return { response, list, ids: (list.resources ?? []).map((resource) => stringMember(resource, 'id') ?? '') };
}

/**
 * A list answer with results but no Resources array: the omission list.resources-present finds on the
 * plainest list, so every other check that meets it repeats that finding. `asked` says what the request asked.
 */
export function missingResources(response: ScimResponse, list: ListPage, asked = ''): ConformanceFailure {
  return new ConformanceFailure(
    `${answered(response)}${asked === '' ? '' : ` to ${asked}`} with totalResults ${show(list.totalResults)} but no Resources array, which RFC 7644 §3.4.2 requires when there are results`,
    'list.resources-present',
  );
}

/** How a set of the dataset's users appears in a message: their labels, or "none". */
export function describeUsers(dataset: QueryDataset, ids: Iterable<string>): string {
  const labels = [...ids].map((id) => dataset.users.find((user) => user.id === id)?.label ?? `an id outside the dataset (${id})`);
  return labels.length === 0 ? 'none' : labels.join(', ');
}

/** A filter whose answer is not what the oracle says: the users listed differ, or the answer is no ListResponse. */
export class FilterDisagreement extends ConformanceFailure {
  constructor(
    message: string,
    readonly filter: Filter,
    /** The HTTP status the filter was answered with. */
    readonly status: number,
    /** The ids the server listed, when it answered a ListResponse. */
    readonly listed: readonly string[] | undefined,
    root?: string,
  ) {
    super(message, root);
  }
}

/**
 * Queries the dataset with a filter and fails the check (FilterDisagreement) unless the server lists
 * exactly the users the oracle matches, each once.
 */
export async function verifyFilterResult(client: ScimClient, dataset: QueryDataset, resolve: AttributeResolver, filter: Filter, text: string): Promise<void> {
  const response = await client.get(dataset.endpoint, { filter: scopedFilter(dataset, text), count: dataset.users.length });
  let ids: string[];
  try {
    ids = readDatasetPage(response).ids;
  } catch (error) {
    throw error instanceof ConformanceFailure ? new FilterDisagreement(error.message, filter, response.status, undefined, error.root) : error;
  }
  // A user the RFC leaves undecided for this filter (ne on an attribute it lacks) may be listed or not.
  const undecided = new Set(dataset.users.filter((user) => !isDecided(filter, user.representation, resolve)).map((user) => user.id));
  const expected = dataset.users.filter((user) => !undecided.has(user.id) && matchesFilter(filter, user.representation, resolve)).map((user) => user.id);
  const listed = new Set(ids);
  const missing = expected.filter((id) => !listed.has(id));
  const unexpected = ids.filter((id) => !expected.includes(id) && !undecided.has(id));
  if (missing.length === 0 && unexpected.length === 0 && listed.size === ids.length) return;
  throw new FilterDisagreement(
    `${answered(response)}: the filter ${text} matches ${describeUsers(dataset, expected)} of the suite's users, ` +
      `but the server listed ${describeUsers(dataset, ids)}` +
      (missing.length > 0 ? `; missing ${describeUsers(dataset, missing)}` : '') +
      (unexpected.length > 0 ? `; unexpected ${describeUsers(dataset, unexpected)}` : '') +
      (listed.size !== ids.length ? '; some listed more than once' : '') +
      (undecided.size > 0 ? `; not judged: ${describeUsers(dataset, undecided)}, which lack a value the filter compares with ne or an ordering operator (RFC 7644 Table 3 leaves that open)` : ''),
    filter,
    response.status,
    ids,
  );
}
