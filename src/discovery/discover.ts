/**
 * Discovery: /ServiceProviderConfig, /ResourceTypes and /Schemas read once before any suite runs,
 * turned into the Capabilities every suite gets. It is lenient on purpose: a malformed document is
 * the discovery checks' verdict to give, so here it only falls back to what the RFC defaults to.
 * It fails only when the target cannot be judged at all: unreachable, or credentials rejected.
 */
import { TransportError, isRedirect, type ScimClient, type ScimRequest, type ScimResponse } from '../http/client.js';
import { OAuthTokenError } from '../http/oauth.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { ATTRIBUTE_TYPES, MUTABILITIES, RETURNED_VALUES, UNIQUENESS_VALUES } from '../scim/schema.js';
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from '../scim/schema.js';
import { URN } from '../scim/urns.js';
import type { AuthenticationScheme, Capabilities } from './capabilities.js';
import { resolveEndpoints } from './endpoints.js';

export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';
}

/** The resource types RFC 7644 §3.2 names, used when /ResourceTypes gives nothing usable. */
const DEFAULT_RESOURCE_TYPES: ResourceTypeDefinition[] = [
  { name: 'User', endpoint: '/Users', schema: URN.user, schemaExtensions: [] },
  { name: 'Group', endpoint: '/Groups', schema: URN.group, schemaExtensions: [] },
];

export async function discover(client: ScimClient): Promise<Capabilities> {
  const [spc, resourceTypes, schemas] = await Promise.all([
    fetchDocument(client, '/ServiceProviderConfig'),
    fetchDocument(client, '/ResourceTypes'),
    fetchDocument(client, '/Schemas'),
  ]);
  const responses = [spc, resourceTypes, schemas];
  const redirected = responses.find((response) => isRedirect(response.status));
  if (redirected !== undefined) {
    // The recorded Location is redacted: a redirect may carry a secret in its URL.
    const location = redirected.exchange.response?.headers.location;
    throw new DiscoveryError(
      `GET ${redirected.exchange.request.url} answered ${redirected.status}${location === undefined ? '' : ` redirecting to ${location}`}: ` +
        'scimprobe does not follow redirects, so that credentials never reach another origin; give the final base URL with --url',
    );
  }
  const rejected = responses.find((response) => response.status === 401 || response.status === 403);
  if (rejected !== undefined) {
    throw new DiscoveryError(
      `credentials rejected: GET ${rejected.exchange.request.url} answered ${rejected.status}; check --token, --basic, --header or target.oauth`,
    );
  }
  if (responses.every((response) => response.status === 404)) {
    throw new DiscoveryError(
      `${client.baseUrl} does not look like a SCIM service: /ServiceProviderConfig, /ResourceTypes and /Schemas all answered 404; check that --url is the SCIM base URL`,
    );
  }
  return {
    ...readServiceProviderConfig(spc.status === 200 ? spc.json : undefined),
    resourceTypes: await resolveEndpoints(
      readResourceTypes(resourceTypes.status === 200 ? resourceTypes.json : undefined),
      client.baseUrl,
      (path, query) => fetchDocument(client, path, query),
    ),
    schemas: listResources(schemas.status === 200 ? schemas.json : undefined).flatMap(readSchema),
  };
}

async function fetchDocument(client: ScimClient, path: string, query?: ScimRequest['query']): Promise<ScimResponse> {
  try {
    return await client.get(path, query);
  } catch (error) {
    if (error instanceof TransportError) throw new DiscoveryError(`target unreachable: ${error.message}`);
    if (error instanceof OAuthTokenError) throw new DiscoveryError(error.message);
    throw error;
  }
}

type ServiceProviderFeatures = Omit<Capabilities, 'resourceTypes' | 'schemas'>;

function readServiceProviderConfig(document: JsonValue | undefined): ServiceProviderFeatures {
  const spc = isJsonObject(document) ? document : {};
  const feature = (name: string): JsonObject => {
    const value = getMember(spc, name);
    return isJsonObject(value) ? value : {};
  };
  const supported = (name: string): boolean => getMember(feature(name), 'supported') === true;
  const integer = (object: JsonObject, name: string): number => {
    const value = getMember(object, name);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
  };
  const schemes = getMember(spc, 'authenticationSchemes');
  return {
    patch: supported('patch'),
    bulk: {
      supported: supported('bulk'),
      maxOperations: integer(feature('bulk'), 'maxOperations'),
      maxPayloadSize: integer(feature('bulk'), 'maxPayloadSize'),
    },
    filter: { supported: supported('filter'), maxResults: integer(feature('filter'), 'maxResults') },
    changePassword: supported('changePassword'),
    sort: supported('sort'),
    etag: supported('etag'),
    authenticationSchemes: Array.isArray(schemes) ? schemes.flatMap(readAuthenticationScheme) : [],
  };
}

