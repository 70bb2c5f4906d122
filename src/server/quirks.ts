/**
 * Named deviations the reference server can be started with. Each one breaks exactly one rule, so the
 * conformance check for that rule can be shown to fail against it while every other check still passes.
 *
 * Adding a quirk: add an entry below, then test `quirks.has('<name>')` at the one place in the server
 * where the behaviour it changes is decided, and add a test showing the changed behaviour. Ask it only
 * when the answer can change the response (`value !== undefined && quirks.has(...)`, not the other way
 * round): the quirk matrix runs each quirk against the suites whose requests asked about it, so a quirk
 * asked needlessly, in discovery above all, costs a run of every suite.
 */
export const QUIRKS = {
  'spc-wrong-schemas': { description: '/ServiceProviderConfig `schemas` holds the ResourceType URN instead of its own' },
  'spc-missing-etag': { description: '/ServiceProviderConfig has no `etag` member' },
  'schemas-plain-array': { description: 'GET /Schemas answers a bare JSON array instead of a ListResponse' },
  'schemas-lists-api-messages': { description: '/Schemas also lists (and serves) a schema for the ListResponse message URN' },
  'schema-by-id-404': { description: 'GET /Schemas/{id} answers 404 for every id' },
  'schema-attribute-missing-type': { description: "the User schema's nickName definition has no `type`" },
  'schema-complex-without-sub-attributes': { description: "the User schema's photos definition, a complex attribute, lists no subAttributes" },
  'schema-group-members-mutable': { description: "the Group schema advertises the sub-attributes of members as readWrite instead of immutable" },
  'resource-types-missing-schemas': { description: 'ResourceType resources have no `schemas`' },
  'resource-type-by-name-wrapped': { description: 'GET /ResourceTypes/{name} answers a ListResponse instead of the resource type' },
  'resource-type-dangling-extension': { description: 'the User ResourceType lists an extension schema that /Schemas does not have' },
  'user-schemas-unserved-extension': { description: 'the User ResourceType lists an extension schema that /Schemas does not have, and every User lists it in schemas' },
  'endpoint-with-base-path': { description: 'ResourceTypes advertise each endpoint with the base URL\'s path in it (/scim/v2/Users); the resources are still served at /Users below the base URL' },
  'discovery-honours-paging': { description: '/Schemas and /ResourceTypes apply startIndex/count instead of ignoring them' },
  'discovery-filter-ignored': { description: '/Schemas and /ResourceTypes ignore a `filter` and answer 200 instead of 403' },
  'no-match-404': { description: 'a filtered list that matches nothing answers 404 instead of 200 with totalResults 0' },
  'list-wrong-schemas': { description: 'ListResponses of the resource endpoints (/Users, /Groups, /Credentials) carry the SearchResponse URN in `schemas`' },
  'list-total-results-string': { description: 'ListResponse totalResults is a JSON string' },
  'list-omits-resources': { description: 'ListResponses never include `Resources`' },
  'list-omits-paging-members': { description: 'ListResponses never include `startIndex` or `itemsPerPage`' },
  'list-rejects-unknown-params': { description: 'a list request with a query parameter the RFC does not define gets 400 invalidValue' },
  'filter-or-as-and': { description: 'filters evaluate `or` as `and`' },
  'filter-group-members-unmatched': { description: 'a filter on a Group\'s members (members.value eq "<id>") matches no group' },
  'filter-no-precedence': { description: '`and` and `or` in a filter group left to right, as if `and` did not bind tighter than `or`' },
  'filter-value-path-across-values': { description: 'the expressions inside a value filter (emails[type eq "work" and value ew "x"]) may each hold for a different value' },
  'filter-urn-paths-rejected': { description: 'a filter attribute qualified by its schema URN (urn:…:User:userName) gets 400 invalidFilter' },
  'filter-co-as-sw': { description: 'filters evaluate `co` as `sw` (the value must begin the attribute value)' },
  'filter-gt-as-ge': { description: 'filters evaluate `gt` as `ge` (equal values match)' },
  'filter-ne-all-values': { description: 'filters match `ne` on a multi-valued attribute only when every value differs' },
  'filter-username-case-sensitive': { description: 'filters compare userName case-sensitively' },
  'filter-externalid-case-insensitive': { description: 'filters compare externalId case-insensitively' },
  'filter-attribute-names-case-sensitive': { description: 'filters naming an attribute in another case than the schema get 400 invalidFilter' },
  'filter-operators-case-sensitive': { description: 'filters with an operator not in lower case get 400 invalidFilter' },
  'filter-co-declined': { description: 'filters with the co operator get 400 invalidFilter, though /ServiceProviderConfig advertises filter support' },
  'filter-boolean-ordering-allowed': { description: 'filters may order booleans (false < true) instead of answering 400 invalidFilter' },
  'filter-binary-ordering-allowed': { description: 'filters may order binary values (gt, ge, lt, le compare the base64 text) instead of answering 400 invalidFilter' },
  'filter-false-literal-unmatched': { description: 'the literal false in a filter is read as the string "false", so active eq false matches no user' },
  'filter-escapes-kept': { description: 'a filter string value is compared with its JSON escapes as written (O\\"Malley keeps its backslash), as a parser that does not unescape' },
  'filter-combinations-unchecked': { description: 'a filter comparing a complex attribute itself (name eq "x") or a boolean with co, sw or ew matches nothing instead of answering 400 invalidFilter' },
  'invalid-filter-detail-generic': { description: 'the 400 invalidFilter for a filter that does not parse has the detail "the filter is not valid", naming nothing of the filter' },
  'paging-non-integer-500': { description: 'a list request whose startIndex or count is not an integer (count=ten) gets 500 instead of 400 invalidValue' },
  'invalid-filter-500': { description: 'a filter that does not parse gets 500 instead of 400 invalidFilter' },
  'count-zero-500': { description: 'a list request with count=0 (GET or SearchRequest) gets 500 instead of a ListResponse with totalResults alone' },
  'paging-zero-based-start-index': { description: 'list startIndex is read as a 0-based offset' },
  'paging-count-ignored': { description: 'list count is ignored: every page holds up to maxResults resources' },
  'paging-items-per-page-requested': { description: 'list itemsPerPage echoes the requested count instead of the number returned' },
  'paging-start-index-past-end-first-page': { description: 'a list startIndex past the last result is read as 1: the first page instead of an empty one' },
  'max-results-not-enforced': { description: 'a list count above filter.maxResults is honoured in full: a page may hold more than maxResults resources' },
  'paging-total-results-page-size': { description: 'list totalResults is the size of the page instead of the number of matches' },
  'sort-ignored': { description: 'sortBy is ignored: results come in the order they are stored' },
  'sort-order-ignored': { description: 'sortOrder is ignored: results are always sorted ascending' },
  'sort-case-sensitive': { description: 'sorting compares strings case-sensitively even where the attribute is not caseExact' },
  'sort-case-exact-folded': { description: 'sorting compares caseExact strings (externalId) case-insensitively' },
  'sort-missing-first': { description: 'resources without a sortBy value come first when ascending and last when descending' },
  'sort-ignores-primary': { description: 'sorting on a multi-valued attribute uses its first value even when another is primary' },
  'sort-per-page': { description: 'a sorted page is cut from the unsorted results and then sorted, so pages are not in order with each other' },
  'root-search-undefined-attribute-refused': { description: 'a query at the server root (POST {base}/.search) whose filter names an attribute one of the types lacks (userName on a Group) gets 400 invalidFilter' },
  'root-search-users-only': { description: 'POST {base}/.search at the server root searches only /Users, leaving out the other resource types' },
  'search-as-create': { description: 'POST {endpoint}/.search is handled as a create (POST {endpoint}), so a SearchRequest is refused as an invalid resource' },
  'search-ignores-filter': { description: 'POST {endpoint}/.search ignores the filter in the SearchRequest and lists every resource' },
  'search-schemas-optional': { description: 'a SearchRequest without `schemas` is accepted' },
  'search-ignores-sort': { description: 'POST {endpoint}/.search ignores sortBy and sortOrder in the SearchRequest' },
  'search-ignores-projection': { description: 'POST {endpoint}/.search ignores attributes and excludedAttributes in the SearchRequest' },
  'unknown-id-500': { description: 'a request for a resource id that does not exist gets 500 instead of 404' },
  'errors-html': { description: 'error responses are text/html with an HTML body' },
  'error-missing-schemas': { description: 'error bodies have no `schemas`' },
  'error-status-number': { description: "error bodies' `status` is a JSON number" },
  'error-status-mismatch': { description: "error bodies' `status` is always \"400\" whatever the HTTP status" },
  'malformed-json-500': { description: 'an unparsable request body gets 500 instead of 400' },
  'error-scim-type-unknown': { description: 'every 400 error carries scimType "badRequest"' },
  'conflict-status-number': { description: "409 error bodies' `status` is a JSON number (other errors are right)" },
  'not-found-scim-type': { description: '404 error bodies carry scimType "invalidValue"' },
  'unknown-endpoint-200': { description: 'an unknown path under the base URL gets 200 with an empty ListResponse' },
  'create-keeps-client-id': { description: 'a POST that carries an id keeps it as the new resource\'s id instead of assigning one' },
  'create-required-unchecked': { description: 'a POST without a required attribute (a User\'s userName, a Group\'s displayName) is created anyway' },
  'create-200': { description: 'a successful POST answers 200 instead of 201' },
  'create-omits-meta': { description: 'POST responses have no `meta`' },
  'create-omits-location': { description: 'POST responses have no Location header' },
  'location-internal-host': { description: 'meta.location and a create\'s Location name the internal host http://scim-backend.internal:8080 instead of the base URL, as a gateway that does not rewrite them leaves them' },
  'meta-resource-type-wrong': { description: 'meta.resourceType is the endpoint name ("Users", "Groups", "Credentials") instead of the type name' },
  'last-modified-after-created': { description: 'on create, meta.lastModified is one second after meta.created' },
  'resource-schemas-duplicated': { description: "resources list their core schema URN twice in `schemas`" },
  'id-holds-bulkid': { description: 'resource ids begin with the reserved string "bulkId"' },
  'ids-sequential-per-type': { description: 'resource ids are sequence numbers counted per resource type (1, 2, … for Users, and again for Groups), so a User and a Group share an id' },
  'last-modified-without-time': { description: 'after a replace or patch, meta.lastModified is a date without a time ("2026-11-23")' },
  'enterprise-attributes-top-level': { description: 'responses with one User repeat its enterprise extension attributes beside the core attributes' },
  'read-omits-username': { description: 'GET /Users/{id} omits userName' },
  'delete-200': { description: 'a successful DELETE answers 200 with an empty JSON object instead of 204' },
  'delete-not-effective': { description: 'DELETE answers 204 but the resource stays' },
  'auth-optional': { description: 'with a token configured, a request with no Authorization header is still served' },
  'auth-accepts-any-token': { description: 'with a token configured, any bearer token is accepted' },
  'auth-error-not-scim': { description: 'a 401 has an OAuth-style JSON body instead of a SCIM Error' },
  'auth-no-www-authenticate': { description: 'a 401 has no WWW-Authenticate header' },
  'me-404': { description: 'GET /Me answers 404 instead of 501 Not Implemented' },
  'spc-requires-auth': { description: 'with a token configured, /ServiceProviderConfig needs it too' },
  'etag-version-mismatch': { description: 'meta.version is the ETag without its weak marker W/, so the two differ' },
  'etag-constant': { description: 'the version (ETag) of a resource never changes' },
  'if-match-ignored': { description: 'If-Match is ignored: a stale version does not stop a write' },
  'if-none-match-ignored': { description: 'If-None-Match is ignored: GET answers 200 with the body even for the current version' },
  'if-none-match-any-304': { description: 'a GET with If-None-Match answers 304 whatever version it names, a stale one too' },
  'etag-weak-lowercase': { description: 'ETags (header and meta.version) mark their weakness with a lower-case w/ instead of W/' },
  'meta-version-omitted': { description: 'resources have no meta.version, though the ETag header is sent' },
  'protocol-version-ignored': { description: 'a path naming another SCIM protocol version (/scim/v9/Users) is served as the v2 base path instead of being refused' },
  'responses-application-json': { description: 'responses are labelled application/json instead of application/scim+json' },
  'accept-json-406': { description: 'a request with Accept: application/json gets 406' },
  'unsupported-media-type-400': { description: 'a body of an unsupported media type gets 400 invalidSyntax instead of 415' },
  'scim-json-request-charset-required': { description: 'a body labelled application/scim+json without a charset parameter gets 415; only "application/scim+json; charset=utf-8" is taken' },
  'astral-characters-replaced': { description: 'a created resource keeps characters outside the Basic Multilingual Plane (an emoji) as U+FFFD, as a database storing three bytes a character at most' },
  'query-decoded-twice': { description: 'query parameters are percent-decoded twice, so an encoded plus sign (%2B) reads as a space' },
  'uniqueness-400': { description: 'a userName conflict gets 400 invalidValue instead of 409 uniqueness' },
  'uniqueness-no-scim-type': { description: 'a userName conflict gets 409 without a scimType' },
  'uniqueness-case-sensitive': { description: 'userName uniqueness compares case-sensitively' },
  'uniqueness-no-normalisation': { description: 'userName uniqueness compares without Unicode normalisation (NFC)' },
  'uniqueness-replace-unchecked': { description: "a PUT may take another User's userName" },
  'uniqueness-patch-unchecked': { description: "a PATCH may take another User's userName" },
  'uniqueness-advertised-unchecked': { description: 'attributes other than userName that the schemas mark unique (Group displayName) take duplicate values' },
  'payload-limit-not-enforced': { description: 'a request body larger than maxPayloadSize is processed instead of getting 413' },
  'payload-limit-exclusive': { description: 'a request body of exactly maxPayloadSize bytes gets 413, though the limit allows it' },
  'bulk-ignores-max-operations': { description: 'a bulk request with more operations than maxOperations is processed instead of getting 413' },
  'bulk-bulkid-unresolved': { description: 'bulk operations keep "bulkId:<id>" references as written instead of replacing them by the created id' },
  'bulk-in-request-order': { description: 'bulk operations run in request order, so a "bulkId:" reference to a later operation is unknown (409)' },
  'bulk-fail-on-errors-ignored': { description: 'bulk requests run every operation whatever their failOnErrors' },
  'bulk-response-status-number': { description: "bulk response operations' `status` is a JSON number instead of a string" },
  'unsupported-method-200': { description: 'a method an endpoint does not support is answered like a GET of it (200), as if it had been done' },
  'unsupported-method-400': { description: 'a method an endpoint does not support gets 400 invalidSyntax instead of 405' },
  'rate-limit-no-retry-after': { description: 'a 429 for a request over the rate limit has no Retry-After header' },
  'payload-413-not-scim': { description: 'the 413 for a body over maxPayloadSize is an HTML page, as a proxy would send, not a SCIM Error' },
  'patch-not-stored': { description: 'PATCH answers 200 with the patched resource but keeps the resource as it was' },
  'patch-not-atomic': { description: 'a PATCH whose operation fails keeps the changes of the operations before it' },
  'primary-not-cleared': { description: 'a PATCH that makes a value primary leaves the other primary value primary too' },
  'patch-no-target-ignored': { description: 'a PATCH replace through a value filter that matches nothing answers 200 and changes nothing' },
  'patch-add-replaces-values': { description: "a PATCH add to a User's multi-valued attribute that has values (emails, phoneNumbers) replaces them instead of adding to them" },
  'patch-invalid-path-ignored': { description: 'a PATCH operation whose path names no attribute is skipped instead of failing with 400 invalidPath' },
  'put-merges': { description: 'PUT adds the values it gives to multi-valued attributes instead of replacing them' },
  'put-rejects-read-only': { description: 'a PUT body that holds id or meta gets 400 mutability' },
  'put-merges-custom-types': { description: 'PUT to a resource type other than User merges the body into the resource: every value it has is kept, and only attributes it lacks are added' },
  'immutable-overwritten-on-put': { description: 'a PUT may change an immutable value (a Credential owner) instead of failing with 400 mutability' },
  'put-creates': { description: 'PUT to an id that does not exist creates a User and answers 201' },
  'password-returned': { description: 'responses with one resource include the password the client set' },
  'excluded-attributes-drop-always': { description: 'excludedAttributes=id removes id from the response' },
  'group-member-ref-wrong': { description: "a Group member's $ref points at the Groups endpoint instead of the member User" },
  'user-groups-value-display-name': { description: "a User's groups[].value holds the Group's displayName instead of its id" },
  'group-member-add-replaces': { description: "a PATCH add to a Group's members replaces the members instead of adding to them" },
  'group-member-remove-ignored': { description: 'a PATCH remove of members[value eq "…"] answers 200 and removes nothing' },
  'group-keeps-deleted-member': { description: 'a deleted User stays listed in the members of its groups' },
  'excluded-attributes-ignored': { description: 'excludedAttributes is ignored: every response returns the default attributes' },
  'attributes-ignored-on-list': { description: 'list responses ignore the attributes parameter and return the default attributes' },
  'attributes-ignored-on-write-responses': { description: 'the responses to POST, PUT and PATCH ignore attributes and excludedAttributes' },
  'sub-attribute-projection-ignored': { description: 'a sub-attribute in attributes or excludedAttributes (name.givenName) selects or drops its whole parent attribute' },
  'urn-attribute-names-rejected': { description: 'an attribute name qualified by its schema URN in attributes or excludedAttributes gets 400 invalidValue' },
  'returned-request-always': { description: 'attributes whose schema says returned "request" are returned by default, asked for or not' },
  'patch-read-only-ignored': { description: 'a PATCH operation that changes a readOnly attribute (id, groups) is skipped and the PATCH succeeds, instead of failing with 400 mutability' },
  'patch-remove-without-path-ignored': { description: 'a PATCH remove without a path is skipped and the PATCH succeeds, instead of failing with 400 noTarget' },
  'patch-schemas-optional': { description: 'a PATCH body without the PatchOp URN in `schemas` is applied' },
  'patch-empty-operations-accepted': { description: 'a PATCH body without `Operations`, or with an empty array, answers 200 and changes nothing' },
  'patch-unknown-op-ignored': { description: 'a PATCH operation whose op is not add, remove or replace is skipped and the PATCH succeeds' },
  'patch-add-without-value-ignored': { description: 'a PATCH add without a value is skipped and the PATCH succeeds' },
  'patch-path-less-value-ignored': { description: 'a PATCH add or replace without a path whose value is not an object is skipped and the PATCH succeeds' },
  'patch-invalid-filter-ignored': { description: 'a PATCH operation whose path holds a value filter that does not parse is skipped instead of failing with 400 invalidFilter' },
  'patch-path-case-sensitive': { description: 'attribute names in PATCH paths must be in the case the schema writes them (NAME.GIVENNAME gets 400 invalidPath)' },
  'patch-schemas-change-unseen': { description: "an extension attribute named without its URN in a PATCH path resolves only if the User had the extension before the PATCH: an earlier operation's addition of it is not seen" },
  'patch-replace-missing-ignored': { description: 'a PATCH replace of an attribute that has no value is skipped instead of adding it' },
  'patch-unchanged-touches': { description: 'a PATCH that changes nothing (adds a value already there) still advances meta.lastModified and the version' },
  'patch-replace-filter-first-only': { description: 'a PATCH replace of whole values through a value filter replaces only the first value that matches' },
  'patch-remove-filter-ignored': { description: "a PATCH remove through a value filter on a User's multi-valued attribute removes every value, not only those the filter selects" },
  'group-remove-unmatched-clears': { description: 'a PATCH remove of members[value eq "…"] that matches no member removes every member' },
  'patch-unsupported-400': { description: 'with PATCH left out (advertised unsupported), a PATCH answers 400 invalidSyntax instead of 501' },
  'password-patch-refused': { description: 'changePassword is advertised, but a PATCH that sets password answers 400 mutability' },
  'patch-extension-schemas-unchanged': { description: 'a PATCH that adds an extension attribute leaves the extension URN out of schemas' },
  'gateway-html-404': { description: 'a path no endpoint serves answers 404 with an HTML page, as a gateway in front of the SCIM service answers it' },
  'spc-filter-unadvertised': { description: '/ServiceProviderConfig advertises filter.supported false, although every endpoint serves filters' },
  'credentials-unimplemented': { description: '/ResourceTypes advertises the Credential type, but every request to /Credentials answers 404, as on a tenant that has not implemented it' },
  'create-schemas-optional': { description: 'a POST without `schemas` is created, read as a resource of the type\'s core schema' },
  'schemas-unknown-uris-ignored': { description: 'a POST or PUT whose `schemas` holds a URI the resource type does not have is taken, that URI dropped, instead of refused with 400' },
  'schemas-core-first-required': { description: 'a POST or PUT whose `schemas` does not begin with the core schema URN gets 400 invalidValue' },
  'schemas-member-first-required': { description: 'a POST whose body does not begin with the `schemas` member gets 400 invalidSyntax, as a parser reading it as a stream would' },
  'attribute-names-case-sensitive': { description: 'a POST or PUT naming a top-level attribute in another case than the schema (UserName) gets 400 invalidSyntax' },
  'external-id-invented': { description: 'a resource created without an externalId is given one by the server ("sp-<uuid>")' },
  'external-id-lower-cased': { description: 'an externalId written with capitals in a POST or PUT is stored lower-cased' },
  'external-id-unique': { description: 'a write giving a resource the externalId another resource of its type holds gets 409 uniqueness' },
  'read-only-sub-attributes-kept': { description: 'a readOnly sub-attribute written in a POST or PUT (the enterprise manager.displayName) is kept as written instead of ignored' },
  'string-scalars-accepted': { description: 'a POST or PUT may give a boolean, integer or decimal attribute a string ("active": "yes"), stored as sent' },
  'value-formats-unchecked': { description: 'a POST or PUT may give a dateTime, binary or reference attribute any string ("not-a-date"), stored as sent' },
  'binary-padding-dropped': { description: 'a binary value written in a POST or PUT (x509Certificates.value) is stored without its base64 padding ("=")' },
  'null-values-refused': { description: 'a POST or PUT that gives an attribute null, or a multi-valued attribute [], gets 400 invalidValue instead of leaving it unassigned' },
  'duplicate-values-kept': { description: 'a POST or PUT that gives a multi-valued attribute the same value twice keeps both' },
  'deleted-values-held': { description: 'the userName of a deleted User stays taken: a new User with it gets 409 uniqueness' },
  'immutable-unset-refused-on-put': { description: 'a PUT giving an immutable attribute that has no value yet (a Credential issuer) its first value gets 400 mutability' },
  'replace-required-unchecked': { description: 'a PUT without a required attribute (a User\'s userName) keeps the stored value instead of failing with 400' },
  'immutable-writable': { description: "a PATCH may change an immutable value (a Group member's value) instead of failing with 400 mutability" },
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

/**
 * A QuirkSet that also notes every quirk the server asks about, running or not. A quirk never asked about
 * while answering some requests cannot have changed their answers: the quirk matrix uses this to run each
 * quirk against only the suites whose requests reach it.
 */
export class TracedQuirkSet extends QuirkSet {
  constructor(
    names: Iterable<QuirkName>,
    private readonly consulted: Set<QuirkName>,
  ) {
    super(names);
  }

  override has(name: QuirkName): boolean {
    this.consulted.add(name);
    return super.has(name);
  }
}
