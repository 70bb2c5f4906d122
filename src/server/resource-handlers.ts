/**
 * /Users, /Groups and /Credentials: create (RFC 7644 §3.3), read (§3.4.1), query (§3.4.2, §3.4.3, also at the root), replace
 * (§3.5.1), modify (§3.5.2), delete (§3.6), with ETag preconditions (§3.14).
 */
import { randomUUID } from 'node:crypto';
import { getMember, isJsonObject, type JsonObject } from '../scim/json.js';
import { URN } from '../scim/urns.js';
import { etagOf, modelOf, publishedLocation, type ServerContext } from './context.js';
import { badRequest, ScimError } from './errors.js';
import { projectionFromParameters, queryFromParameters, queryFromSearchRequest, runQuery, runRootQuery, unknownListParameters } from './list-query.js';
import { applyPatch, parsePatchRequest, type PatchOperation } from './patch.js';
import { project, type ProjectionRequest } from './projection.js';
import { representation } from './representation.js';
import { readJsonBody, type ScimRequest } from './request.js';
import { checkResource, checkUserRules, mergeReplacement, normaliseResourceBody } from './resource-input.js';
import { prepareString } from './comparison.js';
import { emptyResponse, jsonResponse, type ScimResponse } from './response.js';
import { extensionByUrn, type ResourceModel } from './schema-registry.js';
import type { StoredResource } from './store.js';

function now(): string {
  return new Date().toISOString();
}

export function listResources(context: ServerContext, model: ResourceModel, request: ScimRequest): ScimResponse {
  const unknown = unknownListParameters(request.query);
  if (unknown.length > 0 && context.quirks.has('list-rejects-unknown-params')) throw badRequest('invalidValue', `unknown query parameter "${unknown[0] ?? ''}"`);
  return runQuery(context, model, queryFromParameters(context, request.query));
}

export function searchResources(context: ServerContext, model: ResourceModel, request: ScimRequest): ScimResponse {
  return runQuery(context, model, queryFromSearchRequest(context, readJsonBody(context, request)));
}

/** POST {base}/.search: one query over every resource type (RFC 7644 §3.4.2.1, §3.4.3). */
export function searchAllResources(context: ServerContext, request: ScimRequest): ScimResponse {
  const { registry } = context;
  const models = context.quirks.has('root-search-users-only') ? [registry.user] : registry.resourceTypes;
  return runRootQuery(context, models, queryFromSearchRequest(context, readJsonBody(context, request)));
}

export function createResource(context: ServerContext, model: ResourceModel, request: ScimRequest): ScimResponse {
  const sent = readJsonBody(context, request);
  if (!isJsonObject(sent)) throw badRequest('invalidSyntax', `a ${model.name} is a JSON object`);
  const [firstMember] = Object.keys(sent);
  if (firstMember !== undefined && firstMember.toLowerCase() !== 'schemas' && context.quirks.has('schemas-member-first-required')) {
    throw badRequest('invalidSyntax', 'the body must begin with "schemas"');
  }
  // The quirk reads a body without schemas as one of the type's core schema.
  const body = getMember(sent, 'schemas') === undefined && context.quirks.has('create-schemas-optional') ? { ...sent, schemas: [model.core.id] } : sent;
  const projection = writeProjection(context, request, writtenNames(model, body));
  const normalised = normaliseResourceBody(model, astralReplaced(context, body), context.quirks, () => !context.quirks.has('create-required-unchecked'));
  if (normalised.externalId === undefined && context.quirks.has('external-id-invented')) normalised.externalId = `sp-${randomUUID()}`;
  const data = prepareForStore(context, model, normalised, { operation: 'create' });
  const created = now();
  // The quirk moves lastModified away from created, which a never-modified resource must not show.
  const lastModified = context.quirks.has('last-modified-after-created') ? new Date(Date.parse(created) + 1000).toISOString() : created;
  const clientId = typeof body.id === 'string' && body.id !== '' && context.quirks.has('create-keeps-client-id') ? body.id : undefined;
  const record = context.store.create(model.name, data, created, lastModified, clientId);
  const headers: Record<string, string> = { ETag: etagOf(context, record) };
  if (!context.quirks.has('create-omits-location')) headers.Location = publishedLocation(context, model, record.id);
  const view = representation(context, record);
  if (context.quirks.has('create-omits-meta')) delete view.meta;
  const status = context.quirks.has('create-200') ? 200 : 201;
  return jsonResponse(status, projected(context, view, model, projection), headers);
}

/**
 * The body as stored. The quirk keeps only characters of the Basic Multilingual Plane, replacing the others
 * (an emoji) with U+FFFD, as a database whose "utf8" holds three bytes a character at most does.
 */
