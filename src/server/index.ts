/**
 * The reference SCIM 2.0 service provider: strict, in memory, bound to 127.0.0.1, optionally running
 * named quirks that each break one rule. `scimprobe run` checks it when no target is given, and the
 * project's tests prove every conformance check against it both ways.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { PartialFeatures, ServerContext, UserRules } from './context.js';
import { BASE_PATH, handleHttpRequest } from './http.js';
import { QuirkSet, TracedQuirkSet, type QuirkName } from './quirks.js';
import { SchemaRegistry } from './schema-registry.js';
import { TENANT_PROFILES, type TenantProfile, type TenantProfileName } from './tenant-profiles.js';
import { ResourceStore } from './store.js';

export { QUIRKS, isQuirkName, type QuirkName } from './quirks.js';
export { TENANT_PROFILES, isTenantProfileName, type TenantProfile, type TenantProfileName } from './tenant-profiles.js';

export interface ReferenceServerOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** When set, every request but GET /ServiceProviderConfig needs `Authorization: Bearer <token>`. */
  token?: string;
  /** When set, bearer tokens it accepts are valid too (e.g. OAuth access tokens a test issues). */
  acceptsToken?: (token: string) => boolean;
  /** Serves https with this certificate and key (PEM). */
  tls?: ReferenceServerTls;
  quirks?: QuirkName[];
  /**
   * When given, every quirk the server asks about while answering (whether it runs or not) is added to it.
   * Answers are the same as without it.
   */
  consultedQuirks?: Set<QuirkName>;
  /** filter.maxResults: no page holds more resources. Default 200. */
  maxResults?: number;
  /** The largest request body accepted, in bytes; larger ones get 413. Default 1048576. */
  maxPayloadSize?: number;
  /** bulk.maxOperations: a bulk request with more operations gets 413. Default 100. */
  maxBulkOperations?: number;
  /** The most requests served per second; more get 429 with Retry-After. Default: no limit. */
  rateLimit?: number;
  /** Rules of a tenant beyond the schemas, as vendors add them; a User that breaks one gets 400 (or 409). Default: none. */
  userRules?: UserRules;
  /** Optional features left out. Default: everything is served. */
  partial?: PartialFeatures;
  /** A named tenant profile (src/server/tenant-profiles.ts): its rules, partial features and quirks, added to those given here. */
  tenant?: TenantProfileName;
}

export interface ReferenceServerTls {
  key: string;
  cert: string;
  /** When set, the TLS handshake requires a client certificate issued by this CA (PEM): mutual TLS. */
  clientCa?: string;
}

export interface ReferenceServer {
  /** The base URL, e.g. http://127.0.0.1:PORT/scim/v2 (https with tls), without a trailing slash. */
  url: string;
  /** Stops listening and ends open connections, keep-alive ones included. */
  close(): Promise<void>;
}

const DEFAULT_MAX_RESULTS = 200;
const DEFAULT_MAX_PAYLOAD_SIZE = 1_048_576;
const DEFAULT_MAX_BULK_OPERATIONS = 100;

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const profile: Partial<TenantProfile> = options.tenant === undefined ? {} : TENANT_PROFILES[options.tenant];
  const names = [...(options.quirks ?? []), ...(profile.quirks ?? [])];
  const quirks = options.consultedQuirks === undefined ? new QuirkSet(names) : new TracedQuirkSet(names, options.consultedQuirks);
  const context: ServerContext = {
    // Known once the server listens, before any request arrives.
    baseUrl: '',
    quirks,
    registry: new SchemaRegistry(),
    store: new ResourceStore(quirks),
    maxResults: options.maxResults ?? DEFAULT_MAX_RESULTS,
    maxPayloadSize: options.maxPayloadSize ?? DEFAULT_MAX_PAYLOAD_SIZE,
    acceptsToken: tokenCheck(options),
    maxBulkOperations: options.maxBulkOperations ?? DEFAULT_MAX_BULK_OPERATIONS,
    rateLimit: options.rateLimit,
    rateWindow: { startedAt: 0, requests: 0 },
    userRules: { ...profile.userRules, ...options.userRules },
    partial: { ...profile.partial, ...options.partial },
  };
  const handler = (incoming: IncomingMessage, outgoing: ServerResponse): void => handleHttpRequest(context, incoming, outgoing);
  const { tls } = options;
  const server = tls === undefined
    ? createServer(handler)
    : createTlsServer({
        key: tls.key,
        cert: tls.cert,
        ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
      }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the reference server is not listening on a TCP port');
  context.baseUrl = `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${address.port}${BASE_PATH}`;
  return {
    url: context.baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** The fixed token, the caller's check, both or neither (then no authentication is required). */
function tokenCheck(options: ReferenceServerOptions): ((token: string) => boolean) | undefined {
  const { token, acceptsToken } = options;
  if (token === undefined && acceptsToken === undefined) return undefined;
  return (candidate) => candidate === token || acceptsToken?.(candidate) === true;
}
