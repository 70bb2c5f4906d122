/**
 * The schemas and resource types the server implements: loaded from fixtures/schemas, with the
 * characteristics' defaults (RFC 7643 §2.2) filled in, plus the common attributes of RFC 7643 §3.1,
 * which every resource has although no schema lists them.
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from '../package-files.js';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../scim/json.js';
import {
  ATTRIBUTE_DEFAULTS,
  ATTRIBUTE_TYPES,
  MUTABILITIES,
  RETURNED_VALUES,
  UNIQUENESS_VALUES,
  type AttributeType,
  type Mutability,
  type Returned,
  type Uniqueness,
} from '../scim/schema.js';
import { URN } from '../scim/urns.js';

/** An attribute definition with every characteristic resolved. */

/** An extension schema no registry holds, which quirks advertise for the User type (and put in Users' schemas). */
export const DANGLING_EXTENSION = 'urn:example:params:scim:schemas:extension:absent:2.0:User';

export interface Attribute {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  subAttributes: Attribute[];
}

export interface LoadedSchema {
  id: string;
  name: string;
  attributes: Attribute[];
  /** The definition as the fixture holds it, served by /Schemas. */
  document: JsonObject;
}

export type ResourceTypeName = 'User' | 'Group' | 'Credential';

/**
 * The reference server's own custom resource type, as a vendor would add one (RFC 7643 §6): its schema
 * URN is outside the IETF namespace, and its attributes carry the characteristics (immutable, writeOnly,
 * canonicalValues) that the checks must handle on any type, not only on User and Group.
 */
export const CREDENTIAL_SCHEMA = 'urn:scimprobe:params:scim:schemas:reference:2.0:Credential';

export interface ResourceModel {
  name: ResourceTypeName;
  /** Relative to the base URL, with a leading slash. */
  endpoint: string;
  description: string;
  core: LoadedSchema;
  extensions: LoadedSchema[];
}

/** A resolved attribute reference: where the attribute lives and its definition. */
export interface ResolvedAttribute {
  /** The extension URN whose object holds the attribute; absent for core and common attributes. */
  extension?: string;
  attribute: Attribute;
  subAttribute?: Attribute;
}

/** A reference as written in a request: optional schema URN, attribute, optional sub-attribute. */
export interface AttributeReference {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

function simple(name: string, type: AttributeType, traits: Partial<Attribute> = {}): Attribute {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    subAttributes: [],
    ...traits,
  };
}

