/** The schema model of RFC 7643 §7, as advertised by /Schemas and /ResourceTypes. */

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
  endpoint: string;
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
