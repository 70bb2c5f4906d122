/** What the target advertises, as the suites see it: discovery's output, passed to every suite. */
import type { ResourceTypeDefinition, SchemaDefinition } from '../scim/schema.js';

export interface AuthenticationScheme {
  type: string;
  name: string;
}

export interface Capabilities {
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: boolean;
  sort: boolean;
  etag: boolean;
  authenticationSchemes: AuthenticationScheme[];
  resourceTypes: ResourceTypeDefinition[];
  schemas: SchemaDefinition[];
}

/**
 * The capabilities with the page limit a service documents standing in for the filter.maxResults its
 * /ServiceProviderConfig does not advertise (read as 0); an advertised value wins.
 */
export function withDocumentedMaxResults(capabilities: Capabilities, documented: number | undefined): Capabilities {
  if (documented === undefined || capabilities.filter.maxResults > 0) return capabilities;
  return { ...capabilities, filter: { ...capabilities.filter, maxResults: documented } };
}