/** RFC 7643 §3 and §3.1: `schemas`, `id`, `externalId` and `meta`. */
export const COMMON_ATTRIBUTES: readonly Attribute[] = [
  simple('schemas', 'reference', { multiValued: true, required: true, returned: 'always' }),
  simple('id', 'string', { caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' }),
  simple('externalId', 'string', { caseExact: true }),
  simple('meta', 'complex', {
    mutability: 'readOnly',
    subAttributes: [
      simple('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      simple('created', 'dateTime', { mutability: 'readOnly' }),
      simple('lastModified', 'dateTime', { mutability: 'readOnly' }),
      simple('location', 'reference', { caseExact: true, mutability: 'readOnly' }),
      simple('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

export function findAttribute(attributes: readonly Attribute[], name: string): Attribute | undefined {
  const lower = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === lower);
}

function oneOf<T extends string>(allowed: readonly T[], value: JsonValue | undefined, fallback: T, where: string): T {
  if (value === undefined) return fallback;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new Error(`${where}: unexpected value ${JSON.stringify(value)}`);
  return found;
}

function booleanOr(value: JsonValue | undefined, fallback: boolean, where: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${where}: expected a boolean`);
  return value;
}

function toAttribute(value: JsonValue, where: string): Attribute {
  if (!isJsonObject(value) || typeof value.name !== 'string') throw new Error(`${where}: not an attribute definition`);
  const at = `${where}.${value.name}`;
  if (value.type === undefined) throw new Error(`${at}: no type`);
  const type = oneOf(ATTRIBUTE_TYPES, value.type, 'string', at);
  const subAttributes = value.subAttributes;
  if (subAttributes !== undefined && !Array.isArray(subAttributes)) throw new Error(`${at}: subAttributes is not an array`);
  return {
    name: value.name,
    type,
    multiValued: booleanOr(value.multiValued, false, at),
    required: booleanOr(value.required, ATTRIBUTE_DEFAULTS.required, at),
    // Binary values are compared exactly whatever the definition says (RFC 7643 §2.3.6).
    caseExact: type === 'binary' || booleanOr(value.caseExact, ATTRIBUTE_DEFAULTS.caseExact, at),
    mutability: oneOf(MUTABILITIES, value.mutability, ATTRIBUTE_DEFAULTS.mutability, at),
    returned: oneOf(RETURNED_VALUES, value.returned, ATTRIBUTE_DEFAULTS.returned, at),
    uniqueness: oneOf(UNIQUENESS_VALUES, value.uniqueness, ATTRIBUTE_DEFAULTS.uniqueness, at),
    subAttributes: (subAttributes ?? []).map((s) => toAttribute(s, at)),
  };
}

function loadSchema(file: string): LoadedSchema {
  const path = fixturePath('schemas', file);
  const document = parseJson(readFileSync(path, 'utf8'));
  if (!isJsonObject(document) || typeof document.id !== 'string' || typeof document.name !== 'string' || !Array.isArray(document.attributes)) {
    throw new Error(`${path}: not a schema definition`);
  }
  const id = document.id;
  return { id, name: document.name, attributes: document.attributes.map((a) => toAttribute(a, id)), document };
}

export class SchemaRegistry {
  readonly user: ResourceModel;
  readonly group: ResourceModel;
  readonly credential: ResourceModel;
  readonly schemas: readonly LoadedSchema[];

  constructor() {
    const user = loadSchema('user.json');
    const group = loadSchema('group.json');
    const enterpriseUser = loadSchema('enterprise-user.json');
    const credential = loadSchema('credential.json');
    if (user.id !== URN.user || group.id !== URN.group || enterpriseUser.id !== URN.enterpriseUser || credential.id !== CREDENTIAL_SCHEMA) {
      throw new Error('fixtures/schemas: unexpected schema ids');
    }
    this.schemas = [user, group, enterpriseUser, credential];
    this.user = { name: 'User', endpoint: '/Users', description: 'User accounts', core: user, extensions: [enterpriseUser] };
    this.group = { name: 'Group', endpoint: '/Groups', description: 'Groups of users', core: group, extensions: [] };
    this.credential = { name: 'Credential', endpoint: '/Credentials', description: 'Secrets for signing in to other systems', core: credential, extensions: [] };
  }

  get resourceTypes(): readonly ResourceModel[] {
    return [this.user, this.group, this.credential];
  }

  modelNamed(name: ResourceTypeName): ResourceModel {
    switch (name) {
      case 'User':
        return this.user;
      case 'Group':
        return this.group;
      case 'Credential':
        return this.credential;
    }
  }

  schemaById(id: string): LoadedSchema | undefined {
    const lower = id.toLowerCase();
    return this.schemas.find((s) => s.id.toLowerCase() === lower);
  }
}

/** Every schema URN a resource of this type may carry: its core schema first, then its extensions. */
export function schemaUrns(model: ResourceModel): string[] {
  return [model.core.id, ...model.extensions.map((e) => e.id)];
}

export function extensionByUrn(model: ResourceModel, urn: string): LoadedSchema | undefined {
  const lower = urn.toLowerCase();
  return model.extensions.find((e) => e.id.toLowerCase() === lower);
}

/**
 * Finds the attribute a reference names. Without a schema URN the common attributes, then the core
 * schema, then the extensions are searched (RFC 7644 §3.10). Names are case-insensitive.
 */
export function resolveAttribute(model: ResourceModel, reference: AttributeReference): ResolvedAttribute | undefined {
  const found = findTopLevel(model, reference);
  if (found === undefined) return undefined;
  if (reference.subAttribute === undefined) return found;
  if (found.attribute.type !== 'complex') return undefined;
  const subAttribute = findAttribute(found.attribute.subAttributes, reference.subAttribute);
  return subAttribute === undefined ? undefined : { ...found, subAttribute };
}

function findTopLevel(model: ResourceModel, reference: AttributeReference): ResolvedAttribute | undefined {
  const inCore = (): ResolvedAttribute | undefined => {
    const attribute = findAttribute(COMMON_ATTRIBUTES, reference.attribute) ?? findAttribute(model.core.attributes, reference.attribute);
    return attribute === undefined ? undefined : { attribute };
  };
  const inExtension = (extension: LoadedSchema): ResolvedAttribute | undefined => {
    const attribute = findAttribute(extension.attributes, reference.attribute);
    return attribute === undefined ? undefined : { extension: extension.id, attribute };
  };
  if (reference.schema !== undefined) {
    if (reference.schema.toLowerCase() === model.core.id.toLowerCase()) return inCore();
    const extension = extensionByUrn(model, reference.schema);
    return extension === undefined ? undefined : inExtension(extension);
  }
  const core = inCore();
  if (core !== undefined) return core;
  for (const extension of model.extensions) {
    const found = inExtension(extension);
    if (found !== undefined) return found;
  }
  return undefined;
}
