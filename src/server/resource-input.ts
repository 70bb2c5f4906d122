/**
 * Turns what a client wrote into what the store keeps: attribute names in their canonical case, values
 * checked against the attribute types, `null` and `[]` as unassigned (RFC 7643 §2.5), readOnly values
 * dropped (RFC 7644 §3.3, §3.5.1), and the rules every stored resource obeys.
 */
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../scim/json.js';
import type { UserRules } from './context.js';
import { isBase64, isUriReference, parseDateTime } from './comparison.js';
import { badRequest, ScimError } from './errors.js';
import { jsonEqual } from './json-values.js';
import type { QuirkSet } from './quirks.js';
import {
  COMMON_ATTRIBUTES,
  extensionByUrn,
  findAttribute,
  schemaUrns,
  type Attribute,
  type LoadedSchema,
  type ResourceModel,
} from './schema-registry.js';

/**
 * The stored form of a value written to `attribute`; undefined when it leaves the attribute unassigned.
 * `quirks` are given for the values of a POST or PUT body, which the body quirks below change.
 */
export function normaliseValue(attribute: Attribute, value: JsonValue, where: string, quirks?: QuirkSet): JsonValue | undefined {
  const empty = value === null || (Array.isArray(value) && value.length === 0);
  if (empty && quirks?.has('null-values-refused') === true) throw badRequest('invalidValue', `${where} must have a value`);
  if (value === null) return undefined;
  if (!attribute.multiValued) return normaliseSingleValue(attribute, value, where, quirks);
  if (!Array.isArray(value)) throw badRequest('invalidValue', `${where} is multi-valued: it takes an array`);
  const values: JsonValue[] = [];
  for (const item of value) {
    const normalised = item === null ? undefined : normaliseSingleValue(attribute, item, where, quirks);
    if (normalised === undefined) continue;
    // The same value twice is kept once (RFC 7643 §2.4).
    const repeated = values.some((v) => jsonEqual(v, normalised));
    if (!repeated || quirks?.has('duplicate-values-kept') === true) values.push(normalised);
  }
  if (values.filter((v) => isJsonObject(v) && v.primary === true).length > 1) {
    throw badRequest('invalidValue', `${where}: at most one value may be primary`);
  }
  return values.length === 0 ? undefined : values;
}

/** One value of `attribute` (one element when it is multi-valued). */
export function normaliseSingleValue(attribute: Attribute, value: JsonValue, where: string, quirks?: QuirkSet): JsonValue | undefined {
  const wrongType = (): ScimError => badRequest('invalidValue', `${where} must be ${describeType(attribute)}`);
  // A string where a boolean or a number belongs, stored as sent under the quirk.
  const stringKept = (): boolean => typeof value === 'string' && quirks?.has('string-scalars-accepted') === true;
  // A string that is no dateTime, base64 or URI, stored as sent under the quirk.
  const malformedKept = (): boolean => typeof value === 'string' && quirks?.has('value-formats-unchecked') === true;
  switch (attribute.type) {
    case 'complex': {
      if (!isJsonObject(value)) throw wrongType();
      return normaliseMembers(attribute.subAttributes, value, `${where}.`, quirks);
    }
    case 'string':
      if (typeof value !== 'string') throw wrongType();
      return value;
    case 'reference':
      if (typeof value !== 'string' || (!isUriReference(value) && !malformedKept())) throw wrongType();
      return value;
    case 'binary':
      if (typeof value !== 'string' || (!isBase64(value) && !malformedKept())) throw wrongType();
      // The quirk stores base64 without its padding, as a base64url encoder would.
      return value.endsWith('=') && quirks?.has('binary-padding-dropped') === true ? value.replace(/=+$/, '') : value;
    case 'dateTime':
      if (typeof value !== 'string' || (parseDateTime(value) === undefined && !malformedKept())) throw wrongType();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean' && !stringKept()) throw wrongType();
      return value;
    case 'integer':
      if ((typeof value !== 'number' || !Number.isInteger(value)) && !stringKept()) throw wrongType();
      return value;
    case 'decimal':
      if (typeof value !== 'number' && !stringKept()) throw wrongType();
      return value;
  }
}

function describeType(attribute: Attribute): string {
  switch (attribute.type) {
    case 'complex':
      return 'an object';
    case 'reference':
      return 'a URI';
    case 'dateTime':
      return 'an xsd:dateTime string';
    case 'binary':
      return 'a base64 string';
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a number';
    default:
      return `a ${attribute.type}`;
  }
}

/**
 * The members of an object (a complex value, or an extension's attributes) under their canonical
 * names, readOnly ones dropped; undefined when none is left. Unknown or repeated names are invalidSyntax.
 */
