/**
 * Named tenant profiles of the reference server: combinations of traits real SCIM services have, so that
 * the harness can be shown to adapt to them (tenant rules, partial features) and to report each of their
 * defects once. Each trait names the public source it is modelled on. A profile is options for
 * startReferenceServer; `scimprobe serve --tenant NAME` starts one.
 */
import type { PartialFeatures, UserRules } from './context.js';
import type { QuirkName } from './quirks.js';

export interface TenantProfile {
  description: string;
  userRules?: UserRules;
  partial?: PartialFeatures;
  quirks?: QuirkName[];
}

export const TENANT_PROFILES = {
  // Conforming, with the rules and the partial features of a SaaS tenant:
  // - Better Auth's SCIM plugin (npm @better-auth/scim) refuses a userName that is no e-mail address
  //   unless an e-mail comes with it, and holds each e-mail address once;
  // - Marq's SCIM API reference states "The only operator currently supported is eq", and Microsoft's
  //   answers on Entra provisioning show it sends nothing but `userName eq "…"` / `externalId eq "…"`;
  // - Bulk is optional (RFC 7644 §3.7) and most SaaS tenants advertise it as unsupported.
  'saas-tenant': {
    description: 'userName must be an e-mail address at example.com, an e-mail address belongs to one User, filters take one eq comparison, no Bulk',
    userRules: { userNameDomain: 'example.com', uniqueEmails: true },
    partial: { eqOnlyFilters: true, noBulk: true },
  },
  // A SCIM service behind an API gateway, as deployments of open-source servers often are: the
  // ResourceTypes carry the public base path in their endpoints, locations name the backend's own host,
  // and the gateway answers a path it does not route with its own HTML 404 page.
  gateway: {
    description: 'endpoints advertised with the base path, meta.location on an internal host, an HTML 404 for unknown paths',
    quirks: ['endpoint-with-base-path', 'location-internal-host', 'gateway-html-404'],
  },
  // A service that advertises more than it has built: a custom resource type listed in /ResourceTypes
  // whose endpoint is not there.
  'partial-implementation': {
    description: 'a Credential type advertised but not implemented (404)',
    quirks: ['credentials-unimplemented'],
  },
  // A service whose paging takes a count of 1 or more only, though RFC 7644 §3.4.2.4 makes count=0 the
  // request for totalResults alone: the Scimitar gem (Rails) raised on a count below 1 until 2.15.0, and
  // its controllers answer an unexpected exception with a SCIM 500 (pond/scimitar pull request 168).
  'count-zero-fails': {
    description: 'a list request with count=0, for totalResults alone, fails with 500',
    quirks: ['count-zero-500'],
  },
} as const satisfies Record<string, TenantProfile>;

export type TenantProfileName = keyof typeof TENANT_PROFILES;

export function isTenantProfileName(name: string): name is TenantProfileName {
  return Object.hasOwn(TENANT_PROFILES, name);
}
