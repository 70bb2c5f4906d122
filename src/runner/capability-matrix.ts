/**
 * What the target says it supports, what its answers showed, and what the run used: one row per optional
 * feature of RFC 7644 (filtering and each part of the filter language, sorting, ETags, Bulk, .search, /Me,
 * PATCH, changePassword). A reviewer reads from it why a check was skipped or judged only in part, and
 * where /ServiceProviderConfig and the target's behaviour part ways.
 */
import type { Capabilities } from '../discovery/capabilities.js';
import type { Exchange } from '../http/exchange.js';
import { parseFilter, type Filter } from '../scim/filter/index.js';
import { featureKey, filterFeatures } from '../scim/filter/features.js';
import type { CapabilityRow, Observed } from '../results/model.js';
import { isJsonObject } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import { isLanguageFeature, type FilterProbe, type FilterSupport } from './filter-support.js';

/** A request of the run as the matrix reads it: method, path, query, body, and the status answered. */
interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
  status: number | undefined;
  responseHeaders: Record<string, string>;
}

function readRequest(exchange: Exchange): Request {
  const url = new URL(exchange.request.url);
  let body: unknown;
  try {
    body = exchange.request.body === undefined ? undefined : JSON.parse(exchange.request.body);
  } catch {
    body = undefined;
  }
  return {
    method: exchange.request.method,
    path: url.pathname,
    query: url.searchParams,
    body,
    headers: Object.fromEntries(Object.entries(exchange.request.headers).map(([name, value]) => [name.toLowerCase(), value])),
    status: exchange.response?.status,
    responseHeaders: exchange.response?.headers ?? {},
  };
}

/** The filter a request sends: its `filter` parameter, or the `filter` of a SearchRequest body; undefined when none parses. */
function sentFilter(request: Request): { text: string; parsed: Filter } | undefined {
  const text = request.query.get('filter') ?? (isJsonObject(request.body) && typeof request.body.filter === 'string' ? request.body.filter : undefined);
  if (text === null || text === undefined) return undefined;
  try {
    return { text, parsed: parseFilter(text) };
  } catch {
    return undefined;
  }
}

const served = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 300;
/** Answers that say an optional feature is not there (RFC 7644 §3.12: 501 for an operation not supported). */
const absent = (status: number | undefined): boolean => status === 404 || status === 405 || status === 501;

/** Served when some request using the feature was answered 2xx, not served when every one was refused as absent. */
function observedFrom(requests: readonly Request[], declines: (status: number | undefined) => boolean = absent): Observed {
  if (requests.some((request) => served(request.status))) return 'served';
  if (requests.length > 0 && requests.every((request) => declines(request.status))) return 'not served';
  return requests.length === 0 ? 'not asked' : 'unclear';
}

function probeObserved(probe: FilterProbe): Observed {
  return probe.served ? 'served' : probe.declined ? 'not served' : 'unclear';
}

/** Distinct requests: a response a check attached from its suite's set-up appears in several checks' evidence. */
function distinct(exchanges: readonly Exchange[]): Exchange[] {
  const seen = new Map<string, Exchange>();
  for (const exchange of exchanges) seen.set(`${exchange.startedAt} ${exchange.seq} ${exchange.request.method} ${exchange.request.url}`, exchange);
  return [...seen.values()];
}

/** The discovery endpoints, whose answers to query parameters say nothing of the resources' features. */
const DISCOVERY_PATH = /\/(serviceproviderconfigs?|resourcetypes|schemas)(\/|$)/i;

export function capabilityMatrix(advertised: Capabilities, support: FilterSupport, exchanges: readonly Exchange[]): CapabilityRow[] {
  const requests = distinct(exchanges).map(readRequest).filter((request) => !DISCOVERY_PATH.test(request.path));
  // The probes ask the User endpoint, so the uses set beside them are those of User queries.
  const lastSegment = (path: string): string | undefined => path.toLowerCase().replace(/\/\.search$/, '').split('/').filter((part) => part !== '').pop();
  const userType = advertised.resourceTypes.find((type) => type.schema.toLowerCase() === URN.user.toLowerCase());
  const userSegment = userType === undefined ? undefined : lastSegment(userType.endpoint);
  const queriesUsers = (request: Request): boolean => userSegment !== undefined && lastSegment(request.path) === userSegment;
  const endsWith = (suffix: string) => (request: Request): boolean => request.path.toLowerCase().endsWith(suffix);
  // What the checks sent: the probes that asked about each feature are its `observed`, not its use.
  const probeFilters = new Set(support.probes.map((probe) => probe.filter));
  const filtered = requests.flatMap((request) => {
    const filter = sentFilter(request);
    if (filter === undefined || probeFilters.has(filter.text)) return [];
    return [{ request, features: new Set(filterFeatures(filter.parsed).map(featureKey)) }];
  });
  const row = (feature: string, advertisedValue: boolean | null, observed: Observed, used: readonly Request[]): CapabilityRow =>
    ({ feature, advertised: advertisedValue, observed, used: used.length });

  const rows: CapabilityRow[] = [];
  const equality = support.probes.find((probe) => probe.feature === 'operator eq');
  rows.push(row(
    'filter',
    advertised.filter.supported,
    equality === undefined ? observedFrom(filtered.map(({ request }) => request)) : probeObserved(equality),
    filtered.map(({ request }) => request).filter((request) => served(request.status)),
  ));
  for (const probe of support.probes) {
    const used = filtered.filter(({ request, features }) => features.has(probe.feature) && served(request.status) && queriesUsers(request)).map(({ request }) => request);
    const advertisedValue = isLanguageFeature(probe.feature) ? advertised.filter.supported : null;
    rows.push(row(`filter: ${probe.feature}`, advertisedValue, probeObserved(probe), used));
  }
  const sorted = requests.filter((request) => request.query.has('sortBy') || (isJsonObject(request.body) && 'sortBy' in request.body));
  rows.push(row('sort', advertised.sort, observedFrom(sorted, (status) => status === 400 || absent(status)), sorted));
  const conditional = requests.filter((request) => request.headers['if-match'] !== undefined || request.headers['if-none-match'] !== undefined);
  const tagged = requests.filter((request) => request.responseHeaders.etag !== undefined);
  rows.push(row('etag', advertised.etag, tagged.length > 0 ? 'served' : requests.some((request) => served(request.status)) ? 'not served' : 'not asked', conditional));
  const bulk = requests.filter((request) => request.method === 'POST' && endsWith('/bulk')(request));
  rows.push(row('bulk', advertised.bulk.supported, observedFrom(bulk), bulk));
  const search = requests.filter((request) => request.method === 'POST' && endsWith('/.search')(request));
  rows.push(row('.search', null, observedFrom(search), search));
  const me = requests.filter(endsWith('/me'));
  rows.push(row('/Me', null, observedFrom(me), me));
  const patch = requests.filter((request) => request.method === 'PATCH');
  rows.push(row('patch', advertised.patch, observedFrom(patch), patch));
  const password = requests.filter((request) => ['PUT', 'PATCH'].includes(request.method) && request.body !== undefined && JSON.stringify(request.body).toLowerCase().includes('"password"'));
  rows.push(row('changePassword', advertised.changePassword, observedFrom(password), password));
  return rows;
}
