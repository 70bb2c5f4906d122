/** A request as handlers see it, and the reading of its JSON body (RFC 7644 §3.8). */
import type { IncomingHttpHeaders } from 'node:http';
import { parseJson, type JsonValue } from '../scim/json.js';
import { SCIM_MEDIA_TYPE } from '../scim/urns.js';
import type { ServerContext } from './context.js';
import { badRequest, ScimError } from './errors.js';

export interface ScimRequest {
  method: string;
  /** Path segments after the base path, percent-decoded. */
  segments: readonly string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set([SCIM_MEDIA_TYPE, 'application/json']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The request body as JSON: 415 for another media type, 400 invalidSyntax when it does not parse. */
export function readJsonBody(context: ServerContext, request: ScimRequest): JsonValue {
  const contentType = request.headers['content-type'];
  if (request.body.length === 0 && contentType === undefined) throw badRequest('invalidSyntax', 'the request has no body');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === undefined || !JSON_MEDIA_TYPES.has(mediaType)) {
    const detail = `request bodies must be ${SCIM_MEDIA_TYPE} or application/json, not ${contentType ?? 'untyped'}`;
    throw context.quirks.has('unsupported-media-type-400') ? badRequest('invalidSyntax', detail) : new ScimError(415, detail);
  }
  if (mediaType === SCIM_MEDIA_TYPE && !/;\s*charset=/i.test(contentType ?? '') && context.quirks.has('scim-json-request-charset-required')) {
    throw new ScimError(415, `request bodies must be "${SCIM_MEDIA_TYPE}; charset=utf-8"`);
  }
  let text: string | undefined;
  try {
    text = UTF8.decode(request.body);
  } catch {
    text = undefined;
  }
  const parsed = text === undefined ? undefined : parseJson(text);
  if (parsed === undefined) {
    if (context.quirks.has('malformed-json-500')) throw new ScimError(500, 'the server failed to read the request');
    throw badRequest('invalidSyntax', text === undefined ? 'the body is not UTF-8' : 'the body is not valid JSON');
  }
  return parsed;
}
