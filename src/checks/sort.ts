import { defineSuiteChecks } from './define.js';

export const SORT_CHECKS = defineSuiteChecks('sort', [
  {
    id: 'sort.sort-by-honoured',
    title: 'sortBy changes the order: lists sorted by two attributes whose orders differ do not both come in the order the target keeps without sortBy',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-1', 'P-3.4.2-3'],
    provenBy: ['sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.case-insensitive-strings',
    title: 'sortBy=userName (not caseExact) orders the results by userName compared case-insensitively',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-1', 'P-3.4.2.3-7', 'P-3.4.2-3'],
    provenBy: ['sort-case-sensitive', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.case-exact-strings',
    title: 'sortBy=externalId (caseExact) orders the results by code point, case included',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-1', 'P-3.4.2.3-8', 'P-3.4.2-3'],
    provenBy: ['sort-case-exact-folded', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.ascending-by-default',
    title: 'sortBy on a sub-attribute (name.familyName) without sortOrder sorts ascending',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-1', 'P-3.4.2.3-2', 'P-3.4.2.3-4', 'P-3.4.2-3'],
    provenBy: ['sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.descending',
    title: 'sortOrder=descending reverses the order',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-3', 'P-3.4.2.3-4', 'P-3.4.2-3'],
    provenBy: ['sort-order-ignored', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.missing-values',
    title: 'Resources without a value for sortBy come last when ascending and first when descending',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-6', 'P-3.4.2-3'],
    provenBy: ['sort-missing-first', 'sort-order-ignored', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.multi-valued-primary',
    title: 'sortBy on a multi-valued attribute (emails.value) orders by the primary value, else the first',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-5', 'P-3.4.2-3'],
    provenBy: ['sort-ignores-primary', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.date-time',
    title: 'sortBy=meta.created with sortOrder=descending orders the results newest first',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-1', 'P-3.4.2.3-3', 'P-3.4.2-3'],
    provenBy: ['sort-order-ignored', 'sort-ignored', 'list-omits-resources'],
    readOnly: false,
  },
  {
    id: 'sort.paged-walk',
    title: 'With sortBy, the pages of a walk concatenate into one sorted list of every result',
    area: 'sort', level: 'MUST', requirements: ['P-3.4.2.3-9', 'P-3.4.2.4-9', 'P-3.4.2-3'],
    provenBy: ['sort-per-page', 'sort-ignored', 'paging-zero-based-start-index', 'list-omits-resources'],
    readOnly: false,
  },
]);
