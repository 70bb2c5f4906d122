/**
 * The discovery endpoints (RFC 7644 §4; RFC 7643 §5–7): /ServiceProviderConfig, /ResourceTypes and
 * /Schemas. Their query parameters are ignored: the whole set is always returned.
 */
import { isJsonObject, type JsonObject } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import type { ServerContext } from './context.js';
import { ScimError } from './errors.js';
import { cloneJson } from './json-values.js';
import { queryParameter } from './list-query.js';
import type { ScimRequest } from './request.js';
import { jsonResponse, type ScimResponse } from './response.js';
import { DANGLING_EXTENSION, type LoadedSchema, type ResourceModel } from './schema-registry.js';


export function getServiceProviderConfig(context: ServerContext): ScimResponse {
  const { quirks } = context;
  const body: JsonObject = {
    schemas: [quirks.has('spc-wrong-schemas') ? URN.resourceType : URN.serviceProviderConfig],
    patch: { supported: context.partial.noPatch !== true },
    bulk: context.partial.noBulk === true
      ? { supported: false, maxOperations: 0, maxPayloadSize: 0 }
      : { supported: true, maxOperations: context.maxBulkOperations, maxPayloadSize: context.maxPayloadSize },
    filter: { supported: !quirks.has('spc-filter-unadvertised'), maxResults: context.maxResults },
    changePassword: { supported: true },
    sort: { supported: true },
  };
  if (!quirks.has('spc-missing-etag')) body.etag = { supported: true };
  body.authenticationSchemes = [
    {
      type: 'oauthbearertoken',
      name: 'OAuth Bearer Token',
      description: 'A bearer token in the Authorization header',
      specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
      primary: true,
    },
  ];
  body.meta = { resourceType: 'ServiceProviderConfig', location: `${context.baseUrl}/ServiceProviderConfig` };
  return jsonResponse(200, body);
}

function resourceTypeDocument(context: ServerContext, model: ResourceModel): JsonObject {
  const schemaExtensions = model.extensions.map((e): JsonObject => ({ schema: e.id, required: false }));
  if (model.name === 'User' && (context.quirks.has('resource-type-dangling-extension') || context.quirks.has('user-schemas-unserved-extension'))) {
    schemaExtensions.push({ schema: DANGLING_EXTENSION, required: false });
  }
  const document: JsonObject = {};
  if (!context.quirks.has('resource-types-missing-schemas')) document.schemas = [URN.resourceType];
  Object.assign(document, {
    id: model.name,
    name: model.name,
    endpoint: context.quirks.has('endpoint-with-base-path') ? `${new URL(context.baseUrl).pathname}${model.endpoint}` : model.endpoint,
    description: model.description,
    schema: model.core.id,
  });
  if (schemaExtensions.length > 0) document.schemaExtensions = schemaExtensions;
  document.meta = { resourceType: 'ResourceType', location: `${context.baseUrl}/ResourceTypes/${model.name}` };
  return document;
}

export function listResourceTypes(context: ServerContext, request: ScimRequest): ScimResponse {
  refuseFilter(context, request);
  const documents = context.registry.resourceTypes.map((model) => resourceTypeDocument(context, model));
  return jsonResponse(200, discoveryList(context, request, documents));
}

export function getResourceType(context: ServerContext, name: string): ScimResponse {
  const model = context.registry.resourceTypes.find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (model === undefined) throw new ScimError(404, `no resource type named "${name}"`);
  const document = resourceTypeDocument(context, model);
  if (context.quirks.has('resource-type-by-name-wrapped')) {
    return jsonResponse(200, { schemas: [URN.listResponse], totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [document] });
  }
  return jsonResponse(200, document);
}

// What the schemas-lists-api-messages quirk wrongly exposes: a protocol message as if it were a resource schema.
const LIST_RESPONSE_SCHEMA: JsonObject = {
  id: URN.listResponse,
  name: 'ListResponse',
  description: 'A page of query results',
  attributes: [
    { name: 'totalResults', type: 'integer', multiValued: false, required: true, mutability: 'readOnly', returned: 'always' },
    { name: 'itemsPerPage', type: 'integer', multiValued: false, required: false, mutability: 'readOnly', returned: 'always' },
    { name: 'startIndex', type: 'integer', multiValued: false, required: false, mutability: 'readOnly', returned: 'always' },
  ],
};

