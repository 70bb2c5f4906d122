import { defineSuiteChecks } from './define.js';

export const DISCOVERY_CHECKS = defineSuiteChecks('discovery', [
  {
    id: 'discovery.spc-schema',
    title: '/ServiceProviderConfig answers one object identified by the ServiceProviderConfig schema',
    area: 'discovery', level: 'MUST', requirements: ['P-4-1'], provenBy: ['spc-wrong-schemas'],
  },
  {
    id: 'discovery.spc-members',
    title: '/ServiceProviderConfig holds every required member with the right JSON type',
    area: 'discovery', level: 'MUST',
    requirements: ['C-5-1', 'C-5-2', 'C-5-3', 'C-5-4', 'C-5-5', 'C-5-6', 'C-5-7', 'C-2.3.2-1', 'C-2.3.4-1'],
    provenBy: ['spc-missing-etag'],
  },
  {
    id: 'discovery.schemas-list',
    title: '/Schemas answers a ListResponse of Schema resources, each with a URI id',
    area: 'discovery', level: 'MUST', requirements: ['P-4-2', 'C-7-2'], provenBy: ['schemas-plain-array'],
  },
  {
    id: 'discovery.schemas-no-api-messages',
    title: '/Schemas does not list the protocol message schemas',
    area: 'discovery', level: 'MUST', requirements: ['P-3.1-1'], provenBy: ['schemas-lists-api-messages'],
  },
  {
    id: 'discovery.schema-by-id',
    title: 'Every schema is retrievable at /Schemas/{id} as a single resource',
    area: 'discovery', level: 'MUST', requirements: ['P-4-3'], provenBy: ['schema-by-id-404'],
  },
  {
    id: 'discovery.schema-attributes',
    title: 'Every attribute definition has a name, a known type, multiValued and valid characteristics',
    area: 'discovery', level: 'MUST', requirements: ['C-7-4', 'C-7-5', 'C-7-7', 'C-7-8', 'C-2.1-1'],
    provenBy: ['schema-attribute-missing-type'],
  },
  {
    id: 'discovery.complex-sub-attributes',
    title: 'Every complex attribute a schema defines lists its sub-attributes',
    area: 'discovery', level: 'SHOULD', requirements: ['C-7-6'], provenBy: ['schema-complex-without-sub-attributes'],
  },
  {
    id: 'discovery.core-schema-characteristics',
    title: 'The advertised User and Group schemas keep the characteristics RFC 7643 fixes in prose: id caseExact, readOnly and always returned; externalId caseExact; userName required, case-insensitive and unique; password writeOnly and never returned; groups readOnly; Group displayName required and members\' sub-attributes immutable',
    area: 'discovery', level: 'MUST', requirements: ['C-8.7-1'], provenBy: ['schema-group-members-mutable'],
  },
  {
    id: 'discovery.resource-types-list',
    title: '/ResourceTypes answers a ListResponse of ResourceType resources with name, endpoint and schema',
    area: 'discovery', level: 'MUST', requirements: ['P-4-4', 'C-6-1', 'C-6-3', 'C-6-6'],
    provenBy: ['resource-types-missing-schemas'],
  },
  {
    id: 'discovery.resource-type-endpoint-relative',
    title: "Every resource type's endpoint is relative to the base URL (\"/Users\"): neither an absolute URL nor a path that repeats the base URL's",
    area: 'discovery', level: 'MUST', requirements: ['C-6-3'], provenBy: ['endpoint-with-base-path'],
  },
  {
    id: 'discovery.resource-type-by-name',
    title: 'Every resource type is retrievable at /ResourceTypes/{name} as a single resource',
    area: 'discovery', level: 'MUST', requirements: ['P-4-5'],
    provenBy: ['resource-type-by-name-wrapped'],
  },
  {
    id: 'discovery.resource-type-schemas-resolve',
    title: "Every resource type's schema and schema extensions are served by /Schemas",
    area: 'discovery', level: 'MUST', requirements: ['C-6-4', 'C-6-5'],
    provenBy: ['resource-type-dangling-extension', 'user-schemas-unserved-extension', 'schema-by-id-404'],
  },
  {
    id: 'discovery.resource-types-served',
    title: "Every advertised resource type's endpoint is served: a list request answers 200 (or 400 tooMany, or 403), not 404, 405 or 501",
    area: 'discovery', level: 'MUST', requirements: ['P-3.2-2'], provenBy: ['credentials-unimplemented'],
  },
  {
    id: 'discovery.spc-filter-matches',
    title: '/ServiceProviderConfig filter.supported says what the service does: a userName eq filter is served when it is true, declined when it is false',
    area: 'discovery', level: 'SHOULD', requirements: ['C-5-3'], provenBy: ['spc-filter-unadvertised'],
  },
  {
    id: 'discovery.query-parameters-ignored',
    title: '/Schemas and /ResourceTypes ignore paging and sorting parameters',
    area: 'discovery', level: 'MUST', requirements: ['P-4-6'], provenBy: ['discovery-honours-paging'],
  },
  {
    id: 'discovery.filter-forbidden',
    title: 'A filter on /Schemas or /ResourceTypes answers 403, so no client takes its conditions as met',
    area: 'discovery', level: 'SHOULD', requirements: ['P-4-7'], provenBy: ['discovery-filter-ignored'],
  },
]);
