/** Finds the characteristics of the attribute a filter path names, as evaluation needs them. */
import type { AttributeDefinition, SchemaDefinition } from '../schema.js';
import type { AttributePath } from './ast.js';

/** Characteristics lookup used by evaluation: type, caseExact, multiValued of the attribute at a path. */
export interface AttributeResolver {
  (path: AttributePath): AttributeDefinition | undefined;
  /**
   * The URN of the extension schema that holds the attribute at `path` (its values live in the
   * resource's member named by that URN), or undefined for core attributes and unknown paths.
   * Without it, evaluation reads a schema-qualified path from the member named by its schema when
   * the resource has one, and from the resource's top level otherwise.
   */
  extensionOf?: (path: AttributePath) => string | undefined;
}

/**
 * The common attributes of RFC 7643 §3.1, which belong to every resource but which schemas do not
 * list. caseExact follows the RFC's prose for id, externalId, meta.resourceType and meta.version.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  { name: 'id', type: 'string', multiValued: false, caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server' },
  { name: 'externalId', type: 'string', multiValued: false, caseExact: true, mutability: 'readWrite' },
  // Schema URIs compare case-insensitively, like every URN facet in SCIM attribute notation (RFC 7644 §3.10).
  { name: 'schemas', type: 'reference', multiValued: true, caseExact: false, referenceTypes: ['uri'] },
  {
    name: 'meta',
    type: 'complex',
    multiValued: false,
    mutability: 'readOnly',
    subAttributes: [
      { name: 'resourceType', type: 'string', multiValued: false, caseExact: true, mutability: 'readOnly' },
      { name: 'created', type: 'dateTime', multiValued: false, mutability: 'readOnly' },
      { name: 'lastModified', type: 'dateTime', multiValued: false, mutability: 'readOnly' },
      { name: 'location', type: 'reference', multiValued: false, caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] },
      { name: 'version', type: 'string', multiValued: false, caseExact: true, mutability: 'readOnly' },
    ],
  },
];

/**
 * A resolver over a resource type's core schema and its extensions. Names and schema URIs match
 * case-insensitively; an unqualified name is looked up in the core schema (then the common
 * attributes), then in each extension in order. The common attributes belong to the core schema.
 */
export function createAttributeResolver(core: SchemaDefinition, extensions: SchemaDefinition[]): AttributeResolver {
  const coreAttributes = [...core.attributes, ...COMMON_ATTRIBUTES];

  /** The top-level attribute a path names, and the extension schema it belongs to, if any. */
  const locate = (path: AttributePath): { attribute: AttributeDefinition; extension?: SchemaDefinition } | undefined => {
    const schemaId = path.schema?.toLowerCase();
    if (schemaId === undefined || schemaId === core.id.toLowerCase()) {
      const attribute = findByName(coreAttributes, path.attribute);
      if (attribute !== undefined || schemaId !== undefined) return attribute && { attribute };
    }
    for (const extension of extensions) {
      if (schemaId !== undefined && extension.id.toLowerCase() !== schemaId) continue;
      const attribute = findByName(extension.attributes, path.attribute);
      if (attribute !== undefined) return { attribute, extension };
    }
    return undefined;
  };

  const resolve = (path: AttributePath): AttributeDefinition | undefined => {
    const attribute = locate(path)?.attribute;
    if (attribute === undefined || path.subAttribute === undefined) return attribute;
    return findByName(attribute.subAttributes ?? [], path.subAttribute);
  };
  return Object.assign(resolve, { extensionOf: (path: AttributePath) => locate(path)?.extension?.id });
}

function findByName(attributes: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === wanted);
}
