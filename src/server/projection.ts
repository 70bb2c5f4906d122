/**
 * Which attributes a response returns (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §7 `returned`): `always`
 * ones whatever is asked, `never` ones never, `default` ones unless `attributes` names others or
 * `excludedAttributes` names them, `request` ones only when named.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import { parseAttributeName } from './attribute-names.js';
import type { QuirkSet } from './quirks.js';
import { COMMON_ATTRIBUTES, extensionByUrn, findAttribute, resolveAttribute, type Attribute, type ResourceModel } from './schema-registry.js';

export interface ProjectionRequest {
  /** Attribute names as the client wrote them; empty when the parameter is absent. */
  attributes: readonly string[];
  excludedAttributes: readonly string[];
  /**
   * The attributes a POST, PUT or PATCH wrote: a returned:request one among them is returned in the
   * response to that write (RFC 7643 §7). Absent for reads and queries.
   */
  written?: readonly string[];
}

/** What a list of names selects: whole attributes, or some of their sub-attributes. */
class Selection {
  private readonly whole = new Set<string>();
  private readonly subs = new Map<string, Set<string>>();

  /** wholeParents: whether a sub-attribute name selects its whole parent attribute, as the quirk has it; asked only about one. */
  constructor(model: ResourceModel, names: readonly string[], wholeParents: () => boolean) {
    for (const name of names) {
      // Names the resource type does not have select nothing; they are not an error.
      const parsed = parseAttributeName(name.trim(), model);
      if (parsed === undefined) continue;
      if (parsed.kind === 'extension') {
        this.whole.add(parsed.urn);
        continue;
      }
      const resolved = resolveAttribute(model, parsed.reference);
      if (resolved === undefined) continue;
      const key = attributeKey(resolved.extension, resolved.attribute);
      if (resolved.subAttribute === undefined || wholeParents()) this.whole.add(key);
      else {
        let subs = this.subs.get(key);
        if (subs === undefined) this.subs.set(key, (subs = new Set()));
        subs.add(resolved.subAttribute.name);
      }
    }
  }

  get empty(): boolean {
    return this.whole.size === 0 && this.subs.size === 0;
  }

  names(extension: string | undefined, attribute: Attribute): boolean {
    return this.whole.has(attributeKey(extension, attribute)) || (extension !== undefined && this.whole.has(extension));
  }

  namedSubAttributes(extension: string | undefined, attribute: Attribute): ReadonlySet<string> | undefined {
    return this.subs.get(attributeKey(extension, attribute));
  }

  /** Names the attribute, whole or by one of its sub-attributes. */
  mentions(extension: string | undefined, attribute: Attribute): boolean {
    return this.names(extension, attribute) || this.namedSubAttributes(extension, attribute) !== undefined;
  }
}

function attributeKey(extension: string | undefined, attribute: Attribute): string {
  return `${extension ?? ''}|${attribute.name}`;
}

/** Trims a full representation to what the response returns. */
export function project(view: JsonObject, model: ResourceModel, request: ProjectionRequest, quirks: QuirkSet): JsonObject {
  const wholeParents = (): boolean => quirks.has('sub-attribute-projection-ignored');
  const requested = new Selection(model, request.attributes, wholeParents);
  const excluded = new Selection(model, request.excludedAttributes.length > 0 && quirks.has('excluded-attributes-ignored') ? [] : request.excludedAttributes, wholeParents);
  const written = new Selection(model, request.written ?? [], () => false);
  const shows = (extension: string | undefined, attribute: Attribute, value: JsonValue): JsonValue | undefined =>
    projectAttribute(attribute, value, extension, { requested, excluded, written }, quirks);
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(view)) {
    const extension = extensionByUrn(model, key);
    if (extension !== undefined) {
      if (!isJsonObject(value)) continue;
      const projected: JsonObject = {};
      for (const [name, attributeValue] of Object.entries(value)) {
        const attribute = findAttribute(extension.attributes, name);
        const kept = attribute === undefined ? undefined : shows(extension.id, attribute, attributeValue);
        if (kept !== undefined) projected[name] = kept;
      }
      if (Object.keys(projected).length > 0) result[key] = projected;
      continue;
    }
    const attribute = findAttribute(COMMON_ATTRIBUTES, key) ?? findAttribute(model.core.attributes, key);
    const kept = attribute === undefined ? undefined : shows(undefined, attribute, value);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

function projectAttribute(
  attribute: Attribute,
  value: JsonValue,
  extension: string | undefined,
  { requested, excluded, written }: { requested: Selection; excluded: Selection; written: Selection },
  quirks: QuirkSet,
): JsonValue | undefined {
  if (attribute.returned === 'never') return undefined;
  if (attribute.returned === 'always') return keepSubAttributes(attribute, value, (sub) => sub.returned !== 'never' && sub.returned !== 'request');
  const named = requested.names(extension, attribute);
  const namedSubs = requested.namedSubAttributes(extension, attribute);
  const excludedSubs = excluded.namedSubAttributes(extension, attribute);
  if (!requested.empty) {
    if (named) return keepSubAttributes(attribute, value, (sub) => visibleByDefault(sub) || namedSubs?.has(sub.name) === true);
    if (namedSubs !== undefined) return keepSubAttributes(attribute, value, (sub) => sub.returned === 'always' || (sub.returned !== 'never' && namedSubs.has(sub.name)));
    return undefined;
  }
  if (attribute.returned === 'request' && !written.mentions(extension, attribute) && !quirks.has('returned-request-always')) return undefined;
  if (excluded.names(extension, attribute)) return undefined;
  return keepSubAttributes(attribute, value, (sub) => visibleByDefault(sub) && (sub.returned === 'always' || excludedSubs?.has(sub.name) !== true));
}

function visibleByDefault(attribute: Attribute): boolean {
  return attribute.returned === 'always' || attribute.returned === 'default';
}

/** The value with only the sub-attributes `keep` accepts; undefined when nothing is left. */
function keepSubAttributes(attribute: Attribute, value: JsonValue, keep: (sub: Attribute) => boolean): JsonValue | undefined {
  if (attribute.type !== 'complex') return value;
  const trim = (item: JsonValue): JsonValue | undefined => {
    if (!isJsonObject(item)) return item;
    const kept: JsonObject = {};
    for (const [name, subValue] of Object.entries(item)) {
      const sub = findAttribute(attribute.subAttributes, name);
      if (sub !== undefined && keep(sub)) kept[name] = subValue;
    }
    return Object.keys(kept).length === 0 ? undefined : kept;
  };
  if (!Array.isArray(value)) return trim(value);
  const items = value.map(trim).filter((item): item is JsonValue => item !== undefined);
  return items.length === 0 ? undefined : items;
}
