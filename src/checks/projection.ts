import { defineSuiteChecks } from './define.js';

export const PROJECTION_CHECKS = defineSuiteChecks('projection', [
  {
    id: 'projection.read',
    title: 'GET of a User honours attributes (one name or a comma-separated list) and excludedAttributes, and keeps id',
    area: 'projection', level: 'MUST', requirements: ['P-3.4.2.5-1', 'P-3.4.2.5-2', 'P-3.9-1', 'P-3.9-2', 'P-3.9-6', 'C-7-12'],
    provenBy: ['excluded-attributes-ignored'], readOnly: false,
  },
  {
    id: 'projection.list',
    title: 'A list of Users honours attributes and excludedAttributes in every resource it returns',
    area: 'projection', level: 'MUST', requirements: ['P-3.4.2.5-1', 'P-3.4.2.5-2', 'P-3.9-1', 'P-3.9-2', 'P-3.4.2-3'],
    provenBy: ['attributes-ignored-on-list', 'excluded-attributes-ignored', 'list-omits-resources'], readOnly: false,
  },
  {
    id: 'projection.write-responses',
    title: 'The responses to POST, PUT and PATCH honour attributes and excludedAttributes; a PATCH asked for attributes answers 200 with them',
    area: 'projection', level: 'MUST', requirements: ['P-3.9-4', 'P-3.5.2-17'],
    provenBy: ['attributes-ignored-on-write-responses', 'excluded-attributes-ignored'], readOnly: false,
    causedBy: ['create.status-201'],
  },
  {
    id: 'projection.sub-attributes',
    title: 'attributes and excludedAttributes name sub-attributes (name.givenName, emails.value) and select or drop only those',
    area: 'projection', level: 'MUST', requirements: ['P-3.9-3'],
    provenBy: ['sub-attribute-projection-ignored', 'excluded-attributes-ignored'], readOnly: false,
  },
  {
    id: 'projection.urn-qualified-names',
    title: 'attributes takes names qualified by their schema URN, core and extension alike',
    area: 'projection', level: 'MUST', requirements: ['P-3.9-5'], provenBy: ['urn-attribute-names-rejected'], readOnly: false,
  },
  {
    id: 'projection.returned-request',
    title: 'An attribute the schema marks returned:request comes back from the create that set it and from a GET that names it, and from no other GET or list',
    area: 'projection', level: 'MUST', requirements: ['C-7-13', 'P-3.4-1', 'P-3.4.2-3'],
    provenBy: ['returned-request-always', 'urn-attribute-names-rejected', 'list-omits-resources'], readOnly: false,
  },
]);
