import { defineSuiteChecks } from './define.js';

// Each check writes: it creates the Users whose userNames it then tries to duplicate.
export const UNIQUENESS_CHECKS = defineSuiteChecks('uniqueness', [
  {
    id: 'uniqueness.create-duplicate-409',
    title: 'Creating a User with a userName already taken answers 409 with scimType uniqueness',
    area: 'uniqueness', level: 'MUST', requirements: ['P-3.3-8'],
    provenBy: ['uniqueness-400', 'uniqueness-no-scim-type', 'errors-html'], readOnly: false,
  },
  {
    id: 'uniqueness.case-variant-409',
    title: 'A userName differing from a taken one only in case collides with it (409)',
    area: 'uniqueness', level: 'MUST', requirements: ['C-4.1.1-4', 'P-3.3-8'],
    provenBy: ['uniqueness-case-sensitive', 'uniqueness-400'], readOnly: false,
  },
  {
    id: 'uniqueness.normalisation-variant-409',
    title: 'A userName differing from a taken one only in Unicode normalisation (NFD vs NFC) collides with it (409)',
    area: 'uniqueness', level: 'MUST', requirements: ['P-5-1', 'P-3.3-8'],
    provenBy: ['uniqueness-no-normalisation', 'uniqueness-400'], readOnly: false,
  },
  {
    id: 'uniqueness.replace-duplicate-409',
    title: "Replacing a User with another User's userName answers 409 with scimType uniqueness",
    area: 'uniqueness', level: 'MUST', requirements: ['P-3.12-10'],
    provenBy: ['uniqueness-replace-unchecked', 'uniqueness-400', 'uniqueness-no-scim-type', 'errors-html'], readOnly: false,
  },
  {
    id: 'uniqueness.patch-duplicate-409',
    title: "Patching a User's userName to another User's answers 409 with scimType uniqueness",
    area: 'uniqueness', level: 'MUST', requirements: ['P-3.12-11'],
    provenBy: ['uniqueness-patch-unchecked', 'uniqueness-400', 'uniqueness-no-scim-type', 'errors-html'], readOnly: false,
  },
  {
    id: 'uniqueness.advertised-attributes-409',
    title: 'Creating a User or Group with the value of another attribute its schemas mark unique (uniqueness server or global), already taken, answers 409 with scimType uniqueness',
    area: 'uniqueness', level: 'SHOULD', requirements: ['C-7-16'],
    provenBy: ['uniqueness-advertised-unchecked', 'uniqueness-400', 'uniqueness-no-scim-type', 'errors-html'], readOnly: false,
  },
  // RFC 7643 §3.1 states that the server does not enforce externalId uniqueness, without a keyword: advice.
  {
    id: 'uniqueness.external-id-not-unique',
    title: 'Two resources of one type may hold the same externalId: the second create answers 201, not 409',
    area: 'uniqueness', level: 'SHOULD', requirements: ['C-3.1-10'], provenBy: ['external-id-unique'], readOnly: false,
  },
]);
