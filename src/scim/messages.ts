/** Reading SCIM protocol messages (RFC 7644) as a server sent them: tolerant, never throwing. */
import { getMember, isJsonObject, type JsonValue } from './json.js';
import { URN } from './urns.js';

/** The `schemas` URIs of a message or resource; empty when absent or malformed. */
export function schemasOf(value: JsonValue | undefined): string[] {
  if (!isJsonObject(value)) return [];
  const schemas = getMember(value, 'schemas');
  return Array.isArray(schemas) ? schemas.filter((item): item is string => typeof item === 'string') : [];
}

/** A string member of an object, or undefined. */
export function stringMember(value: JsonValue | undefined, name: string): string | undefined {
  if (!isJsonObject(value)) return undefined;
  const member = getMember(value, name);
  return typeof member === 'string' ? member : undefined;
}

/**
 * A body that reads as a list answer: it names the ListResponse URN, or carries totalResults or Resources.
 * What is missing or wrong in it is the list checks' finding; a body with none of the three is no list at all.
 */
export function isListBody(value: JsonValue | undefined): boolean {
  if (!isJsonObject(value)) return false;
  return schemasOf(value).includes(URN.listResponse) || getMember(value, 'totalResults') !== undefined || Array.isArray(getMember(value, 'Resources'));
}

export function isNonNegativeInteger(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** How a JSON value looks in a message: `"3"`, `3`, `absent`. */
export function show(value: JsonValue | undefined): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
