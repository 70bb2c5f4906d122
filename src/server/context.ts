/** What every handler can reach: configuration, quirks, schemas and the store. */
import type { QuirkSet } from './quirks.js';
import type { ResourceModel, SchemaRegistry } from './schema-registry.js';
import type { ResourceStore, StoredResource } from './store.js';

export interface ServerContext {
  /** e.g. http://127.0.0.1:PORT/scim/v2, without a trailing slash. */
  baseUrl: string;
  quirks: QuirkSet;
  registry: SchemaRegistry;
  store: ResourceStore;
  /** The most resources one page holds (filter.maxResults). */
  maxResults: number;
  /** The largest request body accepted, in bytes. */
  maxPayloadSize: number;
  /** When set, requests must carry a bearer token it accepts. */
  acceptsToken: ((token: string) => boolean) | undefined;
  /** The most operations one bulk request may hold. */
  maxBulkOperations: number;
  /** The most requests served per second; undefined: no limit. */
  rateLimit: number | undefined;
  /** The current one-second window of the rate limit and the requests it has seen. */
  rateWindow: { startedAt: number; requests: number };
  userRules: UserRules;
  partial: PartialFeatures;
}

/**
 * What a tenant may demand of every User beyond its schemas, as vendors do (a userName that is an
 * e-mail address in a verified domain, a family name): no RFC rule, so no quirk, but a target the
 * harness must be configurable for.
 */
export interface UserRules {
  /** userName must be an e-mail address in this domain. */
  userNameDomain?: string;
  /** Attributes every User must hold, as `name.familyName` or a top-level name. */
  required?: string[];
  /** An e-mail address belongs to one User only: another User's address gets 409 uniqueness. */
  uniqueEmails?: boolean;
}

/**
 * Features the RFC lets a service provider leave out, which real ones do: the reference server can
 * serve without them, as a conforming but partial target the harness must adapt to.
 */
export interface PartialFeatures {
  /**
   * Filters are one `attribute eq value` comparison, as identity providers send them; anything else gets
   * 400 invalidFilter (RFC 7644 §3.4.2.2 lets a server decline the filters it does not support).
   */
  eqOnlyFilters?: boolean;
  /** Bulk is advertised as unsupported and /Bulk answers 501 (RFC 7644 §3.7). */
  noBulk?: boolean;
  /** PATCH is advertised as unsupported and answers 501 (RFC 7644 §3.5 makes it a SHOULD, Table 8 the 501). */
  noPatch?: boolean;
}

export function resourceLocation(context: ServerContext, model: ResourceModel, id: string): string {
  return `${context.baseUrl}${model.endpoint}/${id}`;
}

/** The origin a backend behind a gateway knows itself by, which the location-internal-host quirk publishes. */
const INTERNAL_ORIGIN = 'http://scim-backend.internal:8080';

/** The URI meta.location and a create's Location give for a resource. */
export function publishedLocation(context: ServerContext, model: ResourceModel, id: string): string {
  const location = resourceLocation(context, model, id);
  return context.quirks.has('location-internal-host') ? `${INTERNAL_ORIGIN}${new URL(location).pathname}` : location;
}

export function modelOf(context: ServerContext, record: StoredResource): ResourceModel {
  return context.registry.modelNamed(record.type);
}

/** The ETag of a stored resource, also its meta.version (RFC 7643 §3.1, RFC 7644 §3.14): weak, marked `W/`. */
export function etagOf(context: ServerContext, record: StoredResource): string {
  // The weak marker is case-sensitive (RFC 9110 §8.8.3); the quirk writes it in lower case.
  return `${context.quirks.has('etag-weak-lowercase') ? 'w/' : 'W/'}"${record.version}"`;
}
