/** What a handler answers, before the HTTP layer writes it. */
import type { JsonValue } from '../scim/json.js';

export type ResponseBody = { json: JsonValue } | { html: string };

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  /** Absent for 204 and 304. */
  body?: ResponseBody;
}

export function jsonResponse(status: number, json: JsonValue, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers, body: { json } };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): ScimResponse {
  return { status, headers };
}
