/** Reading SCIM protocol messages (RFC 7644) as a server sent them: tolerant, never throwing. */
import { getMember, isJsonObject, type JsonValue } from './json.js';

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

export function isNonNegativeInteger(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** How a JSON value looks in a message: `"3"`, `3`, `absent`. */
export function show(value: JsonValue | undefined): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
