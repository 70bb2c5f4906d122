/**
 * Which handler answers which method and path under the base URL. Unknown paths are 404 and known
 * paths with another method 405 with an Allow header (RFC 9110 §15.5.6), both as SCIM errors.
 */
import { URN } from '../scim/urns.js';
import type { ServerContext } from './context.js';
import { getResourceType, getSchema, getServiceProviderConfig, listResourceTypes, listSchemas } from './discovery.js';
import { processBulk } from './bulk.js';
import { badRequest, htmlError, ScimError } from './errors.js';
import type { ScimRequest } from './request.js';
import {
  createResource,
  deleteResource,
  listResources,
  patchResource,
  readResource,
  replaceResource,
  searchAllResources,
  searchResources,
} from './resource-handlers.js';
import { jsonResponse, type ScimResponse } from './response.js';
import type { ResourceModel } from './schema-registry.js';

type Handler = (context: ServerContext, request: ScimRequest, parameter: string) => ScimResponse;

interface Route {
  /** Literal segments; `*` matches any one segment, passed to the handler. */
  pattern: readonly string[];
  handlers: Readonly<Record<string, Handler>>;
  /** Answers every method (for endpoints the server declares unsupported). */
  any?: Handler;
}

const notImplemented =
  (detail: string): Handler =>
  () => {
    throw new ScimError(501, detail);
  };

function resourceRoutes(endpoint: string, model: (context: ServerContext) => ResourceModel): Route[] {
  return [
    {
      pattern: [endpoint],
      handlers: {
        GET: (c, r) => listResources(c, model(c), r),
        POST: (c, r) => createResource(c, model(c), r),
      },
    },
    {
      pattern: [endpoint, '.search'],
      handlers: { POST: (c, r) => (c.quirks.has('search-as-create') ? createResource(c, model(c), r) : searchResources(c, model(c), r)) },
    },
    {
      pattern: [endpoint, '*'],
      handlers: {
        GET: (c, r, id) => readResource(c, model(c), r, id),
        PUT: (c, r, id) => replaceResource(c, model(c), r, id),
        PATCH: (c, r, id) => patchResource(c, model(c), r, id),
        DELETE: (c, r, id) => deleteResource(c, model(c), r, id),
      },
    },
  ];
}

const ROUTES: readonly Route[] = [
  { pattern: ['ServiceProviderConfig'], handlers: { GET: (c) => getServiceProviderConfig(c) } },
  { pattern: ['ResourceTypes'], handlers: { GET: (c, r) => listResourceTypes(c, r) } },
  { pattern: ['ResourceTypes', '*'], handlers: { GET: (c, _r, name) => getResourceType(c, name) } },
  { pattern: ['Schemas'], handlers: { GET: (c, r) => listSchemas(c, r) } },
  { pattern: ['Schemas', '*'], handlers: { GET: (c, _r, id) => getSchema(c, id) } },
  ...resourceRoutes('Users', (c) => c.registry.user),
  ...resourceRoutes('Groups', (c) => c.registry.group),
  ...resourceRoutes('Credentials', (c) => c.registry.credential),
  { pattern: ['Bulk'], handlers: { POST: (c, r) => processBulk(c, r, route) } },
  {
    pattern: ['Me'],
    handlers: {},
    any: (c) => {
      if (c.quirks.has('me-404')) throw new ScimError(404, 'no endpoint at /Me');
      throw new ScimError(501, '/Me is not supported');
    },
  },
  { pattern: [], handlers: {}, any: notImplemented('queries across resource types at the base URL are not supported') },
  { pattern: ['.search'], handlers: { POST: (c, r) => searchAllResources(c, r) } },
];

function match(pattern: readonly string[], segments: readonly string[]): string | undefined {
  if (pattern.length !== segments.length) return undefined;
  let parameter = '';
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? '';
    if (part === '*') parameter = segment;
    else if (part !== segment) return undefined;
  }
  return parameter;
}

export function route(context: ServerContext, request: ScimRequest): ScimResponse {
  if (context.quirks.has('credentials-unimplemented') && request.segments[0] === 'Credentials') {
    throw new ScimError(404, `no endpoint at /${request.segments.join('/')}`);
  }
  for (const candidate of ROUTES) {
    const parameter = match(candidate.pattern, request.segments);
    if (parameter === undefined) continue;
    const handler = candidate.handlers[request.method] ?? candidate.any;
    if (handler === undefined) {
      const get = candidate.handlers.GET;
      if (context.quirks.has('unsupported-method-200') && get !== undefined) return get(context, request, parameter);
      if (context.quirks.has('unsupported-method-400')) throw badRequest('invalidSyntax', `${request.method} is not supported here`);
      const allow = Object.keys(candidate.handlers).join(', ');
      throw new ScimError(405, `${request.method} is not supported here; use ${allow}`, undefined, { Allow: allow });
    }
    return handler(context, request, parameter);
  }
  if (context.quirks.has('unknown-endpoint-200')) {
    return jsonResponse(200, { schemas: [URN.listResponse], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
  }
  const unknown = new ScimError(404, `no endpoint at /${request.segments.join('/')}`);
  if (context.quirks.has('gateway-html-404')) return htmlError(unknown);
  throw unknown;
}

/** True for the one request that needs no credentials: reading the service provider configuration. */
export function isPublic(request: Pick<ScimRequest, 'method' | 'segments'>): boolean {
  return request.method === 'GET' && request.segments.length === 1 && request.segments[0] === 'ServiceProviderConfig';
}