function astralReplaced(context: ServerContext, body: JsonObject): JsonObject {
  const text = JSON.stringify(body);
  if (!/[\ud800-\udfff]/.test(text) || !context.quirks.has('astral-characters-replaced')) return body;
  const replaced: unknown = JSON.parse(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '\ufffd'));
  return isJsonObject(replaced) ? replaced : body;
}

export function readResource(context: ServerContext, model: ResourceModel, request: ScimRequest, id: string): ScimResponse {
  const projection = projectionFromParameters(context, request.query);
  const record = findResource(context, model, id);
  const etag = etagOf(context, record);
  const ifNoneMatch = request.headers['if-none-match'];
  const notModified = matchesEtag(ifNoneMatch, etag) || (ifNoneMatch !== undefined && context.quirks.has('if-none-match-any-304'));
  if (notModified && !context.quirks.has('if-none-match-ignored')) {
    return emptyResponse(304, { ETag: etag });
  }
  const view = representation(context, record);
  if (view.userName !== undefined && context.quirks.has('read-omits-username')) delete view.userName;
  return jsonResponse(200, projected(context, view, model, projection), { ETag: etag });
}

export function replaceResource(context: ServerContext, model: ResourceModel, request: ScimRequest, id: string): ScimResponse {
  if (context.store.get(model.name, id) === undefined && context.quirks.has('put-creates')) return createResource(context, model, request);
  const record = findResource(context, model, id);
  checkIfMatch(context, request, record);
  const body = readJsonBody(context, request);
  if (!isJsonObject(body)) throw badRequest('invalidSyntax', `a ${model.name} is a JSON object`);
  const projection = writeProjection(context, request, writtenNames(model, body));
  if ((body.id !== undefined || body.meta !== undefined) && context.quirks.has('put-rejects-read-only')) throw badRequest('mutability', 'id and meta are readOnly');
  const incoming = normaliseResourceBody(model, body, context.quirks, () => !context.quirks.has('replace-required-unchecked'));
  const replacement = mergeReplacement(model, record.data, incoming, context.quirks);
  if (context.quirks.has('put-merges')) mergeMultiValued(model, record.data, replacement);
  // The quirk keeps every stored value over the one the PUT gives, as a PATCH add of new attributes would.
  if (model.name !== 'User' && context.quirks.has('put-merges-custom-types')) Object.assign(replacement, record.data);
  const data = prepareForStore(context, model, checkResource(model, replacement), { operation: 'replace', selfId: record.id });
  context.store.update(record, data, now());
  return resourceResponse(context, record, projection);
}

