/**
 * Queries over /Users and /Groups (RFC 7644 §3.4.2, §3.4.3): the parameters from a query string or a
 * SearchRequest body, then filtering, sorting (§3.4.2.3), paging (§3.4.2.4), projection and the
 * ListResponse.
 */
import { FilterSyntaxError, parseFilter } from '../scim/filter/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import { parseAttributeName } from './attribute-names.js';
import { compareCodePoints, parseDateTime, prepareString } from './comparison.js';
import type { ServerContext } from './context.js';
import { ScimError, badRequest } from './errors.js';
import { compileFilter, type Predicate } from './filter-evaluator.js';
import { project, type ProjectionRequest } from './projection.js';
import { representation } from './representation.js';
import { jsonResponse, type ScimResponse } from './response.js';
import type { StoredResource } from './store.js';
import { findAttribute, resolveAttribute, type Attribute, type ResolvedAttribute, type ResourceModel } from './schema-registry.js';

export type SortOrder = 'ascending' | 'descending';

export interface ListQuery {
  filter: string | undefined;
  sortBy: string | undefined;
  sortOrder: SortOrder;
  /** 1-based, at least 1. */
  startIndex: number;
  /** The startIndex the client asked for, if any. */
  requestedStartIndex: number | undefined;
  /** The count the client asked for, if any. */
  requestedCount: number | undefined;
  /** Between 0 and the server's maxResults (above it only under max-results-not-enforced). */
  count: number;
  projection: ProjectionRequest;
}

/** The query parameters RFC 7644 §3.4.2 defines for list requests. */
const LIST_PARAMETERS = ['filter', 'sortBy', 'sortOrder', 'startIndex', 'count', 'attributes', 'excludedAttributes'] as const;
type ListParameter = (typeof LIST_PARAMETERS)[number];

/** A query parameter whatever the case of its name. */
export function queryParameter(parameters: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of parameters) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/** attributes / excludedAttributes from a query string: comma-separated names. */
export function projectionFromParameters(context: ServerContext, parameters: URLSearchParams): ProjectionRequest {
  const names = (name: string): string[] =>
    (queryParameter(parameters, name) ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
  const projection = { attributes: names('attributes'), excludedAttributes: names('excludedAttributes') };
  // Read before any write, so that the quirk's refusal leaves nothing created or changed.
  const qualified = [...projection.attributes, ...projection.excludedAttributes].find((name) => name.includes(':'));
  if (qualified !== undefined && context.quirks.has('urn-attribute-names-rejected')) {
    throw badRequest('invalidValue', `"${qualified}" is not an attribute name`);
  }
  return projection;
}

export function unknownListParameters(parameters: URLSearchParams): string[] {
  const known = new Set(LIST_PARAMETERS.map((p) => p.toLowerCase()));
  return [...new Set(parameters.keys())].filter((key) => !known.has(key.toLowerCase()));
}

export function queryFromParameters(context: ServerContext, parameters: URLSearchParams): ListQuery {
  const get = (name: ListParameter): string | undefined => queryParameter(parameters, name);
  return buildQuery(context, {
    filter: get('filter'),
    sortBy: get('sortBy'),
    sortOrder: get('sortOrder'),
    startIndex: integerParameter(context, 'startIndex', get('startIndex')),
    count: integerParameter(context, 'count', get('count')),
    projection: projectionFromParameters(context, parameters),
  });
}

function integerParameter(context: ServerContext, name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) {
    if (context.quirks.has('paging-non-integer-500')) throw new ScimError(500, `the server failed to read ${name}`);
    throw badRequest('invalidValue', `${name} must be an integer, not "${text}"`);
  }
  return Number(text.trim());
}

const SEARCH_MEMBERS = ['schemas', ...LIST_PARAMETERS] as const;

