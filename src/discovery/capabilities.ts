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
