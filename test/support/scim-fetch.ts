/** One JSON request to a server under test, as the server tests send it: status and parsed body. */
import { parseJson, type JsonValue } from '../../src/scim/json.js';

export interface JsonReply {
  status: number;
  body: JsonValue | undefined;
}

export async function fetchJson(url: string, method: string, body?: JsonValue): Promise<JsonReply> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/scim+json' };
  }
  const response = await fetch(url, init);
  return { status: response.status, body: parseJson(await response.text()) };
}