/** The query a SearchRequest body (POST …/.search) describes. */
export function queryFromSearchRequest(context: ServerContext, body: JsonValue): ListQuery {
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', 'a SearchRequest is a JSON object');
  const members = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(body)) {
    const name = SEARCH_MEMBERS.find((m) => m.toLowerCase() === key.toLowerCase());
    if (name === undefined) throw badRequest('invalidSyntax', `a SearchRequest has no member "${key}"`);
    members.set(name, value);
  }
  const schemas = members.get('schemas');
  const schemasMayBeAbsent = schemas === undefined && context.quirks.has('search-schemas-optional');
  const searchRequestUrn = Array.isArray(schemas) && schemas.length === 1 && typeof schemas[0] === 'string' && schemas[0].toLowerCase() === URN.searchRequest.toLowerCase();
  if (!schemasMayBeAbsent && !searchRequestUrn) {
    throw badRequest('invalidSyntax', `a SearchRequest's "schemas" must be ["${URN.searchRequest}"]`);
  }
  const text = (name: ListParameter): string | undefined => {
    const value = members.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw badRequest('invalidValue', `"${name}" must be a string`);
    return value;
  };
  const integer = (name: ListParameter): number | undefined => {
    const value = members.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest('invalidValue', `"${name}" must be an integer`);
    return value;
  };
  const names = (name: ListParameter): string[] => {
    const value = members.get(name);
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return value.split(',').map((n) => n.trim()).filter((n) => n !== '');
    if (!Array.isArray(value) || !value.every((n) => typeof n === 'string')) {
      throw badRequest('invalidValue', `"${name}" must be an array of attribute names`);
    }
    return value.map((n) => n.trim()).filter((n) => n !== '');
  };
  const { quirks } = context;
  return buildQuery(context, {
    filter: quirks.has('search-ignores-filter') ? undefined : text('filter'),
    sortBy: quirks.has('search-ignores-sort') ? undefined : text('sortBy'),
    sortOrder: quirks.has('search-ignores-sort') ? undefined : text('sortOrder'),
    startIndex: integer('startIndex'),
    count: integer('count'),
    projection: quirks.has('search-ignores-projection')
      ? { attributes: [], excludedAttributes: [] }
      : { attributes: names('attributes'), excludedAttributes: names('excludedAttributes') },
  });
}

interface RawQuery {
  filter: string | undefined;
  sortBy: string | undefined;
  sortOrder: string | undefined;
  startIndex: number | undefined;
  count: number | undefined;
  projection: ProjectionRequest;
}

function buildQuery(context: ServerContext, raw: RawQuery): ListQuery {
  // RFC 7644 §3.4.2.4 makes count=0 a valid request for totalResults alone; the quirk fails on it.
  if (raw.count === 0 && context.quirks.has('count-zero-500')) throw new ScimError(500, 'the server failed to page the results');
  let sortOrder: SortOrder = 'ascending';
  if (raw.sortOrder !== undefined) {
    const lower = raw.sortOrder.toLowerCase();
    if (lower !== 'ascending' && lower !== 'descending') {
      throw badRequest('invalidValue', `sortOrder must be "ascending" or "descending", not "${raw.sortOrder}"`);
    }
    // The quirk reads every order as the default one.
    if (!context.quirks.has('sort-order-ignored')) sortOrder = lower;
  }
  return {
    filter: raw.filter,
    sortBy: raw.sortBy,
    sortOrder,
    // Table 6: a startIndex below 1 is read as 1, a negative count as 0.
    startIndex: Math.max(1, raw.startIndex ?? 1),
    requestedStartIndex: raw.startIndex,
    requestedCount: raw.count,
    count: Math.max(0, raw.count !== undefined && raw.count > context.maxResults && context.quirks.has('max-results-not-enforced') ? raw.count : Math.min(context.maxResults, raw.count ?? context.maxResults)),
    projection: raw.projection,
  };
}

/** Runs a query over one resource type and answers with a ListResponse. */
export function runQuery(context: ServerContext, model: ResourceModel, query: ListQuery): ScimResponse {
  return answerQuery(context, [model], query, false);
}

/**
 * Runs a query over every resource type at once, as the server root's /.search does (RFC 7644 §3.4.2.1,
 * §3.4.3): an attribute a type does not define has no value there, in filters and in sorting.
 */
export function runRootQuery(context: ServerContext, models: readonly ResourceModel[], query: ListQuery): ScimResponse {
  return answerQuery(context, models, query, true);
}

/** A representation and the resource type it belongs to. */
interface TypedView {
  view: JsonObject;
  model: ResourceModel;
}

