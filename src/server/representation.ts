/**
 * The full representation of a stored resource: its data plus what the server maintains (`id`,
 * `meta`, a User's `groups`, members' `$ref`). Projection then trims it to what a response returns.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { etagOf, modelOf, publishedLocation, resourceLocation, type ServerContext } from './context.js';
import { DANGLING_EXTENSION } from './schema-registry.js';
import type { StoredResource } from './store.js';

export function representation(context: ServerContext, record: StoredResource): JsonObject {
  const model = modelOf(context, record);
  const { schemas = [model.core.id], externalId, ...attributes } = record.data;
  const view: JsonObject = {
    schemas: context.quirks.has('resource-schemas-duplicated') && Array.isArray(schemas) ? [...schemas, model.core.id] : schemas,
    id: record.id,
  };
  // The quirk lists the extension the User ResourceType then advertises and /Schemas lacks.
  if (record.type === 'User' && Array.isArray(view.schemas) && context.quirks.has('user-schemas-unserved-extension')) view.schemas = [...view.schemas, DANGLING_EXTENSION];
  if (externalId !== undefined) view.externalId = externalId;
  for (const [name, value] of Object.entries(attributes)) {
    view[name] = name === 'members' ? withMemberReferences(context, value) : value;
  }
  if (record.type === 'User') {
    const groups = context.store.groupsOf(record.id).map((group): JsonObject => {
      const display = group.data.displayName;
      // The quirk puts the Group's name where its id belongs.
      const value = typeof display === 'string' && context.quirks.has('user-groups-value-display-name') ? display : group.id;
      const entry: JsonObject = { value, $ref: resourceLocation(context, context.registry.group, group.id) };
      if (typeof display === 'string') entry.display = display;
      entry.type = 'direct';
      return entry;
    });
    if (groups.length > 0) view.groups = groups;
  }
  const meta: JsonObject = {
    resourceType: context.quirks.has('meta-resource-type-wrong') ? model.endpoint.slice(1) : model.name,
    created: record.created,
    lastModified: record.version > 1 && context.quirks.has('last-modified-without-time')
      ? record.lastModified.slice(0, 10)
      : record.lastModified,
    location: publishedLocation(context, model, record.id),
    // The quirk drops the weak marker: meta.version then differs from the ETag header.
    version: context.quirks.has('etag-version-mismatch') ? etagOf(context, record).replace(/^W\//, '') : etagOf(context, record),
  };
  if (context.quirks.has('meta-version-omitted')) delete meta.version;
  view.meta = meta;
  return view;
}

function withMemberReferences(context: ServerContext, members: JsonValue): JsonValue {
  if (!Array.isArray(members)) return members;
  return members.map((member) => {
    if (!isJsonObject(member) || typeof member.value !== 'string') return member;
    const { value, ...rest } = member;
    // The quirk builds the member's URI on the Groups endpoint, where no such resource is.
    const memberType = context.quirks.has('group-member-ref-wrong') ? context.registry.group : context.registry.user;
    return { value, $ref: resourceLocation(context, memberType, value), ...rest };
  });
}
