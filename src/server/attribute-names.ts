/**
 * Attribute names as the `attributes`, `excludedAttributes` and `sortBy` parameters and PATCH paths write
 * them (RFC 7644 §3.10): an optional schema URN, an attribute, an optional sub-attribute.
 */
import { schemaUrns, type AttributeReference, type ResourceModel } from './schema-registry.js';

export type ParsedName = { kind: 'attribute'; reference: AttributeReference } | { kind: 'extension'; urn: string };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
// `$ref` breaks the ATTRNAME rule, yet RFC 7643 itself names sub-attributes so.
const SUB_ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;

/** Undefined when the text is not a well-formed name or names a schema this resource type lacks. */
export function parseAttributeName(text: string, model: ResourceModel): ParsedName | undefined {
  const lower = text.toLowerCase();
  const urns = schemaUrns(model).sort((a, b) => b.length - a.length);
  const wholeUrn = urns.find((urn) => urn.toLowerCase() === lower);
  if (wholeUrn !== undefined) return wholeUrn === model.core.id ? undefined : { kind: 'extension', urn: wholeUrn };
  const prefix = urns.find((urn) => lower.startsWith(`${urn.toLowerCase()}:`));
  if (prefix === undefined && text.includes(':')) return undefined;
  const rest = prefix === undefined ? text : text.slice(prefix.length + 1);
  const parts = rest.split('.');
  const [attribute, subAttribute, ...more] = parts;
  if (attribute === undefined || !ATTRIBUTE_NAME.test(attribute) || more.length > 0) return undefined;
  if (subAttribute !== undefined && !SUB_ATTRIBUTE_NAME.test(subAttribute)) return undefined;
  const reference: AttributeReference = { attribute };
  if (prefix !== undefined) reference.schema = prefix;
  if (subAttribute !== undefined) reference.subAttribute = subAttribute;
  return { kind: 'attribute', reference };
}