function answerQuery(context: ServerContext, models: readonly ResourceModel[], query: ListQuery, acrossTypes: boolean): ScimResponse {
  const build = (record: StoredResource): JsonObject => representation(context, record);
  let views: TypedView[] = models.flatMap((model) => {
    const all = context.store.list(model.name).map((record) => context.store.cachedView(record, build));
    const matching = query.filter === undefined ? all : all.filter(compileQueryFilter(context, query.filter, model, acrossTypes));
    return matching.map((view) => ({ view, model }));
  });
  if (query.filter !== undefined && views.length === 0 && context.quirks.has('no-match-404')) throw new ScimError(404, 'no resource matches the filter');
  const { sortBy } = query;
  const sorts = sortBy !== undefined && !context.quirks.has('sort-ignored');
  const sort = (unsorted: TypedView[]): TypedView[] => (sorts ? sortViews(context, unsorted, sortBy, query.sortOrder) : unsorted);
  const perPage = sorts && context.quirks.has('sort-per-page');
  if (!perPage) views = sort(views);
  // The quirk reads such a startIndex as 1, in the page and in the startIndex answered (1 is the first page already).
  const paged = query.startIndex > Math.max(1, views.length) && context.quirks.has('paging-start-index-past-end-first-page') ? { ...query, startIndex: 1, requestedStartIndex: 1 } : query;
  const bounds = pageBounds(context, paged, views.length);
  const page = perPage ? sort(views.slice(...bounds)) : views.slice(...bounds);
  const projection = query.projection.attributes.length > 0 && context.quirks.has('attributes-ignored-on-list') ? { ...query.projection, attributes: [] } : query.projection;
  const resources = page.map(({ view, model }) => project(view, model, projection, context.quirks));
  const totalResults = page.length !== views.length && context.quirks.has('paging-total-results-page-size') ? page.length : views.length;
  const { requestedCount } = query;
  const itemsPerPage = requestedCount !== undefined && requestedCount !== resources.length && context.quirks.has('paging-items-per-page-requested') ? requestedCount : resources.length;
  return jsonResponse(200, listResponse(context, totalResults, paged.startIndex, itemsPerPage, resources));
}

/** The slice of `found` results a page holds: from the 1-based startIndex, at most count of them. */
function pageBounds(context: ServerContext, query: ListQuery, found: number): [number, number] {
  const { quirks } = context;
  // Read as an offset, a startIndex of 1 or more moves the page one result on; below 1 both readings start at the first.
  const first = found > 0 && (query.requestedStartIndex ?? 0) > 0 && quirks.has('paging-zero-based-start-index') ? query.startIndex : query.startIndex - 1;
  // Ignoring count makes a difference only when more results are left than count lets through.
  const size = query.count !== context.maxResults && found > first + Math.min(query.count, context.maxResults) && quirks.has('paging-count-ignored') ? context.maxResults : query.count;
  return [first, first + size];
}

/** Operators and logical keywords outside string literals, as written. */
const FILTER_KEYWORDS = /\b(?:eq|ne|co|sw|ew|gt|ge|lt|le|pr|and|or|not)\b/gi;
const STRING_LITERALS = /"(?:[^"\\]|\\.)*"/g;

function compileQueryFilter(context: ServerContext, text: string, model: ResourceModel, acrossTypes: boolean): Predicate {
  const { quirks } = context;
  const keywords = (text.replace(STRING_LITERALS, '""').match(FILTER_KEYWORDS) ?? []).map((keyword) => ({ keyword, lower: keyword.toLowerCase() }));
  const unknown = keywords.find(({ keyword, lower }) => keyword !== lower);
  if (unknown !== undefined && quirks.has('filter-operators-case-sensitive')) throw badRequest('invalidFilter', `unknown operator '${unknown.keyword}'`);
  // Precedence decides nothing unless `and` and `or` both occur.
  const mixesAndOr = keywords.some(({ lower }) => lower === 'and') && keywords.some(({ lower }) => lower === 'or');
  try {
    const filter = parseFilter(text, mixesAndOr && quirks.has('filter-no-precedence') ? 'left-to-right' : 'rfc');
    if (keywords.some(({ lower }) => lower === 'co') && quirks.has('filter-co-declined')) throw badRequest('invalidFilter', 'the operator co is not supported');
    if (context.partial.eqOnlyFilters === true && (filter.kind !== 'compare' || filter.op !== 'eq')) {
      throw badRequest('invalidFilter', 'only filters of one comparison with eq are supported');
    }
    return compileFilter(filter, model, quirks, acrossTypes);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    if (quirks.has('invalid-filter-500')) throw new ScimError(500, `filter evaluation failed: ${error.message}`);
    throw badRequest('invalidFilter', quirks.has('invalid-filter-detail-generic') ? 'the filter is not valid' : error.message);
  }
}

