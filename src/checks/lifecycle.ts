import { defineSuiteChecks } from './define.js';

export const LIFECYCLE_CHECKS = defineSuiteChecks('lifecycle', [
  {
    id: 'create.status-201',
    title: 'Creating a resource of each advertised type answers 201',
    area: 'create', level: 'MUST', requirements: ['P-3.3-1'], provenBy: ['create-200'], readOnly: false,
  },
  {
    id: 'create.server-assigned',
    title: 'A created resource of each type comes back with an id and meta assigned by the server',
    area: 'create', level: 'MUST', requirements: ['C-3.1-1', 'P-3.3-2'], provenBy: ['create-omits-meta'],
    readOnly: false,
  },
  {
    id: 'create.location',
    title: 'The create response carries a Location header equal to meta.location',
    area: 'create', level: 'MUST', requirements: ['P-3.3-3', 'P-3.3-4'],
    provenBy: ['create-omits-location', 'create-omits-meta'], readOnly: false,
  },
  {
    id: 'create.meta-resource-type',
    title: "meta.resourceType of a created resource is its ResourceType's name, for each type",
    area: 'create', level: 'MUST', requirements: ['P-3.3.1-1', 'C-6-8'],
    provenBy: ['meta-resource-type-wrong', 'create-omits-meta'], readOnly: false,
  },
  {
    id: 'create.last-modified-equals-created',
    title: 'A resource never modified has meta.lastModified equal to meta.created, for each type',
    area: 'create', level: 'MUST', requirements: ['C-3.1-3'],
    provenBy: ['last-modified-after-created', 'create-omits-meta'], readOnly: false,
  },
  {
    id: 'create.read-only-ignored',
    title: 'A POST that carries id and meta.created of its own, for every advertised type, creates the resource with a server-assigned id and creation time',
    area: 'create', level: 'MUST', requirements: ['P-3.3-5', 'C-3.1-1'], provenBy: ['create-keeps-client-id'], readOnly: false,
    // A target that refuses the plain create refuses this one for the same reason.
    causedBy: ['create.status-201'],
  },
  {
    id: 'create.required-missing-400',
    title: "A POST without a required attribute of its type's schema (a User's userName, a Group's displayName) answers 400",
    area: 'create', level: 'MUST', requirements: ['C-4.1.1-1', 'C-4.2-1'], provenBy: ['create-required-unchecked'], readOnly: false,
  },
  {
    id: 'create.schemas-required',
    title: 'A POST without `schemas`, for every advertised type, is refused with 400',
    area: 'create', level: 'SHOULD', requirements: ['C-3-1'], provenBy: ['create-schemas-optional'], readOnly: false,
  },
  {
    id: 'create.schemas-unknown-uri-400',
    title: "A POST whose `schemas` holds a URI that is neither the type's schema nor one of its extensions, for every advertised type, is refused with 400",
    area: 'create', level: 'SHOULD', requirements: ['C-3-2'], provenBy: ['schemas-unknown-uris-ignored'], readOnly: false,
  },
  {
    id: 'create.schemas-any-order',
    title: '`schemas` listing an extension before the core schema creates the same resource as the core schema first, for every type with an extension',
    area: 'create', level: 'MUST', requirements: ['C-3-3'], provenBy: ['schemas-core-first-required'], readOnly: false,
  },
  {
    id: 'create.external-id-not-invented',
    title: 'A resource created without an externalId has none, in the create response and a later GET, for every advertised type',
    area: 'create', level: 'MUST', requirements: ['C-3.1-2'], provenBy: ['external-id-invented'], readOnly: false,
  },
  {
    id: 'create.manager-display-name-read-only',
    title: "A User's enterprise manager.displayName written in a POST or a PUT is not stored: it is ignored or the write refused",
    area: 'create', level: 'MUST', requirements: ['C-4.3-1'], provenBy: ['read-only-sub-attributes-kept'], readOnly: false,
  },
  {
    id: 'read.by-id',
    title: 'GET of a created resource answers 200 with the same id and naming attribute (userName, displayName), for each type',
    area: 'read', level: 'MUST', requirements: ['P-3.4.1-1', 'P-3.1-2'], provenBy: ['read-omits-username'],
    readOnly: false,
  },
  {
    id: 'delete.status-204',
    title: 'Deleting a resource of each type answers 204',
    area: 'delete', level: 'MUST', requirements: ['P-3.6-1'], provenBy: ['delete-200'], readOnly: false,
  },
  {
    id: 'delete.gone',
    title: 'A deleted resource of each type answers 404 to GET',
    area: 'delete', level: 'MUST', requirements: ['P-3.6-2'], provenBy: ['delete-not-effective', 'unknown-id-500'],
    readOnly: false,
  },
  {
    id: 'delete.gone-everywhere',
    title: 'A deleted resource of each type answers 404 to PUT, PATCH and a second DELETE',
    area: 'delete', level: 'MUST', requirements: ['P-3.6-3', 'P-3.6-6', 'P-3.5.2-19'], provenBy: ['delete-not-effective', 'unknown-id-500', 'put-creates'],
    readOnly: false,
  },
  {
    id: 'delete.gone-from-lists',
    title: 'A deleted resource of each type is left out of a filtered list',
    area: 'delete', level: 'MUST', requirements: ['P-3.6-4'], provenBy: ['delete-not-effective', 'no-match-404'], readOnly: false,
  },
  {
    id: 'delete.unique-values-released',
    title: 'A resource of each type created again with the unique values of one just deleted is created: the deleted one holds none of them',
    area: 'delete', level: 'SHOULD', requirements: ['P-3.6-5'], provenBy: ['deleted-values-held', 'put-creates'], readOnly: false,
  },
  // Computed by the runner from every exchange of the run (src/results/resource-audit.ts), not by the suite.
  {
    id: 'schema.every-resource-body',
    title: 'Every resource the run received has a non-empty id without "bulkId", well-formed schemas that /Schemas serves, dateTimes with date and time, at most one primary value, and extension attributes under their URN',
    area: 'schema', level: 'MUST', requirements: ['C-3-4', 'C-3.1-4', 'C-3.1-7', 'C-3.1-8', 'C-2.3.5-1', 'C-2.4-1', 'C-3.3-1', 'C-7-1'],
    provenBy: ['user-schemas-unserved-extension', 'resource-schemas-duplicated', 'patch-extension-schemas-unchanged', 'id-holds-bulkid', 'last-modified-without-time', 'enterprise-attributes-top-level', 'primary-not-cleared',
      'excluded-attributes-drop-always', 'value-formats-unchecked'],
  },
  {
    id: 'read.ids-unique-and-stable',
    title: 'No two resources the run created, of one type or two, share an id, and every resource read, replaced or patched by its id answers that id',
    area: 'read', level: 'MUST', requirements: ['C-3.1-6', 'C-3.1-5'], provenBy: ['ids-sequential-per-type', 'put-creates'],
  },
  {
    id: 'schema.every-resource-location',
    title: "Every resource the run received gives a meta.location under the base URL, and every create a Location under it: the resource's URI, which a client can GET",
    area: 'schema', level: 'MUST', requirements: ['C-2.3.7-1', 'P-3.3-3'], provenBy: ['location-internal-host'],
  },
]);
