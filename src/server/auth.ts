/**
 * Bearer-token authentication of the reference server. Every request but reading the service
 * provider configuration needs the token (RFC 7643 §5: clients learn the schemes there); a request
 * without it gets 401 with a SCIM Error and a WWW-Authenticate challenge (RFC 7644 §2, §3.12).
 */
import type { IncomingMessage } from 'node:http';
import type { ServerContext } from './context.js';
import { renderError, ScimError } from './errors.js';
import { jsonResponse, type ScimResponse } from './response.js';

const CHALLENGE = 'Bearer realm="scimprobe"';
const DETAIL = 'a valid bearer token is required';

/** Undefined when the request may proceed; otherwise the answer that refuses it. */
export function refusal(context: ServerContext, incoming: IncomingMessage, isPublic: boolean): ScimResponse | undefined {
  if (context.acceptsToken === undefined) return undefined;
  const header = incoming.headers.authorization?.trim();
  const token = /^Bearer +(.+)$/i.exec(header ?? '')?.[1];
  // A valid token is served whatever the quirks, so they are asked only about the other requests.
  if (token !== undefined && context.acceptsToken(token)) return undefined;
  if (isPublic && !context.quirks.has('spc-requires-auth')) return undefined;
  if (header === undefined && context.quirks.has('auth-optional')) return undefined;
  if (token !== undefined && context.quirks.has('auth-accepts-any-token')) return undefined;
  const headers: Record<string, string> = context.quirks.has('auth-no-www-authenticate') ? {} : { 'WWW-Authenticate': CHALLENGE };
  if (context.quirks.has('auth-error-not-scim')) return jsonResponse(401, { error: 'invalid_token', error_description: DETAIL }, headers);
  return renderError(new ScimError(401, DETAIL, undefined, headers), context.quirks);
}