function listResponse(context: ServerContext, totalResults: number, startIndex: number, itemsPerPage: number, resources: JsonObject[]): JsonObject {
  const { quirks } = context;
  const body: JsonObject = {
    schemas: [quirks.has('list-wrong-schemas') ? 'urn:ietf:params:scim:api:messages:2.0:SearchResponse' : URN.listResponse],
    totalResults: quirks.has('list-total-results-string') ? String(totalResults) : totalResults,
  };
  if (!quirks.has('list-omits-paging-members')) {
    body.itemsPerPage = itemsPerPage;
    body.startIndex = startIndex;
  }
  if (!quirks.has('list-omits-resources')) body.Resources = resources;
  return body;
}

/**
 * Orders representations by one attribute (§3.4.2.3): case-insensitively unless the attribute is
 * case-exact; for a multi-valued attribute by its primary value, else its first; resources without a
 * value last when ascending, first when descending. A name a resource type does not have gives its
 * resources no value, so over one type it leaves the order as it was.
 */
function sortViews(context: ServerContext, views: TypedView[], sortBy: string, order: SortOrder): TypedView[] {
  const { quirks } = context;
  const leaves = new Map<ResourceModel, { resolved: ResolvedAttribute; leaf: Attribute } | undefined>();
  const sortAttribute = (model: ResourceModel): { resolved: ResolvedAttribute; leaf: Attribute } | undefined => {
    if (leaves.has(model)) return leaves.get(model);
    const parsed = parseAttributeName(sortBy.trim(), model);
    if (parsed === undefined || parsed.kind === 'extension') throw badRequest('invalidValue', `sortBy "${sortBy}" is not an attribute name`);
    const resolved = resolveAttribute(model, parsed.reference);
    const leaf = resolved === undefined || resolved.attribute.returned === 'never' ? undefined : sortLeaf(resolved);
    const found = resolved === undefined || leaf === undefined ? undefined : { resolved, leaf };
    leaves.set(model, found);
    return found;
  };
  const keyed = views.map((entry) => {
    const attribute = sortAttribute(entry.model);
    return { entry, key: attribute === undefined ? undefined : sortKey(context, entry.view, attribute.resolved, attribute.leaf) };
  });
  const direction = order === 'ascending' ? 1 : -1;
  const missingPlace = quirks.has('sort-missing-first') ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      if (a.key === b.key) return 0;
      return (a.key === undefined ? 1 : -1) * missingPlace * direction;
    }
    return compareKeys(a.key, b.key) * direction;
  });
  return keyed.map((k) => k.entry);
}

type SortKey = string | number | boolean;

/** The simple attribute whose values are compared: the sub-attribute named, else `value` of a complex one. */
function sortLeaf(resolved: ResolvedAttribute): Attribute | undefined {
  if (resolved.subAttribute !== undefined) return resolved.subAttribute;
  if (resolved.attribute.type !== 'complex') return resolved.attribute;
  return findAttribute(resolved.attribute.subAttributes, 'value');
}

function sortKey(context: ServerContext, view: JsonObject, resolved: ResolvedAttribute, leaf: Attribute): SortKey | undefined {
  const { quirks } = context;
  const container = resolved.extension === undefined ? view : view[resolved.extension];
  if (!isJsonObject(container)) return undefined;
  let value: JsonValue | undefined = container[resolved.attribute.name];
  if (Array.isArray(value)) {
    const primary = quirks.has('sort-ignores-primary') ? undefined : value.find((v) => isJsonObject(v) && v.primary === true);
    value = primary ?? value[0];
  }
  if (leaf !== resolved.attribute) value = isJsonObject(value) ? value[leaf.name] : undefined;
  switch (leaf.type) {
    case 'string':
    case 'reference':
    case 'binary': {
      if (typeof value !== 'string' || value === '') return undefined;
      const caseExact = leaf.caseExact ? !quirks.has('sort-case-exact-folded') : quirks.has('sort-case-sensitive');
      return prepareString(value, caseExact);
    }
    case 'dateTime':
      return typeof value === 'string' ? parseDateTime(value) : undefined;
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'complex':
      return undefined;
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Number(a) - Number(b);
}
