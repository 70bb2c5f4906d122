/**
 * The node:http side: base path, authentication (auth.ts), request body limit, and writing responses as
 * `application/scim+json; charset=utf-8` (RFC 7644 §3.8, §8.1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCIM_MEDIA_TYPE } from '../scim/urns.js';
import type { ServerContext } from './context.js';
import { refusal } from './auth.js';
import { renderError, ScimError } from './errors.js';
import type { ScimRequest } from './request.js';
import type { ScimResponse } from './response.js';
import type { QuirkSet } from './quirks.js';
import { isPublic, route } from './router.js';

export const BASE_PATH = '/scim/v2';

export function handleHttpRequest(context: ServerContext, incoming: IncomingMessage, outgoing: ServerResponse): void {
  respond(context, incoming, outgoing).catch((error: unknown) => {
    // Only a failure while writing can land here; the connection is all that is left to close.
    outgoing.destroy(error instanceof Error ? error : undefined);
  });
}

async function respond(context: ServerContext, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  let response: ScimResponse;
  try {
    response = await answer(context, incoming);
  } catch (error) {
    const scimError = error instanceof ScimError ? error : new ScimError(500, 'the server failed to process the request');
    response = renderError(scimError, context.quirks);
  }
  write(outgoing, response, context.quirks);
}

async function answer(context: ServerContext, incoming: IncomingMessage): Promise<ScimResponse> {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const segments = pathSegments(url.pathname) ?? otherVersionSegments(context, url.pathname);
  if (segments === undefined) throw new ScimError(404, `no endpoint at ${url.pathname}; the base path is ${BASE_PATH}`);
  throttle(context);
  const method = (incoming.method ?? 'GET').toUpperCase();
  const refused = refusal(context, incoming, isPublic({ method, segments }));
  if (refused !== undefined) return refused;
  if ((incoming.headers.accept ?? '').toLowerCase().includes('application/json') && context.quirks.has('accept-json-406')) {
    throw new ScimError(406, 'only application/scim+json responses are available');
  }
  const body = await readBody(incoming, (size) => withinPayloadLimit(context, size));
  if (body === undefined) return payloadTooLarge(context);
  const request: ScimRequest = { method, segments, query: queryOf(context, url), headers: incoming.headers, body };
  return route(context, request);
}

/**
 * The query parameters, percent-decoded once (RFC 3986, RFC 7644 §1.2). The quirk decodes them a second
 * time, as a framework and an application that each decode do: %2B turns into a plus sign, and then a space.
 */
function queryOf(context: ServerContext, url: URL): URLSearchParams {
  if (!/%2B|%25/i.test(url.search) || !context.quirks.has('query-decoded-twice')) return url.searchParams;
  const twice = new URLSearchParams();
  for (const [name, value] of url.searchParams) twice.append(name, new URLSearchParams(`v=${value}`).get('v') ?? value);
  return twice;
}

/** Counts the request against the rate limit: one over it gets 429 (RFC 6585 §4) until the second is over. */
function throttle(context: ServerContext): void {
  if (context.rateLimit === undefined) return;
  const now = Date.now();
  const window = context.rateWindow;
  if (now - window.startedAt >= 1000) {
    window.startedAt = now;
    window.requests = 0;
  }
  window.requests += 1;
  if (window.requests <= context.rateLimit) return;
  const seconds = Math.max(1, Math.ceil((window.startedAt + 1000 - now) / 1000));
  const headers: Record<string, string> = context.quirks.has('rate-limit-no-retry-after') ? {} : { 'Retry-After': String(seconds) };
  throw new ScimError(429, `more than ${context.rateLimit} requests in a second; retry in ${seconds} s`, undefined, headers);
}

/** The decoded segments after the base path; undefined outside it. */
function pathSegments(pathname: string): string[] | undefined {
  if (pathname !== BASE_PATH && !pathname.startsWith(`${BASE_PATH}/`)) return undefined;
  const rest = pathname.slice(BASE_PATH.length).split('/').filter((s) => s !== '');
  try {
    return rest.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/**
 * The segments of a path that names another SCIM protocol version than the base path's (/scim/v9/Users):
 * none, so it is refused as a path outside the base (RFC 7644 §3.13), unless the quirk serves it as v2.
 */
function otherVersionSegments(context: ServerContext, pathname: string): string[] | undefined {
  const other = /^\/scim\/v\d+(\/.*)?$/.exec(pathname);
  if (other === null || !context.quirks.has('protocol-version-ignored')) return undefined;
  return pathSegments(`${BASE_PATH}${other[1] ?? ''}`);
}

/** Whether a body of `size` bytes is read: up to maxPayloadSize, unless a quirk moves the limit. */
function withinPayloadLimit(context: ServerContext, size: number): boolean {
  if (size < context.maxPayloadSize) return true;
  if (size === context.maxPayloadSize) return !context.quirks.has('payload-limit-exclusive') || context.quirks.has('payload-limit-not-enforced');
  return context.quirks.has('payload-limit-not-enforced');
}

function payloadTooLarge(context: ServerContext): ScimResponse {
  const headers = { Connection: 'close' };
  if (context.quirks.has('payload-413-not-scim')) {
    return { status: 413, headers, body: { html: '<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1></body></html>' } };
  }
  throw new ScimError(413, `the request body is larger than maxPayloadSize (${context.maxPayloadSize} bytes)`, undefined, headers);
}

/**
 * The whole body, or undefined when its size (declared, or read so far) is not `accepted`. A refused one
 * is still read to its end and dropped: closing a connection with bytes unread resets it, and the client
 * could lose the 413 to the reset while it is still sending.
 */
function readBody(incoming: IncomingMessage, accepted: (size: number) => boolean): Promise<Buffer | undefined> {
  const declared = Number(incoming.headers['content-length'] ?? 0);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // NaN (no usable Content-Length) is not compared: the body read decides.
    let refused = declared > 0 && !accepted(declared);
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      refused ||= !accepted(size);
      if (!refused) chunks.push(chunk);
    });
    incoming.on('end', () => resolve(refused ? undefined : Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

function write(outgoing: ServerResponse, response: ScimResponse, quirks: QuirkSet): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined) {
    if ('html' in response.body) {
      headers['Content-Type'] = 'text/html; charset=utf-8';
      payload = response.body.html;
    } else {
      headers['Content-Type'] = `${quirks.has('responses-application-json') ? 'application/json' : SCIM_MEDIA_TYPE}; charset=utf-8`;
      payload = JSON.stringify(response.body.json);
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}
