/**
 * The requests of a run's exchanges.har, and how they are pointed at another server: its base URL, its
 * token in place of the redacted one, and the ids it gives the resources the run created in place of the
 * ids the original server gave them.
 */
import { REDACTED } from '../src/http/redact.js';
import { isJsonObject, parseJson } from '../src/scim/json.js';

export interface RecordedExchange {
  method: string;
  url: string;
  /** Request headers as recorded; credentials are REDACTED. */
  headers: Record<string, string>;
  body: string | undefined;
  /** The recorded response; status 0 when none came. */
  status: number;
  responseText: string | undefined;
}

/** Headers the HTTP client sets itself for the connection it uses. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

function fail(what: string): never {
  throw new Error(`bench: the HAR file is not what a scimprobe run writes: ${what}`);
}

function stringField(object: Record<string, unknown>, name: string, where: string): string {
  const value = object[name];
  if (typeof value !== 'string') fail(`${where}.${name} is not a string`);
  return value;
}

function objectField(object: Record<string, unknown>, name: string, where: string): Record<string, unknown> {
  const value = object[name];
  if (!isJsonObject(value)) fail(`${where}.${name} is not an object`);
  return value;
}

function headersOf(request: Record<string, unknown>, where: string): Record<string, string> {
  const list = request['headers'];
  if (!Array.isArray(list)) fail(`${where}.headers is not an array`);
  const headers: Record<string, string> = {};
  for (const header of list) {
    if (!isJsonObject(header)) fail(`${where}.headers holds a non-object`);
    headers[stringField(header, 'name', `${where}.headers[]`).toLowerCase()] = stringField(header, 'value', `${where}.headers[]`);
  }
  return headers;
}

/** The exchanges of a HAR log in the order they started. */
export function recordedExchanges(har: unknown): RecordedExchange[] {
  if (!isJsonObject(har)) fail('not a JSON object');
  const entries = objectField(har, 'log', 'HAR')['entries'];
  if (!Array.isArray(entries)) fail('log.entries is not an array');
  const started: { at: string; exchange: RecordedExchange }[] = entries.map((entry: unknown, index) => {
    const where = `log.entries[${index}]`;
    if (!isJsonObject(entry)) fail(`${where} is not an object`);
    const request = objectField(entry, 'request', where);
    const response = objectField(entry, 'response', where);
    const postData = request['postData'];
    const content = response['content'];
    const status = response['status'];
    return {
      at: stringField(entry, 'startedDateTime', where),
      exchange: {
        method: stringField(request, 'method', `${where}.request`),
        url: stringField(request, 'url', `${where}.request`),
        headers: headersOf(request, `${where}.request`),
        body: isJsonObject(postData) && typeof postData['text'] === 'string' ? postData['text'] : undefined,
        status: typeof status === 'number' ? status : 0,
        responseText: isJsonObject(content) && typeof content['text'] === 'string' ? content['text'] : undefined,
      },
    };
  });
  // ISO timestamps of one clock sort as text; the sort is stable, so simultaneous starts keep their order.
  return started.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map(({ exchange }) => exchange);
}

/** The id in a JSON response body (a created resource's), if it has one. */
export function resourceId(responseText: string | undefined): string | undefined {
  if (responseText === undefined) return undefined;
  const body = parseJson(responseText);
  if (!isJsonObject(body)) return undefined;
  const id = body['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Replaces every occurrence of each key by its value; longer keys first, so a base URL wins over a part of it. */
export function rewrite(text: string, replacements: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [from, to] of [...replacements].sort(([a], [b]) => b.length - a.length)) result = result.split(from).join(to);
  return result;
}

/** The base URL (scheme, host, port) of the first exchange: what every recorded URL starts with. */
export function recordedOrigin(exchanges: readonly RecordedExchange[]): string {
  const first = exchanges[0];
  if (first === undefined) fail('it holds no exchanges');
  return new URL(first.url).origin;
}

/** The request headers to send again: the connection's own headers dropped, redacted credentials replaced. */
export function replayHeaders(recorded: Record<string, string>, authorization: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded)) {
    if (CONNECTION_HEADERS.has(name)) continue;
    headers[name] = value === REDACTED ? authorization : value;
  }
  return headers;
}