function normaliseMembers(attributes: readonly Attribute[], object: JsonObject, prefix: string, quirks?: QuirkSet): JsonObject | undefined {
  const result: JsonObject = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(object)) {
    const attribute = findAttribute(attributes, key);
    if (attribute === undefined) throw badRequest('invalidSyntax', `there is no attribute ${prefix}${key}`);
    if (seen.has(attribute.name)) throw badRequest('invalidSyntax', `${prefix}${attribute.name} is given twice`);
    seen.add(attribute.name);
    // The quirk keeps a readOnly sub-attribute (manager.displayName) as the client wrote it.
    if (attribute.mutability === 'readOnly' && (!prefix.endsWith('.') || value === null || quirks?.has('read-only-sub-attributes-kept') !== true)) continue;
    const normalised = normaliseValue(attribute, value, `${prefix}${attribute.name}`, quirks);
    if (normalised !== undefined) result[attribute.name] = normalised;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/**
 * The stored form of a POST or PUT body, checked with `checkResource`. The quirks that change how a body
 * is read are asked here, each only when the body is one it changes.
 */
export function normaliseResourceBody(model: ResourceModel, body: JsonObject, quirks: QuirkSet, refusesMissing: MissingRequiredRule = refuseMissing): JsonObject {
  const data: JsonObject = {};
  let schemas: JsonValue | undefined;
  const seen = new Set<string>();
  const claim = (name: string): void => {
    if (seen.has(name.toLowerCase())) throw badRequest('invalidSyntax', `"${name}" is given twice`);
    seen.add(name.toLowerCase());
  };
  for (const [key, value] of Object.entries(body)) {
    const extension = extensionByUrn(model, key);
    if (extension !== undefined) {
      claim(extension.id);
      const attributes = normaliseExtension(extension, value, quirks);
      if (attributes !== undefined) data[extension.id] = attributes;
      continue;
    }
    const attribute = findAttribute(COMMON_ATTRIBUTES, key) ?? findAttribute(model.core.attributes, key);
    if (attribute === undefined || (key !== attribute.name && quirks.has('attribute-names-case-sensitive'))) {
      throw badRequest('invalidSyntax', `a ${model.name} has no attribute "${key}"`);
    }
    claim(attribute.name);
    if (attribute.name === 'schemas') schemas = value;
    else if (attribute.mutability !== 'readOnly') {
      const normalised = normaliseValue(attribute, value, attribute.name, quirks);
      if (normalised !== undefined) data[attribute.name] = normalised;
    }
  }
  const externalId = data.externalId;
  if (typeof externalId === 'string' && externalId !== externalId.toLowerCase() && quirks.has('external-id-lower-cased')) data.externalId = externalId.toLowerCase();
  if (schemas === undefined) throw badRequest('invalidSyntax', 'the body has no "schemas"');
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
    throw badRequest('invalidSyntax', '"schemas" must be an array of schema URIs');
  }
  const known = schemaUrns(model).map((urn) => urn.toLowerCase());
  const listed = schemas.filter((urn) => typeof urn !== 'string' || known.includes(urn.toLowerCase()));
  // The quirk drops the URIs the type does not have instead of refusing them.
  data.schemas = listed.length < schemas.length && quirks.has('schemas-unknown-uris-ignored') ? listed : schemas;
  const [first] = schemas;
  if (typeof first === 'string' && first.toLowerCase() !== model.core.id.toLowerCase() && quirks.has('schemas-core-first-required')) {
    throw badRequest('invalidValue', `"schemas" must begin with ${model.core.id}`);
  }
  return checkResource(model, data, refusesMissing);
}

function normaliseExtension(extension: LoadedSchema, value: JsonValue, quirks: QuirkSet): JsonObject | undefined {
  if (value === null) return undefined;
  if (!isJsonObject(value)) throw badRequest('invalidValue', `"${extension.id}" must be an object`);
  return normaliseMembers(extension.attributes, value, `${extension.id}:`, quirks);
}

/**
 * Checks the rules every stored resource obeys and returns it with `schemas` in canonical form: the
 * core URN first, then the extensions in use (RFC 7643 §3). Throws 400 invalidValue otherwise.
 */
