/** The schema model of RFC 7643 §7, as advertised by /Schemas and /ResourceTypes. */
import { URN } from './urns.js';

export const ATTRIBUTE_TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const MUTABILITIES = ['readOnly', 'readWrite', 'immutable', 'writeOnly'] as const;
export type Mutability = (typeof MUTABILITIES)[number];

export const RETURNED_VALUES = ['always', 'never', 'default', 'request'] as const;
export type Returned = (typeof RETURNED_VALUES)[number];

export const UNIQUENESS_VALUES = ['none', 'server', 'global'] as const;
export type Uniqueness = (typeof UNIQUENESS_VALUES)[number];

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description?: string;
  required?: boolean;
  canonicalValues?: string[];
  caseExact?: boolean;
  mutability?: Mutability;
  returned?: Returned;
  uniqueness?: Uniqueness;
  referenceTypes?: string[];
  subAttributes?: AttributeDefinition[];
}

export interface SchemaDefinition {
  id: string;
  name?: string;
  description?: string;
  attributes: AttributeDefinition[];
}

export interface SchemaExtensionReference {
  schema: string;
  required: boolean;
}

export interface ResourceTypeDefinition {
  id?: string;
  name: string;
  /** Relative to the base URL ("/Users"): where the harness addresses the type's resources. */
  endpoint: string;
  /**
   * The endpoint as /ResourceTypes gave it, when that is not relative to the base URL (RFC 7643 §6) and
   * `endpoint` is the relative one it stands for (see src/discovery/endpoints.ts).
   */
  advertisedEndpoint?: string;
  description?: string;
  schema: string;
  schemaExtensions?: SchemaExtensionReference[];
}

/** The schema with this URI among the advertised ones; schema URIs compare case-insensitively, as every URN facet does (RFC 7644 §3.10). */
export function findSchema(schemas: readonly SchemaDefinition[], id: string): SchemaDefinition | undefined {
  const wanted = id.toLowerCase();
  return schemas.find((schema) => schema.id.toLowerCase() === wanted);
}

/** Characteristics the RFC assigns when a definition leaves them out (RFC 7643 §2.2). */
export const ATTRIBUTE_DEFAULTS = {
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
} as const satisfies Partial<AttributeDefinition>;

/**
 * The attributes that name a resource of the type, in which the harness's resources carry the run prefix:
 * userName and Group displayName, and for other types the unique single-valued strings of the core
 * schema, which generated resources fill with the run's unique names.
 */
export function namingAttributes(type: ResourceTypeDefinition, schemas: readonly SchemaDefinition[]): string[] {
  const schema = type.schema.toLowerCase();
  if (schema === URN.user.toLowerCase()) return ['userName'];
  if (schema === URN.group.toLowerCase()) return ['displayName'];
  const core = findSchema(schemas, schema);
  return (core?.attributes ?? [])
    .filter((attribute) => attribute.type === 'string' && !attribute.multiValued && (attribute.uniqueness === 'server' || attribute.uniqueness === 'global'))
    .map((attribute) => attribute.name);
}
