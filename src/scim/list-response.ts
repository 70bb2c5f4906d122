/** Reading a ListResponse (RFC 7644 §3.4.2) as a server sent it: tolerant, never throwing. */
import { getMember, isJsonObject, type JsonObject, type JsonValue } from './json.js';

export interface ListPage {
  totalResults: JsonValue | undefined;
  startIndex: JsonValue | undefined;
  itemsPerPage: JsonValue | undefined;
  /** `Resources`, or undefined when the member is absent or not an array of objects. */
  resources: JsonObject[] | undefined;
}

/** The paging members and resources of a ListResponse body; undefined when the body is not a JSON object. */
export function readListPage(body: JsonValue | undefined): ListPage | undefined {
  if (!isJsonObject(body)) return undefined;
  const resources = getMember(body, 'Resources');
  return {
    totalResults: getMember(body, 'totalResults'),
    startIndex: getMember(body, 'startIndex'),
    itemsPerPage: getMember(body, 'itemsPerPage'),
    resources: Array.isArray(resources) && resources.every(isJsonObject) ? resources : undefined,
  };
}
