/**
 * The order RFC 7644 §3.4.2.3 asks of a sorted query: by the attribute's value (of a multi-valued
 * attribute, the primary value, else the first), strings compared by code point after case folding
 * unless caseExact, dateTimes as instants, and resources without a value last when ascending, first
 * when descending.
 */
import type { AttributePath, AttributeResolver } from './filter/index.js';
import { compareCodePoints, compareInstants, parseDateTime, prepareString, type Instant } from './filter/index.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from './json.js';

export type SortOrder = 'ascending' | 'descending';

/** A value as sorting compares it; undefined is "no value". */
export type SortKey = { kind: 'text'; text: string } | { kind: 'instant'; instant: Instant } | { kind: 'number'; number: number } | undefined;

/** The value a resource is sorted by: of a multi-valued attribute the primary value, else the first. */
function sortValue(resource: JsonObject, path: AttributePath): JsonValue | undefined {
  let value = getMember(resource, path.attribute);
  if (Array.isArray(value)) value = value.find((item) => isJsonObject(item) && getMember(item, 'primary') === true) ?? value[0];
  if (path.subAttribute !== undefined) value = isJsonObject(value) ? getMember(value, path.subAttribute) : undefined;
  return value;
}

/** The key of a resource for the attribute at `path`, by the attribute's type as the schema defines it. */
export function sortKey(resource: JsonObject, path: AttributePath, resolve: AttributeResolver): SortKey {
  const value = sortValue(resource, path);
  const definition = resolve(path);
  if (typeof value === 'number') return { kind: 'number', number: value };
  if (typeof value !== 'string' || value === '') return undefined;
  if (definition?.type === 'dateTime') {
    const instant = parseDateTime(value);
    return instant === undefined ? undefined : { kind: 'instant', instant };
  }
  return { kind: 'text', text: prepareString(value, definition?.caseExact ?? false) };
}

/** Compares two keys in ascending order, a missing value after every value. */
function compareAscending(left: SortKey, right: SortKey): number {
  if (left === undefined || right === undefined) return (left === undefined ? 1 : 0) - (right === undefined ? 1 : 0);
  if (left.kind === 'text' && right.kind === 'text') return compareCodePoints(left.text, right.text);
  if (left.kind === 'instant' && right.kind === 'instant') return compareInstants(left.instant, right.instant);
  if (left.kind === 'number' && right.kind === 'number') return left.number - right.number;
  // Values of different kinds are not the same attribute's: neither comes first.
  return 0;
}

/** Negative when `left` must come before `right` in the order, positive when after, 0 when either may. */
export function compareSortKeys(left: SortKey, right: SortKey, order: SortOrder): number {
  const ascending = compareAscending(left, right);
  return order === 'ascending' ? ascending : -ascending;
}

/** The index of the first key that must come before the one listed ahead of it, or undefined when in order. */
export function firstOutOfOrder(keys: readonly SortKey[], order: SortOrder): number | undefined {
  const index = keys.findIndex((key, i) => i > 0 && compareSortKeys(keys[i - 1], key, order) > 0);
  return index === -1 ? undefined : index;
}

/** How a key appears in a message. */
export function describeSortKey(key: SortKey): string {
  if (key === undefined) return 'no value';
  if (key.kind === 'text') return JSON.stringify(key.text);
  if (key.kind === 'number') return String(key.number);
  return `${new Date(key.instant.epochSeconds * 1000).toISOString().slice(0, 19)}${key.instant.fraction === '' ? '' : `.${key.instant.fraction}`}Z`;
}