function readAuthenticationScheme(value: JsonValue): AuthenticationScheme[] {
  if (!isJsonObject(value)) return [];
  const type = getMember(value, 'type');
  const name = getMember(value, 'name');
  return [{ type: typeof type === 'string' ? type : '', name: typeof name === 'string' ? name : '' }];
}

/** The resources of a ListResponse; a bare array is accepted too (the discovery checks flag it). */
export function listResources(document: JsonValue | undefined): JsonObject[] {
  const resources = isJsonObject(document) ? getMember(document, 'Resources') : document;
  return Array.isArray(resources) ? resources.filter(isJsonObject) : [];
}

function readResourceTypes(document: JsonValue | undefined): ResourceTypeDefinition[] {
  const read = listResources(document).flatMap((resource): ResourceTypeDefinition[] => {
    const name = getMember(resource, 'name');
    const endpoint = getMember(resource, 'endpoint');
    const schema = getMember(resource, 'schema');
    if (typeof name !== 'string' || typeof endpoint !== 'string' || typeof schema !== 'string') return [];
    const extensions = getMember(resource, 'schemaExtensions');
    return [{
      name,
      endpoint,
      schema,
      schemaExtensions: (Array.isArray(extensions) ? extensions : []).filter(isJsonObject).flatMap((extension) => {
        const uri = getMember(extension, 'schema');
        return typeof uri === 'string' ? [{ schema: uri, required: getMember(extension, 'required') === true }] : [];
      }),
    }];
  });
  return read.length > 0 ? read : DEFAULT_RESOURCE_TYPES;
}

/** A schema resource of /Schemas as far as it can be read; empty when it has no id. */
export function readSchema(resource: JsonObject): SchemaDefinition[] {
  const id = getMember(resource, 'id');
  if (typeof id !== 'string') return [];
  const name = getMember(resource, 'name');
  const attributes = getMember(resource, 'attributes');
  return [{
    id,
    ...(typeof name === 'string' ? { name } : {}),
    attributes: (Array.isArray(attributes) ? attributes : []).flatMap(readAttribute),
  }];
}

function oneOf<T extends string>(allowed: readonly T[], value: JsonValue | undefined): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

/** An attribute definition as far as it can be read; one without a name or a known type is left out. */
function readAttribute(value: JsonValue): AttributeDefinition[] {
  if (!isJsonObject(value)) return [];
  const name = getMember(value, 'name');
  const type = oneOf(ATTRIBUTE_TYPES, getMember(value, 'type'));
  if (typeof name !== 'string' || type === undefined) return [];
  const bool = (key: string): boolean | undefined => {
    const member = getMember(value, key);
    return typeof member === 'boolean' ? member : undefined;
  };
  const strings = (key: string): string[] | undefined => {
    const member = getMember(value, key);
    return Array.isArray(member) ? member.filter((item): item is string => typeof item === 'string') : undefined;
  };
  const subAttributes = getMember(value, 'subAttributes');
  const definition: AttributeDefinition = { name, type, multiValued: bool('multiValued') ?? false };
  const optional = {
    required: bool('required'),
    caseExact: bool('caseExact'),
    mutability: oneOf(MUTABILITIES, getMember(value, 'mutability')),
    returned: oneOf(RETURNED_VALUES, getMember(value, 'returned')),
    uniqueness: oneOf(UNIQUENESS_VALUES, getMember(value, 'uniqueness')),
    canonicalValues: strings('canonicalValues'),
    referenceTypes: strings('referenceTypes'),
    subAttributes: Array.isArray(subAttributes) ? subAttributes.flatMap(readAttribute) : undefined,
  };
  for (const [key, member] of Object.entries(optional)) {
    if (member !== undefined) Object.assign(definition, { [key]: member });
  }
  return [definition];
}