export function checkResource(model: ResourceModel, data: JsonObject, refusesMissing: MissingRequiredRule = refuseMissing): JsonObject {
  const declared = data.schemas;
  const known = schemaUrns(model);
  const urns = new Set<string>();
  for (const urn of Array.isArray(declared) ? declared : []) {
    const match = typeof urn === 'string' ? known.find((k) => k.toLowerCase() === urn.toLowerCase()) : undefined;
    if (match === undefined) throw badRequest('invalidValue', `"schemas" holds ${JSON.stringify(urn)}, which a ${model.name} does not have`);
    urns.add(match);
  }
  if (!urns.has(model.core.id)) throw badRequest('invalidValue', `"schemas" must hold ${model.core.id}`);
  for (const extension of model.extensions) {
    if (data[extension.id] !== undefined) urns.add(extension.id);
  }
  for (const attribute of model.core.attributes) requirePresent(attribute, data, attribute.name, refusesMissing);
  for (const extension of model.extensions) {
    const values = data[extension.id];
    if (!urns.has(extension.id)) continue;
    for (const attribute of extension.attributes) {
      requirePresent(attribute, isJsonObject(values) ? values : {}, `${extension.id}:${attribute.name}`, refusesMissing);
    }
  }
  return { ...data, schemas: known.filter((urn) => urns.has(urn)) };
}

/** Whether a missing required attribute is refused: asked only when one is missing, as a quirk answers it (see quirks.ts). */
export type MissingRequiredRule = () => boolean;

const refuseMissing: MissingRequiredRule = () => true;

function requirePresent(attribute: Attribute, values: JsonObject, where: string, refusesMissing: MissingRequiredRule): void {
  if (!attribute.required) return;
  const value = values[attribute.name];
  if ((value === undefined || (typeof value === 'string' && value.trim() === '')) && refusesMissing()) {
    throw badRequest('invalidValue', `${where} is required`);
  }
}

/**
 * The data a PUT leaves behind (RFC 7644 §3.5.1): the new values, except that an immutable attribute
 * that has a value keeps it (a different value is refused) and a writeOnly value the client cannot
 * have read back is kept unless the body gives a new one. The immutable-overwritten-on-put quirk lets a
 * PUT change an immutable value.
 */
export function mergeReplacement(model: ResourceModel, existing: JsonObject, incoming: JsonObject, quirks: QuirkSet): JsonObject {
  const merged: JsonObject = { ...incoming };
  const keep = (attributes: readonly Attribute[], from: JsonObject, into: JsonObject, where: string): void => {
    for (const attribute of attributes) {
      const before = from[attribute.name];
      const after = into[attribute.name];
      if (before === undefined && after !== undefined && attribute.mutability === 'immutable' && quirks.has('immutable-unset-refused-on-put')) {
        throw badRequest('mutability', `${where}${attribute.name} is immutable`);
      }
      if (before === undefined) continue;
      // The quirk reads a required attribute the PUT leaves out as one to keep, instead of refusing the PUT.
      if (after === undefined && attribute.required && quirks.has('replace-required-unchecked')) {
        into[attribute.name] = before;
        continue;
      }
      if (attribute.mutability === 'immutable' && after !== undefined && quirks.has('immutable-overwritten-on-put')) continue;
      if (attribute.mutability === 'immutable') {
        if (after !== undefined && !jsonEqual(before, after)) {
          throw badRequest('mutability', `${where}${attribute.name} is immutable and already has a value`);
        }
        into[attribute.name] = before;
      } else if (attribute.mutability === 'writeOnly' && after === undefined) {
        into[attribute.name] = before;
      } else if (attribute.type === 'complex' && !attribute.multiValued && isJsonObject(before) && isJsonObject(after)) {
        const nested = { ...after };
        keep(attribute.subAttributes, before, nested, `${where}${attribute.name}.`);
        into[attribute.name] = nested;
      }
    }
  };
  keep(model.core.attributes, existing, merged, '');
  for (const extension of model.extensions) {
    const before = existing[extension.id];
    if (!isJsonObject(before)) continue;
    const after = merged[extension.id];
    const nested = isJsonObject(after) ? { ...after } : {};
    keep(extension.attributes, before, nested, `${extension.id}:`);
    if (Object.keys(nested).length > 0) merged[extension.id] = nested;
  }
  return merged;
}

/** Throws 400 invalidValue when a User breaks one of the tenant's own rules. */
export function checkUserRules(rules: UserRules, data: JsonObject): void {
  const { userNameDomain, required = [] } = rules;
  const userName = data.userName;
  if (userNameDomain !== undefined && (typeof userName !== 'string' || !userName.toLowerCase().endsWith(`@${userNameDomain.toLowerCase()}`))) {
    throw badRequest('invalidValue', `this tenant requires userName to be an e-mail address in ${userNameDomain}, got ${JSON.stringify(userName ?? null)}`);
  }
  for (const path of required) {
    let value: JsonValue | undefined = data;
    for (const name of path.split('.')) value = isJsonObject(value) ? getMember(value, name) : undefined;
    if (value === undefined || value === null || value === '') throw badRequest('invalidValue', `this tenant requires every User to have ${path}`);
  }
}
