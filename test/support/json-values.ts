/** Narrowing of JSON a test reads from a response: the wrong shape fails the test with what it got. */
import { isJsonObject, type JsonObject, type JsonValue } from '../../src/scim/json.js';

export function object(value: JsonValue | undefined): JsonObject {
  if (!isJsonObject(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return value;
}

export function objects(value: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value.map(object);
}

export function text(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}
