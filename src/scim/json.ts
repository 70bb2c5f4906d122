/** JSON as it crosses the wire: `unknown` is narrowed to these before anything reads it. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value with every occurrence of `from` in its strings, at any depth, replaced by `to`; names are kept. */
export function replaceInStrings<T extends JsonValue>(value: T, from: string, to: string): T;
export function replaceInStrings(value: JsonValue, from: string, to: string): JsonValue {
  if (typeof value === 'string') return value.replaceAll(from, to);
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, from, to));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, from, to)]));
  return value;
}

/** Parses text that should be JSON; undefined when it is not (the caller decides what that means). */
export function parseJson(text: string): JsonValue | undefined {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * SCIM attribute names are case-insensitive (RFC 7643 §2.1): reads a member of an object
 * whatever the case the server chose.
 */
export function getMember(object: JsonObject, name: string): JsonValue | undefined {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}
