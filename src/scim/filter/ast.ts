/** The abstract syntax of SCIM filters (RFC 7644 §3.4.2.2, Figure 1) and PATCH paths (§3.5.2, Figure 7). */

/**
 * An attribute path: optional schema URN, attribute name, optional sub-attribute.
 * Names keep the case they were written in; comparisons of names are case-insensitive.
 */
export interface AttributePath {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** A compValue: a JSON literal other than an array or object. */
export type CompareValue = string | number | boolean | null;

export type Filter =
  | { kind: 'compare'; path: AttributePath; op: CompareOperator; value: CompareValue }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** `path` is the multi-valued attribute; the paths inside `filter` name its sub-attributes. */
  | { kind: 'valuePath'; path: AttributePath; filter: Filter };

export type CompareFilter = Extract<Filter, { kind: 'compare' }>;
export type PresentFilter = Extract<Filter, { kind: 'present' }>;
export type LogicalFilter = Extract<Filter, { kind: 'and' | 'or' }>;
export type NotFilter = Extract<Filter, { kind: 'not' }>;
export type ValuePathFilter = Extract<Filter, { kind: 'valuePath' }>;

/**
 * A PATCH operation's `path`: an attribute path, or a value path optionally followed by one
 * sub-attribute (`addresses[type eq "work"].streetAddress`).
 */
export type PatchPath =
  | { kind: 'attribute'; path: AttributePath }
  | { kind: 'valuePath'; path: AttributePath; filter: Filter; subAttribute?: string };

/** ATTRNAME of RFC 7644 Figure 1: a letter, then letters, digits, '-' or '_'. */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/**
 * A schema URI as it can stand before an attribute name: scheme, ':', then RFC 3986 characters other
 * than the delimiters of the filter language (space, quotes, brackets, parentheses).
 */
const SCHEMA_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~%!$&'*+,;=:@/?#-]+$/;

export function isAttributeName(text: string): boolean {
  return ATTRIBUTE_NAME.test(text);
}

export function isSchemaUri(text: string): boolean {
  return SCHEMA_URI.test(text);
}

export function isCompareOperator(word: string): word is CompareOperator {
  return (COMPARE_OPERATORS as readonly string[]).includes(word);
}
