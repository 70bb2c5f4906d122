/**
 * Named deviations the reference server can be started with. Each one breaks exactly one rule, so the
 * conformance check for that rule can be shown to fail against it while every other check still passes.
 *
 * Adding a quirk: add an entry below, then test `quirks.has('<name>')` at the one place in the server
 * where the behaviour it changes is decided, and add a test showing the changed behaviour.
 */
export const QUIRKS = {
  'spc-wrong-schemas': { description: '/ServiceProviderConfig `schemas` holds the ResourceType URN instead of its own' },
  'spc-missing-etag': { description: '/ServiceProviderConfig has no `etag` member' },
  'schemas-plain-array': { description: 'GET /Schemas answers a bare JSON array instead of a ListResponse' },
  'schemas-lists-api-messages': { description: '/Schemas also lists (and serves) a schema for the ListResponse message URN' },
  'schema-by-id-404': { description: 'GET /Schemas/{id} answers 404 for every id' },
  'schema-attribute-missing-type': { description: "the User schema's nickName definition has no `type`" },
  'resource-types-missing-schemas': { description: 'ResourceType resources have no `schemas`' },
  'resource-type-by-name-wrapped': { description: 'GET /ResourceTypes/{name} answers a ListResponse instead of the resource type' },
  'resource-type-dangling-extension': { description: 'the User ResourceType lists an extension schema that /Schemas does not have' },
  'discovery-honours-paging': { description: '/Schemas and /ResourceTypes apply startIndex/count instead of ignoring them' },
  'list-wrong-schemas': { description: 'ListResponses of /Users and /Groups carry the SearchResponse URN in `schemas`' },
  'list-total-results-string': { description: 'ListResponse totalResults is a JSON string' },
  'list-omits-resources': { description: 'ListResponses never include `Resources`' },
  'list-omits-paging-members': { description: 'ListResponses never include `startIndex` or `itemsPerPage`' },
  'list-rejects-unknown-params': { description: 'a list request with a query parameter the RFC does not define gets 400 invalidValue' },
  'unknown-id-500': { description: 'a request for a resource id that does not exist gets 500 instead of 404' },
  'errors-html': { description: 'error responses are text/html with an HTML body' },
  'error-missing-schemas': { description: 'error bodies have no `schemas`' },
  'error-status-number': { description: "error bodies' `status` is a JSON number" },
  'error-status-mismatch': { description: "error bodies' `status` is always \"400\" whatever the HTTP status" },
  'malformed-json-500': { description: 'an unparsable request body gets 500 instead of 400' },
  'error-scim-type-unknown': { description: 'every 400 error carries scimType "badRequest"' },
  'unknown-endpoint-200': { description: 'an unknown path under the base URL gets 200 with an empty ListResponse' },
  'create-200': { description: 'a successful POST answers 200 instead of 201' },
  'create-omits-meta': { description: 'POST responses have no `meta`' },
  'create-omits-location': { description: 'POST responses have no Location header' },
  'meta-resource-type-wrong': { description: 'meta.resourceType is the endpoint name ("Users"/"Groups") instead of the type name' },
  'last-modified-after-created': { description: 'on create, meta.lastModified is one second after meta.created' },
  'read-omits-username': { description: 'GET /Users/{id} omits userName' },
  'delete-200': { description: 'a successful DELETE answers 200 with an empty JSON object instead of 204' },
  'delete-not-effective': { description: 'DELETE answers 204 but the resource stays' },
  'patch-not-stored': { description: 'PATCH answers 200 with the patched resource but keeps the resource as it was' },
  'patch-not-atomic': { description: 'a PATCH whose operation fails keeps the changes of the operations before it' },
  'primary-not-cleared': { description: 'a PATCH that makes a value primary leaves the other primary value primary too' },
  'patch-no-target-ignored': { description: 'a PATCH replace through a value filter that matches nothing answers 200 and changes nothing' },
  'patch-invalid-path-ignored': { description: 'a PATCH operation whose path names no attribute is skipped instead of failing with 400 invalidPath' },
  'put-merges': { description: 'PUT adds the values it gives to multi-valued attributes instead of replacing them' },
  'put-rejects-read-only': { description: 'a PUT body that holds id or meta gets 400 mutability' },
  'put-creates': { description: 'PUT to an id that does not exist creates a User and answers 201' },
  'password-returned': { description: 'responses with one resource include the password the client set' },
  'excluded-attributes-drop-always': { description: 'excludedAttributes=id removes id from the response' },
} as const satisfies Record<string, { description: string }>;

export type QuirkName = keyof typeof QUIRKS;

export function isQuirkName(name: string): name is QuirkName {
  return Object.hasOwn(QUIRKS, name);
}

/** The quirks one server runs with. */
export class QuirkSet {
  private readonly names: ReadonlySet<QuirkName>;

  constructor(names: Iterable<QuirkName> = []) {
    this.names = new Set(names);
  }

  has(name: QuirkName): boolean {
    return this.names.has(name);
  }
}