export function patchResource(context: ServerContext, model: ResourceModel, request: ScimRequest, id: string): ScimResponse {
  if (context.partial.noPatch === true) {
    if (context.quirks.has('patch-unsupported-400')) throw badRequest('invalidSyntax', 'PATCH is not supported');
    throw new ScimError(501, 'PATCH is not supported');
  }
  const record = findResource(context, model, id);
  checkIfMatch(context, request, record);
  const operations = parsePatchRequest(readJsonBody(context, request), context.quirks);
  const projection = writeProjection(context, request, operations.flatMap((operation) => {
    if (operation.path !== undefined) return [operation.path.replace(/\[.*$/, '')];
    return isJsonObject(operation.value) ? writtenNames(model, operation.value) : [];
  }));
  const patchedData = (applied: readonly PatchOperation[]): JsonObject =>
    prepareForStore(context, model, checkResource(model, applyPatch(model, record.data, representation(context, record), applied, context.quirks)), {
      operation: 'patch',
      selfId: record.id,
    });
  let data: JsonObject;
  try {
    data = patchedData(operations);
  } catch (error) {
    if (context.quirks.has('patch-not-atomic')) storeSucceedingPrefix(context, record, operations, patchedData);
    throw error;
  }
  if (context.quirks.has('patch-extension-schemas-unchanged')) data = { ...data, schemas: record.data.schemas ?? [] };
  if (context.quirks.has('patch-not-stored')) {
    return jsonResponse(200, projected(context, representation(context, { ...record, data }), model, projection), { ETag: etagOf(context, record) });
  }
  // Adding what is already there changes nothing, not even lastModified (RFC 7644 §3.5.2.1).
  if (!context.store.update(record, data, now()) && context.quirks.has('patch-unchanged-touches')) context.store.touch(record, now());
  return resourceResponse(context, record, projection);
}

/** Stores the result of the operations before the first one that fails, as a server without transactions would. */
function storeSucceedingPrefix(context: ServerContext, record: StoredResource, operations: readonly PatchOperation[], patchedData: (applied: readonly PatchOperation[]) => JsonObject): void {
  let stored: JsonObject | undefined;
  for (let count = 1; count < operations.length; count += 1) {
    try {
      stored = patchedData(operations.slice(0, count));
    } catch {
      break;
    }
  }
  if (stored !== undefined) context.store.update(record, stored, now());
}

export function deleteResource(context: ServerContext, model: ResourceModel, request: ScimRequest, id: string): ScimResponse {
  const record = findResource(context, model, id);
  checkIfMatch(context, request, record);
  if (!context.quirks.has('delete-not-effective')) context.store.delete(record, now());
  return context.quirks.has('delete-200') ? jsonResponse(200, {}) : emptyResponse(204);
}

function resourceResponse(context: ServerContext, record: StoredResource, projection: ProjectionRequest): ScimResponse {
  const view = representation(context, record);
  return jsonResponse(200, projected(context, view, modelOf(context, record), projection), { ETag: etagOf(context, record) });
}

/** What the response to a POST, PUT or PATCH returns: attributes and excludedAttributes apply there too (RFC 7644 §3.9). */
function writeProjection(context: ServerContext, request: ScimRequest, written: readonly string[]): ProjectionRequest {
  const projection = projectionFromParameters(context, request.query);
  const asksProjection = projection.attributes.length > 0 || projection.excludedAttributes.length > 0;
  if (asksProjection && context.quirks.has('attributes-ignored-on-write-responses')) return { attributes: [], excludedAttributes: [], written };
  return { ...projection, written };
}

/** The attributes a resource body (or a PATCH value without a path) writes, extension ones qualified by their URN. */
function writtenNames(model: ResourceModel, body: JsonObject): string[] {
  return Object.entries(body).flatMap(([key, value]) =>
    extensionByUrn(model, key) !== undefined && isJsonObject(value) ? Object.keys(value).map((name) => `${key}:${name}`) : [key]);
}

/** The response body of one resource: its representation trimmed to what the request asks for. */
function projected(context: ServerContext, view: JsonObject, model: ResourceModel, projection: ProjectionRequest): JsonObject {
  const body = project(view, model, projection, context.quirks);
  const excludesId = projection.excludedAttributes.some((name) => name.trim().toLowerCase() === 'id');
  if (excludesId && context.quirks.has('excluded-attributes-drop-always')) delete body.id;
  // The password is writeOnly and returned:never (RFC 7643 §4.1.1); the quirk shows it anyway.
  if (view.password !== undefined && context.quirks.has('password-returned')) body.password = view.password;
  const enterprise = body[URN.enterpriseUser];
  if (isJsonObject(enterprise) && context.quirks.has('enterprise-attributes-top-level')) return { ...enterprise, ...body };
  return body;
}

/** Keeps the values a multi-valued attribute had before a PUT next to the ones the PUT gives. */
function mergeMultiValued(model: ResourceModel, existing: JsonObject, replacement: JsonObject): void {
  for (const attribute of model.core.attributes) {
    const before = existing[attribute.name];
    const after = replacement[attribute.name];
    if (attribute.multiValued && Array.isArray(before)) replacement[attribute.name] = [...before, ...(Array.isArray(after) ? after : [])];
  }
}

function findResource(context: ServerContext, model: ResourceModel, id: string): StoredResource {
  const record = context.store.get(model.name, id);
  if (record !== undefined) return record;
  if (context.quirks.has('unknown-id-500')) throw new ScimError(500, `the server failed to look up ${model.name} ${id}`);
  throw new ScimError(404, `no ${model.name} with id "${id}"`);
}

/**
 * What the store needs beyond the schema: a unique userName (409 uniqueness, RFC 7644 §3.3), unique
 * values of the other attributes the core schema marks unique (RFC 7643 §7), and group members that are
 * existing Users, each with its type and display name filled in.
 */
function prepareForStore(context: ServerContext, model: ResourceModel, data: JsonObject, write: StoreWrite): JsonObject {
  checkUniqueAttributes(context, model, data, write);
  if (model.name === 'User') {
    checkUserRules(context.userRules, data);
    if (context.userRules.uniqueEmails === true) checkUniqueEmails(context, data, write);
    const userName = data.userName;
    const holder = typeof userName === 'string' ? context.store.userWithName(userName) : undefined;
    if (holder !== undefined && holder !== write.selfId && checksUniqueness(context, write.operation)) {
      throw uniquenessConflict(context, `userName "${String(userName)}" is already taken`);
    }
    if (holder === undefined && typeof userName === 'string' && context.store.heldByDeletedUser(userName) && context.quirks.has('deleted-values-held')) {
      throw uniquenessConflict(context, `userName "${userName}" belonged to a deleted User`);
    }
    return data;
  }
  const members = model.name === 'Group' ? data.members : undefined;
  if (!Array.isArray(members)) return data;
  const seen = new Set<string>();
  const prepared: JsonObject[] = [];
  for (const member of members) {
    if (!isJsonObject(member) || typeof member.value !== 'string') throw badRequest('invalidValue', 'every member needs a "value": the id of a User');
    const { value, type } = member;
    if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
      throw badRequest('invalidValue', `member ${value}: only Users can be members`);
    }
    const user = context.store.get('User', value);
    if (user === undefined) throw badRequest('invalidValue', `member ${value} is not the id of a User`);
    if (seen.has(value)) continue;
    seen.add(value);
    const display = user.data.displayName ?? user.data.userName;
    const entry: JsonObject = { value };
    if (typeof display === 'string') entry.display = display;
    entry.type = 'User';
    prepared.push(entry);
  }
  return { ...data, members: prepared };
}

