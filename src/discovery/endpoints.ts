/**
 * Where the harness addresses each advertised resource type. RFC 7643 §6 makes a ResourceType's `endpoint`
 * relative to the base URL ("/Users"). Servers also advertise it with the base URL's path in it
 * ("/scim/v2/Users" under http://host/scim/v2) or as an absolute URL; appended to the base URL, that names a
 * path nothing serves, and every check of the type would fail for it. Such an endpoint is read as the
 * relative one it stands for, the resource type records what was advertised, and
 * discovery.resource-type-endpoint-relative reports the deviation once. Nothing is sent to another origin.
 */
import type { ScimResponse } from '../http/client.js';
import { basePathOf, pathUnderBase } from '../scim/base-url.js';
import { schemasOf } from '../scim/messages.js';
import type { ResourceTypeDefinition } from '../scim/schema.js';
import { URN } from '../scim/urns.js';

/**
 * How an advertised endpoint stands to the base URL, and the endpoint relative to the base URL it stands for
 * ("/Users"). Forms: `relative` as RFC 7643 §6 has it ("/Users" or "Users"); `base-path` carries the base
 * URL's path ("/scim/v2/Users" under http://host/scim/v2), and `literal` is that path below the base URL;
 * `absolute` is an absolute URL under the base URL; `elsewhere` one on another origin or outside the base path.
 */
export type EndpointReading =
  | { form: 'relative' | 'absolute' | 'elsewhere'; relative: string }
  | { form: 'base-path'; relative: string; literal: string };

/** The smallest list request: what a probe of a candidate endpoint sends. */
export const PROBE_QUERY = { startIndex: 1, count: 1 } as const;

/** What an advertised endpoint is, read against the base URL: no request is sent. */
export function readEndpoint(advertised: string, baseUrl: string): EndpointReading {
  const basePath = basePathOf(baseUrl);
  const belowBasePath = (path: string): string | undefined =>
    basePath !== '' && path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
  if (/^https?:\/\//i.test(advertised) && URL.canParse(advertised)) {
    const url = new URL(advertised);
    const under = pathUnderBase(url, baseUrl);
    // Another origin's path is read the way a gateway maps it: the base path, if it has one, then the endpoint.
    return under === undefined ? { form: 'elsewhere', relative: belowBasePath(url.pathname) ?? url.pathname } : { form: 'absolute', relative: under };
  }
  const path = advertised.startsWith('/') ? advertised : `/${advertised}`;
  const stripped = belowBasePath(path);
  return stripped === undefined ? { form: 'relative', relative: path } : { form: 'base-path', relative: stripped, literal: path };
}

/**
 * The resource types with the endpoints the harness addresses. An endpoint that carries the base URL's path
 * is ambiguous, since a server may serve that very path below its base URL: it is kept when a GET of it
 * answers a ListResponse, and read as the relative one otherwise. `get` sends a GET relative to the base URL.
 */
export async function resolveEndpoints(
  types: readonly ResourceTypeDefinition[],
  baseUrl: string,
  get: (path: string, query: typeof PROBE_QUERY) => Promise<ScimResponse>,
): Promise<ResourceTypeDefinition[]> {
  return Promise.all(types.map(async (type): Promise<ResourceTypeDefinition> => {
    const reading = readEndpoint(type.endpoint, baseUrl);
    if (reading.form === 'relative') return { ...type, endpoint: reading.relative };
    if (reading.form === 'base-path') {
      const answer = await get(reading.literal, PROBE_QUERY);
      if (answer.status === 200 && schemasOf(answer.json).includes(URN.listResponse)) return { ...type, endpoint: reading.literal };
    }
    return { ...type, endpoint: reading.relative, advertisedEndpoint: type.endpoint };
  }));
}