function schemaDocuments(context: ServerContext): JsonObject[] {
  const documents = context.registry.schemas.map((schema) => schemaDocument(context, schema));
  if (context.quirks.has('schemas-lists-api-messages')) documents.push(withSchemaMeta(context, cloneJson(LIST_RESPONSE_SCHEMA), URN.listResponse));
  return documents;
}

function schemaDocument(context: ServerContext, schema: LoadedSchema): JsonObject {
  const definition = cloneJson(schema.document);
  if (schema.id === URN.user && context.quirks.has('schema-attribute-missing-type') && Array.isArray(definition.attributes)) {
    for (const attribute of definition.attributes) {
      if (isJsonObject(attribute) && attribute.name === 'nickName') delete attribute.type;
    }
  }
  if (schema.id === URN.user && context.quirks.has('schema-complex-without-sub-attributes')) withDefinitionOf(definition, 'photos', (photos) => delete photos.subAttributes);
  if (schema.id === URN.group && context.quirks.has('schema-group-members-mutable')) {
    withDefinitionOf(definition, 'members', (members) => {
      for (const sub of Array.isArray(members.subAttributes) ? members.subAttributes : []) if (isJsonObject(sub)) sub.mutability = 'readWrite';
    });
  }
  return withSchemaMeta(context, definition, schema.id);
}

function withDefinitionOf(schema: JsonObject, name: string, change: (attribute: JsonObject) => void): void {
  for (const attribute of Array.isArray(schema.attributes) ? schema.attributes : []) if (isJsonObject(attribute) && attribute.name === name) change(attribute);
}

function withSchemaMeta(context: ServerContext, definition: JsonObject, id: string): JsonObject {
  return {
    schemas: [URN.schema],
    ...definition,
    meta: { resourceType: 'Schema', location: `${context.baseUrl}/Schemas/${id}` },
  };
}

export function listSchemas(context: ServerContext, request: ScimRequest): ScimResponse {
  refuseFilter(context, request);
  const documents = schemaDocuments(context);
  if (context.quirks.has('schemas-plain-array')) return jsonResponse(200, documents);
  return jsonResponse(200, discoveryList(context, request, documents));
}

export function getSchema(context: ServerContext, id: string): ScimResponse {
  const document = context.quirks.has('schema-by-id-404')
    ? undefined
    : schemaDocuments(context).find((d) => typeof d.id === 'string' && d.id.toLowerCase() === id.toLowerCase());
  if (document === undefined) throw new ScimError(404, `no schema with id "${id}"`);
  return jsonResponse(200, document);
}

/** A ListResponse of every discovery resource: paging parameters are ignored (RFC 7644 §4). */
/** A filter on a discovery endpoint would be ignored, so a client could take its conditions as met (RFC 7644 §4). */
function refuseFilter(context: ServerContext, request: ScimRequest): void {
  if (queryParameter(request.query, 'filter') !== undefined && !context.quirks.has('discovery-filter-ignored')) {
    throw new ScimError(403, 'filters are not supported on the discovery endpoints; list them whole');
  }
}

function discoveryList(context: ServerContext, request: ScimRequest, documents: JsonObject[]): JsonObject {
  let page = documents;
  let startIndex = 1;
  const integer = (name: string): number | undefined => {
    const text = queryParameter(request.query, name);
    return text !== undefined && /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
  };
  const paging = { startIndex: integer('startIndex'), count: integer('count') };
  if ((paging.startIndex !== undefined || paging.count !== undefined) && context.quirks.has('discovery-honours-paging')) {
    startIndex = Math.max(1, paging.startIndex ?? 1);
    page = documents.slice(startIndex - 1, startIndex - 1 + Math.max(0, paging.count ?? documents.length));
  }
  return { schemas: [URN.listResponse], totalResults: documents.length, itemsPerPage: page.length, startIndex, Resources: page };
}