interface StoreWrite {
  operation: 'create' | 'replace' | 'patch';
  /** The resource being replaced or patched, which may keep its own userName. */
  selfId?: string;
}

function checksUniqueness(context: ServerContext, operation: StoreWrite['operation']): boolean {
  if (operation === 'replace') return !context.quirks.has('uniqueness-replace-unchecked');
  if (operation === 'patch') return !context.quirks.has('uniqueness-patch-unchecked');
  return true;
}

/** Single-valued string attributes of the core schema marked unique, userName aside (the store indexes it). */
function checkUniqueAttributes(context: ServerContext, model: ResourceModel, data: JsonObject, write: StoreWrite): void {
  const externalId = data.externalId;
  if (typeof externalId === 'string') {
    const holder = context.store.list(model.name).find((record) => record.id !== write.selfId && record.data.externalId === externalId);
    // externalId is the client's and not unique (RFC 7643 §3.1); the quirk holds it unique all the same.
    if (holder !== undefined && context.quirks.has('external-id-unique')) throw uniquenessConflict(context, `externalId "${externalId}" is already taken`);
  }
  for (const attribute of model.core.attributes) {
    const value = data[attribute.name];
    const unique = attribute.uniqueness === 'server' || attribute.uniqueness === 'global';
    if (!unique || attribute.name === 'userName' || attribute.multiValued || typeof value !== 'string') continue;
    const key = prepareString(value, attribute.caseExact);
    const holder = context.store.list(model.name).find((record) => {
      const held = record.data[attribute.name];
      return record.id !== write.selfId && typeof held === 'string' && prepareString(held, attribute.caseExact) === key;
    });
    if (holder !== undefined && !context.quirks.has('uniqueness-advertised-unchecked') && checksUniqueness(context, write.operation)) {
      throw uniquenessConflict(context, `${attribute.name} "${value}" is already taken`);
    }
  }
}

/** The tenant rule that an e-mail address belongs to one User: compared without case, as mail domains are. */
function checkUniqueEmails(context: ServerContext, data: JsonObject, write: StoreWrite): void {
  const addresses = (user: JsonObject): string[] =>
    (Array.isArray(user.emails) ? user.emails : []).flatMap((email) => (isJsonObject(email) && typeof email.value === 'string' ? [email.value.toLowerCase()] : []));
  const wanted = new Set(addresses(data));
  if (wanted.size === 0) return;
  for (const user of context.store.list('User')) {
    if (user.id === write.selfId) continue;
    const taken = addresses(user.data).find((address) => wanted.has(address));
    if (taken !== undefined) throw uniquenessConflict(context, `this tenant holds each e-mail address once, and ${taken} belongs to another User`);
  }
}

function uniquenessConflict(context: ServerContext, detail: string): ScimError {
  if (context.quirks.has('uniqueness-400')) return badRequest('invalidValue', detail);
  return new ScimError(409, detail, context.quirks.has('uniqueness-no-scim-type') ? undefined : 'uniqueness');
}

/** Entity tags compared weakly (RFC 9110 §8.8.3.2): `W/"3"` matches `"3"`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

function checkIfMatch(context: ServerContext, request: ScimRequest, record: StoredResource): void {
  const header = request.headers['if-match'];
  if (header !== undefined && !matchesEtag(header, etagOf(context, record)) && !context.quirks.has('if-match-ignored')) {
    throw new ScimError(412, `the resource has changed: its version is now ${etagOf(context, record)}`);
  }
}
